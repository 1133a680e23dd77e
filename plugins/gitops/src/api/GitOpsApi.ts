import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ApplicationStatus,
  EnvironmentDiff,
  HistoryEntry,
  Operation,
  Page,
} from '@slipway/plugin-gitops-common';

/**
 * Set a version in one environment's overlay.
 *
 * @public
 */
export interface DeployRequest {
  environment: string;
  version: string;
  /**
   * The version the caller saw; the backend refuses with a conflict when the
   * environment runs something else by now.
   */
  expectedVersion?: string;
  /** Only compute what would change. */
  dryRun?: boolean;
}

/**
 * Copy the source environment's version into the next environment.
 *
 * @public
 */
export interface PromoteRequest {
  from: string;
  to: string;
  /** Only compute what would change. */
  dryRun?: boolean;
}

/**
 * Restore an environment's overlay as it was at an earlier revision.
 *
 * @public
 */
export interface RollbackRequest {
  environment: string;
  revision: string;
  /** Only compute what would change. */
  dryRun?: boolean;
}

/**
 * Apply an environment's desired state to its cluster now.
 *
 * @public
 */
export interface SyncRequest {
  environment: string;
  /**
   * Delete live resources Git no longer declares; absent means the
   * environment's configured default.
   */
  prune?: boolean;
  /** Only compute what the cluster would do. */
  dryRun?: boolean;
  /** Take over fields another field manager owns. */
  force?: boolean;
}

/**
 * Names the environment whose Argo CD or Flux object a terminate, suspend or
 * resume acts on.
 *
 * @public
 */
export interface EngineControlRequest {
  /** The environment's name, e.g. `dev`. */
  environment: string;
}

/**
 * What a sync did, or with `dryRun` would do, to one resource.
 *
 * @public
 */
export interface SyncedResource {
  /** E.g. `apps/Deployment payments/api`. */
  id: string;
  /**
   * For applied resources `created`, `configured`, `unchanged`, `failed` or
   * `skipped`; for pruned ones `deleted`, `skipped` or `failed`.
   */
  action: string;
  /** Why applying failed or was skipped. */
  error?: string;
  /** Why pruning failed or was skipped. */
  reason?: string;
}

/**
 * What the cluster would do in a sync, as a server-side dry run found.
 *
 * @public
 */
export interface SyncDryRun {
  /** Each resource Git declares, and what applying it would do. */
  applied: SyncedResource[];
  /** Empty unless the sync prunes. */
  pruned: SyncedResource[];
  /** The first failures, in words; empty when everything would go through. */
  errors: string[];
}

/**
 * The answer to a sync: the recorded operation, or with `dryRun: true` what
 * the cluster would do.
 *
 * @public
 */
export type SyncResult = { operation: Operation } | { dryRun: SyncDryRun };

/**
 * One file a change touches.
 *
 * @public
 */
export interface ChangedFile {
  path: string;
  change: 'added' | 'modified' | 'deleted' | 'type-changed';
}

/**
 * What a change does to the config repository.
 *
 * @public
 */
export interface ConfigDiff {
  files: ChangedFile[];
  /** Unified diff, as `git diff` prints it. */
  patch: string;
}

/**
 * What a dry run found: the version change and the overlay diff.
 *
 * @public
 */
export interface DryRun {
  environment: string;
  fromVersion?: string;
  toVersion?: string;
  /** Absent when the change would leave the overlay as it is. */
  diff?: ConfigDiff;
}

/**
 * The answer to a deploy, promote or rollback: the recorded operation, or
 * with `dryRun: true` what it would change.
 *
 * @public
 */
export type DeliveryResult = { operation: Operation } | { dryRun: DryRun };

/**
 * Which page of a list to read.
 *
 * @public
 */
export interface ListOptions {
  /** Only this environment. */
  environment?: string;
  /** Page size (backend default 20, at most 100). */
  limit?: number;
  /** The `nextOffset` of the previous page. */
  offset?: number;
}

/**
 * The browser's view of the Slipway backend.
 *
 * @public
 */
export interface GitOpsApi {
  /** Every environment of an application, as the engine last stored it. */
  getApplicationStatus(entity: CompoundEntityRef): Promise<ApplicationStatus>;

  /** Set a version in an environment (or, with `dryRun`, show the diff). */
  deploy(
    entity: CompoundEntityRef,
    request: DeployRequest,
  ): Promise<DeliveryResult>;

  /** Move the source's version one step along the pipeline. */
  promote(
    entity: CompoundEntityRef,
    request: PromoteRequest,
  ): Promise<DeliveryResult>;

  /** Restore an environment to an earlier revision, as a new commit. */
  rollback(
    entity: CompoundEntityRef,
    request: RollbackRequest,
  ): Promise<DeliveryResult>;

  /** Apply an environment's desired state now (or, with `dryRun`, preview it). */
  sync(entity: CompoundEntityRef, request: SyncRequest): Promise<SyncResult>;

  /**
   * Stop the sync operation Argo CD is running for an environment; refused
   * (409) when its engine is not Argo CD or no operation runs.
   */
  terminate(
    entity: CompoundEntityRef,
    request: EngineControlRequest,
  ): Promise<void>;

  /**
   * Stop Flux from reconciling an environment (`spec.suspend` on its
   * Kustomization); refused (409) when its engine is not Flux.
   */
  suspend(
    entity: CompoundEntityRef,
    request: EngineControlRequest,
  ): Promise<void>;

  /** Let Flux reconcile a suspended environment again. */
  resume(
    entity: CompoundEntityRef,
    request: EngineControlRequest,
  ): Promise<void>;

  /** Desired against live, field by field, for one environment. */
  getDiff(
    entity: CompoundEntityRef,
    environment: string,
  ): Promise<EnvironmentDiff>;

  /** Recorded operations, newest first. */
  listOperations(
    entity: CompoundEntityRef,
    options?: ListOptions,
  ): Promise<Page<Operation>>;

  /** The commits that changed one environment's overlay, newest first. */
  getHistory(
    entity: CompoundEntityRef,
    options: ListOptions & { environment: string },
  ): Promise<Page<HistoryEntry>>;

  /** One operation, e.g. to follow its progress. */
  getOperation(id: string): Promise<Operation>;
}

/** @public */
export const gitopsApiRef = createApiRef<GitOpsApi>({
  id: 'plugin.gitops.api',
});
