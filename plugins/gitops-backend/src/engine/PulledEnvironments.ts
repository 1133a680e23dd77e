import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Operation } from '@slipway/plugin-gitops-common';
import {
  ApplicationEnvironment,
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import {
  EnvironmentObservation,
  StoredEngineState,
} from '../database/StatusStore';
import { apiGroupOf } from '../health/apiGroupOf';
import { identityOf } from '../diff';
import { OperationRunner } from '../operations/OperationRunner';
import { EngineState } from '../pull/EngineState';
import { PullEngines, LiveObjectRef } from '../pull/PullEngines';
import { pulledComparison } from '../pull/pulledComparison';
import { PullTarget } from '../pull/PullEngine';
import { compareEnvironment } from './compareEnvironment';
import type { ReconcileTrigger } from './ReconcileTrigger';

/** What the engine hands over to read and store a pulled environment. */
export interface PulledEnvironmentsHost {
  /** The tracked branch's head, from a pass or asked of Git. */
  headOf(application: GitOpsApplication, known?: string): Promise<string>;
  /** Git's objects at a revision, rendered (cached). */
  render(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    revision: string,
  ): Promise<{
    rendered: KubernetesObject[];
    version?: string;
    image?: string;
  }>;
  previous(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
  ): Promise<EnvironmentObservation | undefined>;
  save(
    observation: EnvironmentObservation,
    previous: EnvironmentObservation | undefined,
  ): Promise<void>;
  recordFailure(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    error: unknown,
  ): Promise<void>;
  now(): Date;
}

/** Options of {@link PulledEnvironments}. */
export interface PulledEnvironmentsOptions {
  pull?: PullEngines;
  runner: OperationRunner;
  healthChecks: readonly ResourceHealthCheck[];
  logger: LoggerService;
  host: PulledEnvironmentsHost;
  onOperation?: (operation: Operation) => void;
}

// Triggers after which the engine should look at Git at once, as after a
// Git webhook: a commit Slipway wrote, a push, a person asking.
const REFRESHING_TRIGGERS: ReconcileTrigger[] = ['change', 'webhook', 'manual'];

/**
 * The environments Argo CD or Flux applies. Slipway renders Git as for its
 * own environments (for the version and, with Flux, to see drift), reads
 * the engine's object for everything else, and stores it all in the same
 * shape, so the tab cannot tell the engines apart but by a label. It never
 * applies to these clusters: sync, refresh, terminate, suspend and resume
 * are asked of the engine's object.
 */
export class PulledEnvironments {
  constructor(private readonly options: PulledEnvironmentsOptions) {}

  async reconcile(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    trigger: ReconcileTrigger,
    knownRevision: string | undefined,
  ): Promise<'ok' | 'failed'> {
    const { host } = this.options;
    try {
      const target = { application, environment };
      const engine = this.pull.engineOf(target);
      const head = await host.headOf(application, knownRevision);
      // Git that does not render is worth saying, not a reason to hide what
      // the engine reports (it will fail to render it too).
      let desired: Awaited<ReturnType<PulledEnvironmentsHost['render']>> = {
        rendered: [],
        image: application.image,
      };
      let renderProblem: string | undefined;
      try {
        desired = await host.render(application, environment, head);
      } catch (error) {
        renderProblem = error instanceof Error ? error.message : String(error);
      }
      if (REFRESHING_TRIGGERS.includes(trigger)) {
        // Best effort: without an object there is nothing to refresh, and
        // the observation below says so.
        await engine
          .refresh(target)
          .catch(error =>
            this.options.logger.debug(
              `Could not ask ${environment.engine.name} to refresh ${application.entityRef} in ${environment.name}: ${error}`,
            ),
          );
      }
      const observed = await engine.observe(target);
      const previous = await host.previous(application, environment);
      const base = {
        entityRef: application.entityRef,
        environment: environment.name,
        revision: head,
        version: desired.version,
        image: desired.image,
        refreshedAt: host.now(),
      };
      if (!observed.state) {
        await host.save(
          {
            ...base,
            syncStatus: 'Unknown',
            health: 'Unknown',
            message: joinMessages(observed.message, renderProblem),
            driftCount: 0,
            resources: [],
            engine: {},
          },
          previous,
        );
        return 'ok';
      }
      const state = observed.state;
      const live =
        environment.engine.type === 'flux' && !renderProblem
          ? await this.compareLive(target, desired, observed.inventory ?? [])
          : undefined;
      const comparison = pulledComparison({
        engine: environment.engine.type,
        head,
        state,
        live,
        image: desired.image,
      });
      await host.save(
        {
          ...base,
          ...comparison,
          message: joinMessages(comparison.message, renderProblem),
          lastSyncedRevision: state.appliedRevision,
          engine: storedEngineState(state),
        },
        previous,
      );
      return 'ok';
    } catch (error) {
      await host.recordFailure(application, environment, error);
      return 'failed';
    }
  }

  /**
   * A sync asked for through the API: recorded as an operation that lasts
   * until Argo CD or Flux has finished, with their outcome.
   */
  async syncNow(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    options: { prune: boolean; dryRun?: boolean },
    actor: string,
  ): Promise<{ operation?: Operation }> {
    const target = { application, environment };
    const engine = this.pull.engineOf(target);
    if (options.dryRun) {
      // A dry run needs Slipway's own apply; Argo CD and Flux offer none.
      throw new InputError(
        `A sync dry run is not available for environments ${environment.engine.name} applies; the environment's diff shows what differs`,
      );
    }
    const head = await this.options.host.headOf(application);
    const desired = await this.options.host.render(
      application,
      environment,
      head,
    );
    const operation = await this.options.runner.run(
      {
        entityRef: application.entityRef,
        environment: environment.name,
        kind: 'sync',
        actor,
        toVersion: desired.version,
      },
      async () => {
        const result = await engine.sync(target, {
          prune: options.prune,
          actor,
        });
        return { revision: result.revision ?? head, message: result.message };
      },
    );
    this.options.onOperation?.(operation);
    // Not 'manual': the engine was just asked and answered; another refresh
    // would make it reconcile a second time.
    await this.reconcile(application, environment, 'watch', head);
    return { operation };
  }

  async terminate(target: PullTarget): Promise<void> {
    await this.pull.engineOf(target).terminate(target);
  }

  async setSuspended(target: PullTarget, suspended: boolean): Promise<void> {
    await this.pull.engineOf(target).setSuspended(target, suspended);
  }

  private get pull(): PullEngines {
    if (!this.options.pull) {
      throw new Error(
        'This backend runs no Argo CD or Flux engine; the environment cannot be observed',
      );
    }
    return this.options.pull;
  }

  /**
   * Flux reports what it applied, not whether it still is: the inventory's
   * objects and Git's are read live (GETs only) and compared with Git.
   */
  private async compareLive(
    target: PullTarget,
    desired: { rendered: KubernetesObject[]; image?: string },
    inventory: ReadonlyArray<{
      namespace?: string;
      name: string;
      group: string;
      kind: string;
      version: string;
    }>,
  ) {
    const { environment, application } = target;
    const defaultNamespace = environment.namespace ?? 'default';
    const refs = new Map<string, LiveObjectRef>();
    for (const entry of inventory) {
      const ref = {
        apiVersion: entry.group
          ? `${entry.group}/${entry.version}`
          : entry.version,
        kind: entry.kind,
        namespace: entry.namespace,
        name: entry.name,
      };
      refs.set(refKey(ref), ref);
    }
    for (const object of desired.rendered) {
      const identity = identityOf(object, defaultNamespace);
      const ref = {
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace: identity.namespace,
        name: identity.name,
      };
      refs.set(refKey(ref), ref);
    }
    const live = await this.pull.readLive(environment.cluster, [
      ...refs.values(),
    ]);
    return compareEnvironment(desired.rendered, live, {
      target: {
        application: application.entityRef,
        environment: environment.name,
      },
      defaultNamespace,
      image: desired.image,
      healthChecks: this.options.healthChecks,
      // Only Git's objects and the inventory's were read: what Git no
      // longer declares is in the inventory, which Flux prunes.
      isTracked: () => true,
    });
  }
}

function storedEngineState(state: EngineState): StoredEngineState {
  return {
    object: state.object,
    ...(state.suspended ? { suspended: true } : {}),
    ...(state.operation ? { operation: state.operation } : {}),
    automated: state.automated,
  };
}

function refKey(ref: LiveObjectRef): string {
  return `${apiGroupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ''}/${
    ref.name
  }`;
}

function joinMessages(...messages: Array<string | undefined>) {
  const present = messages.filter(Boolean);
  return present.length > 0 ? present.join('; ') : undefined;
}
