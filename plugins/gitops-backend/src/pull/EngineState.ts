import {
  HealthStatus,
  ResourceStatus,
  SyncStatus,
} from '@slipway/plugin-gitops-common';

/** The object of an Argo CD or Flux instance that serves one environment. */
export interface EngineObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * What an Argo CD `Application` or a Flux `Kustomization` says of the
 * environment it serves, in Slipway's vocabulary, before Slipway holds it
 * against the head of the tracked branch.
 */
export interface EngineState {
  object: EngineObjectRef;
  /** The engine's own verdict: does the cluster match what it last fetched? */
  syncStatus: SyncStatus;
  health: HealthStatus;
  /** The config-repo commit the engine last fetched and compared. */
  comparedRevision?: string;
  /** The commit the engine last applied successfully. */
  appliedRevision?: string;
  /** Whether the engine applies new revisions without being asked. */
  automated: boolean;
  /** Resources as the engine reports them (Flux: its inventory, all `Synced`). */
  resources: ResourceStatus[];
  /** Container images the engine saw live (Argo CD's `status.summary.images`). */
  liveImages?: string[];
  /** Why the engine is not content, in its own words. */
  message?: string;
  /** Flux: reconciliation is suspended. */
  suspended?: boolean;
  /** Argo CD: the sync operation under way. */
  operation?: { phase: string; message?: string; startedAt?: string };
}
