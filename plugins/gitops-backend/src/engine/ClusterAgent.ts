import {
  ApplicationEnvironment,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import type { GitOpsApplication } from '../applications';
import type { AppliedObject } from '../kubernetes';

/** One application in one environment, as an agent addresses it. */
export interface AgentTarget {
  cluster: string;
  /** The application's entity ref. */
  application: string;
  environment: string;
  /** Where namespaced objects without a namespace go. */
  namespace?: string;
}

/** How an agent addresses an application's environment. */
export function agentTargetOf(
  application: GitOpsApplication,
  environment: ApplicationEnvironment,
): AgentTarget {
  return {
    cluster: environment.cluster,
    application: application.entityRef,
    environment: environment.name,
    namespace: environment.namespace,
  };
}

/** What a sync did to the cluster. */
export interface AgentSyncResult {
  /** `reason` is the kind of a failure, see {@link AppliedObject.reason}. */
  applied: Array<{
    id: string;
    action: string;
    error?: string;
    reason?: string;
  }>;
  pruned: Array<{ id: string; action: string; reason?: string }>;
  /** The first failures, in words; empty when everything went through. */
  errors: string[];
  /**
   * The application's live objects as the sync left them, when the agent
   * knows them without asking the cluster again (never for a dry run).
   */
  after?: KubernetesObject[];
}

/** Options of {@link ClusterAgent.sync}. */
export interface AgentSyncOptions {
  prune: boolean;
  dryRun?: boolean;
  force?: boolean;
  /**
   * The live objects of the application as {@link ClusterAgent.observe}
   * just gave them. The agent may rely on them instead of reading the
   * cluster: for each object's state before it is applied, and for what a
   * prune removes. Without them it asks the cluster for everything.
   */
  live?: readonly KubernetesObject[];
}

/**
 * The engine's apply-and-observe step. The built-in agent applies with
 * server-side apply and watches the cluster itself; an environment whose
 * cluster runs Argo CD or Flux can be served by an agent that reads their
 * status and asks them to sync instead, while Slipway keeps writing Git.
 */
export interface ClusterAgent {
  /**
   * Starts observing what the desired objects need, e.g. watches per kind,
   * and the kinds the environment held before (`{ group, kind }`), so that
   * objects of a kind Git no longer declares are still seen and pruned.
   */
  prepare(
    target: AgentTarget,
    desired: readonly KubernetesObject[],
    previousKinds?: ReadonlyArray<{ group: string; kind: string }>,
  ): Promise<void>;
  /**
   * The live objects of the application in the environment. `fresh` asks
   * the cluster itself rather than what a watch last reported, e.g. right
   * after a sync, before the watch has seen what it applied.
   */
  observe(
    target: AgentTarget,
    options?: { fresh?: boolean },
  ): Promise<KubernetesObject[]>;
  sync(
    target: AgentTarget,
    desired: readonly KubernetesObject[],
    options: AgentSyncOptions,
  ): Promise<AgentSyncResult>;
}
