/** Where Argo CD looks for `Application`s unless the portal says otherwise. */
export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';

/** The API server of the cluster Argo CD itself runs in, as Argo CD names it. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** What one Argo CD `Application` is made of. */
export interface ArgoCdApplicationOptions {
  name: string;
  /** The namespace Argo CD watches for `Application`s. */
  namespace: string;
  repoUrl: string;
  branch: string;
  /** The environment's overlay folder, relative to the repository root. */
  path: string;
  /**
   * The cluster to apply to: Argo CD's own (`server`), or a cluster
   * registered in Argo CD under a name (`name`).
   */
  destination: { server: string } | { name: string };
  /** Where objects without a namespace go, and the namespace Argo CD creates. */
  destinationNamespace: string;
  sync: { automated: boolean; prune: boolean; selfHeal: boolean };
}

/**
 * An Argo CD `Application` (argoproj.io/v1alpha1, as Argo CD 2.x serves it)
 * that applies one environment's overlay from the config repository.
 *
 * No `resources-finalizer.argocd.argoproj.io`: deleting the Application
 * (moving it to another Argo CD, re-creating it, an app-of-apps pruning it)
 * must not delete the service it ran. Removing a service is a Git change like
 * every other.
 */
export function argoCdApplication(
  options: ArgoCdApplicationOptions,
): Record<string, unknown> {
  const { sync } = options;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: options.name, namespace: options.namespace },
    spec: {
      project: 'default',
      source: {
        repoURL: options.repoUrl,
        targetRevision: options.branch,
        path: options.path,
      },
      destination: {
        ...options.destination,
        namespace: options.destinationNamespace,
      },
      syncPolicy: {
        // Without `automated`, Argo CD only syncs when asked, which is what a
        // manually synced environment means.
        ...(sync.automated
          ? { automated: { prune: sync.prune, selfHeal: sync.selfHeal } }
          : {}),
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}
