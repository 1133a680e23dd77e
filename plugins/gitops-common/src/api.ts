import {
  HealthStatus,
  OperationKind,
  OperationState,
  SyncStatus,
} from './status';

/**
 * Where an application's manifests live, as read from its annotations.
 *
 * @public
 */
export interface ConfigRepoLocation {
  /** Git URL of the config repository. */
  url: string;
  /** Folder of the application inside the repository, `.` for the root. */
  path: string;
  /** Tracked branch; absent means the repository's default branch. */
  branch?: string;
}

/**
 * Stored state of one application in one environment, as the engine last saw it.
 * Every field describing Git or the cluster is absent until first observed.
 *
 * @public
 */
export interface EnvironmentStatus {
  /** Environment name, e.g. `staging`. */
  name: string;
  /** Cluster the environment runs on. */
  cluster: string;
  /** Namespace the application is deployed into, when the overlay names one. */
  namespace?: string;
  /** Folder of the environment's overlay, relative to the repository root. */
  overlayPath: string;
  /** Whether changes to this environment need the protected permission. */
  protected: boolean;
  /** How deploy/promote/rollback write Git for this environment. */
  changes: 'commit' | 'pull-request';
  /** Whether the engine syncs every new revision by itself. */
  automated: boolean;
  /** The environment a promotion into this one comes from. */
  promotionFrom?: string;
  /** Config-repo commit the desired state was read at. */
  revision?: string;
  /** Image tag (or digest) the overlay declares. */
  version?: string;
  /** Image repository the version belongs to. */
  image?: string;
  /** Desired vs live. */
  syncStatus: SyncStatus;
  /** Worst health of the application's resources in this environment. */
  health: HealthStatus;
  /** Why status could not be determined, when it could not. */
  message?: string;
  /** When the engine last refreshed this environment (ISO 8601). */
  refreshedAt?: string;
  /** The version the cluster runs, when it differs from nothing known. */
  liveVersion?: string;
  /** How many resources differ from Git (OutOfSync, Missing or Extra). */
  driftCount: number;
  /** The last revision a sync applied successfully. */
  lastSyncedRevision?: string;
  /** The application's resources in this environment. */
  resources: ResourceStatus[];
  /** Who applies this environment: Slipway itself, Argo CD or Flux. */
  engine: EnvironmentEngine;
}

/**
 * Which engine applies an environment. `builtin` is Slipway's own engine
 * (server-side apply from the backend); `argocd` and `flux` are the pull
 * model: the controller in the cluster applies, Slipway writes Git and reads
 * their status.
 *
 * @public
 */
export type EngineType = 'builtin' | 'argocd' | 'flux';

/**
 * The engine of one environment, and what it last said of it.
 *
 * @public
 */
export interface EnvironmentEngine {
  type: EngineType;
  /** The engine instance as configured, e.g. `argocd` or `ops-argocd`. */
  name: string;
  /**
   * The object that serves the environment: an Argo CD `Application` or a
   * Flux `Kustomization`; absent when none was found (the message says why).
   */
  object?: { kind: string; namespace: string; name: string };
  /** Flux only: reconciliation is suspended (`spec.suspend`). */
  suspended?: boolean;
  /** Argo CD only: the sync operation under way, which terminate stops. */
  operation?: {
    phase: string;
    message?: string;
    /** ISO 8601. */
    startedAt?: string;
  };
}

/**
 * How one Kubernetes resource of an application compares with Git.
 * `Missing`: declared in Git, absent from the cluster; `Extra`: live and
 * tracked, but no longer declared (what a prune removes).
 *
 * @public
 */
export type ResourceSyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extra';

/**
 * One resource of an application in one environment.
 *
 * @public
 */
export interface ResourceStatus {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  syncStatus: ResourceSyncStatus;
  health?: HealthStatus;
  /** Why the resource is not healthy, in Kubernetes' words. */
  healthMessage?: string;
}

/**
 * One field that differs between Git and the cluster. Secret values are
 * masked before they reach this type.
 *
 * @public
 */
export interface FieldDifference {
  /** E.g. `spec.template.spec.containers[name=api].image`. */
  path: string;
  desired?: unknown;
  live?: unknown;
}

/**
 * The field-level difference of one environment, desired against live.
 *
 * @public
 */
export interface EnvironmentDiff {
  environment: string;
  revision?: string;
  resources: Array<ResourceStatus & { changes: FieldDifference[] }>;
  /** A unified-style text of every change, Secrets masked. */
  text: string;
}

/**
 * Everything the Deployments tab shows for one entity, in one response.
 *
 * @public
 */
export interface ApplicationStatus {
  /** Entity reference, e.g. `component:default/payments`. */
  entityRef: string;
  configRepo: ConfigRepoLocation;
  /** Environments in pipeline order. */
  environments: EnvironmentStatus[];
}

/**
 * One recorded deploy, promote, rollback or sync.
 *
 * @public
 */
export interface Operation {
  /** UUID; also the `Slipway-Operation` trailer of the commit it made. */
  id: string;
  entityRef: string;
  /** The environment the operation changed. */
  environment: string;
  kind: OperationKind;
  state: OperationState;
  /** Entity reference of the user (or service) who asked. */
  actor: string;
  /** For a promotion: the environment the version came from. */
  sourceEnvironment?: string;
  fromVersion?: string;
  toVersion?: string;
  /** For a rollback: the earlier revision whose overlay was restored. */
  targetRevision?: string;
  /** The commit the operation made (or synced). */
  revision?: string;
  /** The branch the commit was pushed to. */
  branch?: string;
  pullRequestUrl?: string;
  /** What happened, or why it failed. */
  message?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

/**
 * A page of results.
 *
 * @public
 */
export interface Page<T> {
  items: T[];
  /** Pass as `offset` to get the next page; absent on the last page. */
  nextOffset?: number;
}

/**
 * One deployed state of an environment in its history: a commit that changed
 * the environment's overlay, joined with the operation that made it, if any.
 *
 * @public
 */
export interface HistoryEntry {
  revision: string;
  /** ISO 8601 commit date. */
  date: string;
  author: { name: string; email: string };
  subject: string;
  /** The version the overlay declared at this revision. */
  version?: string;
  operation?: Operation;
}
