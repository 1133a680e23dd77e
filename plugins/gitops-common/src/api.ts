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
  id: string;
  entityRef: string;
  environment: string;
  kind: OperationKind;
  state: OperationState;
  /** Entity reference of the user (or service) who asked. */
  actor: string;
  fromVersion?: string;
  toVersion?: string;
  revision?: string;
  pullRequestUrl?: string;
  message?: string;
  createdAt: string;
  finishedAt?: string;
}
