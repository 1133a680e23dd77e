/**
 * The fields of Argo CD's `Application` (argoproj.io/v1alpha1) that Slipway
 * reads or writes. The controller owns `status`; a sync is asked for by
 * setting `operation`, as Argo CD's own API server does.
 */
export interface ArgoCdApplication {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec?: {
    project?: string;
    source?: ArgoCdApplicationSource;
    sources?: ArgoCdApplicationSource[];
    syncPolicy?: {
      automated?: { prune?: boolean; selfHeal?: boolean; enabled?: boolean };
      syncOptions?: string[];
    };
  };
  operation?: Record<string, unknown>;
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string; revisions?: string[] };
    };
    history?: Array<{ revision?: string; revisions?: string[]; id?: number }>;
    resources?: Array<{
      group?: string;
      version?: string;
      kind: string;
      namespace?: string;
      name: string;
      status?: string;
      health?: { status?: string; message?: string };
      requiresPruning?: boolean;
      hook?: boolean;
    }>;
    conditions?: Array<{ type: string; message?: string }>;
    summary?: { images?: string[] };
  };
}

/** One source of an Application (`spec.source`, or an entry of `spec.sources`). */
export interface ArgoCdApplicationSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
}
