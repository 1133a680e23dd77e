import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ApplicationStatus,
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
