/** A condition of a Flux object (kstatus). */
export interface FluxCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/**
 * The fields of Flux's `Kustomization` (kustomize.toolkit.fluxcd.io/v1) that
 * Slipway reads or writes.
 */
export interface FluxKustomization {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
    generation?: number;
  };
  spec?: {
    sourceRef?: { kind?: string; name?: string; namespace?: string };
    path?: string;
    prune?: boolean;
    suspend?: boolean;
    targetNamespace?: string;
  };
  status?: {
    conditions?: FluxCondition[];
    lastAppliedRevision?: string;
    lastAttemptedRevision?: string;
    lastHandledReconcileAt?: string;
    observedGeneration?: number;
    inventory?: { entries?: Array<{ id: string; v: string }> };
  };
}

/** The fields of Flux's `GitRepository` (source.toolkit.fluxcd.io/v1) Slipway reads. */
export interface FluxGitRepository {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
  spec?: {
    url?: string;
    ref?: { branch?: string; tag?: string; commit?: string; name?: string };
    suspend?: boolean;
  };
  status?: {
    conditions?: FluxCondition[];
    artifact?: { revision?: string };
    lastHandledReconcileAt?: string;
  };
}
