import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Slipway: GitOps delivery for catalog entities. */
  gitops?: {
    /**
     * The environments every application may move through, in pipeline order.
     * An entity narrows this list with the `slipway.dev/environments` annotation.
     */
    environments: Array<{
      /** Environment name, e.g. `staging`: lowercase letters, digits and dashes. */
      name: string;
      /** Name of a cluster from `kubernetes.clusterLocatorMethods` (or the kubeconfig). */
      cluster: string;
      /** Namespace objects without one are applied into; defaults to the overlay's own. */
      namespace?: string;
      sync?: {
        /** Sync every new revision without being asked (default false). */
        automated?: boolean;
        /** Delete tracked objects Git no longer declares (default false). */
        prune?: boolean;
        /** Re-apply when the cluster drifts from Git (default false). */
        selfHeal?: boolean;
      };
      promotion?: {
        /** The environment whose version a promotion into this one copies. */
        from: string;
        /** Refuse to promote unless the source is Synced and Healthy (default false). */
        requireHealthySource?: boolean;
      };
      /** How deploy, promote and rollback write Git (default `commit`). */
      changes?: 'commit' | 'pull-request';
      /** Changes need the `gitops.environment.protected` permission too (default false). */
      protected?: boolean;
      /**
       * Who applies the environment (default `builtin`):
       * - `builtin`: Slipway's engine applies with server-side apply;
       * - `argocd`: the Argo CD of the environment's cluster (Applications in
       *   namespace `argocd`) applies; Slipway writes Git, reads the
       *   `Application` and asks it to sync, refresh or terminate;
       * - `flux`: the Flux of the environment's cluster (Kustomizations in any
       *   namespace) applies; Slipway reads the `Kustomization` and asks it to
       *   reconcile, suspend or resume;
       * - the name of a `gitops.engines` entry: that Argo CD or Flux instance.
       */
      engine?: string;
    }>;
    /**
     * Argo CD and Flux instances that environments name in `engine`, for an
     * instance that runs elsewhere than the environment's cluster (a
     * management cluster) or whose objects live in another namespace.
     */
    engines?: Array<{
      /** The name environments use, e.g. `ops-argocd`. */
      name: string;
      type: 'argocd' | 'flux';
      /**
       * The cluster whose API holds the instance's Applications or
       * Kustomizations (a name from `kubernetes.clusterLocatorMethods`);
       * default: each environment's cluster.
       */
      cluster?: string;
      /** Their namespace: Argo CD default `argocd`; Flux default every namespace. */
      namespace?: string;
    }>;
    /**
     * Folder of an environment's overlay inside the application's config path;
     * `{environment}` is replaced by the environment's name. Default `envs/{environment}`.
     */
    overlayPath?: string;
    engine?: {
      /** How often every application is refreshed without a webhook (default 60s). */
      interval?: HumanDuration | string;
      /** How many applications are refreshed at once (default 8). */
      concurrency?: number;
    };
    webhooks?: {
      /**
       * Shared secret of Git webhooks (GitHub HMAC signature, GitLab token).
       * @visibility secret
       */
      secret?: string;
    };
    /**
     * External binaries for the renders Slipway's built-in Kustomize does not
     * cover (remote bases, Helm charts). Each runs on a copy of the
     * repository folder, with a timeout and an output limit, and no shell.
     */
    render?: {
      /** e.g. `kustomize`: folders with a kustomization are rendered by `<command> build`. */
      kustomizeCommand?: string;
      /** e.g. `helm`: folders with a Chart.yaml are rendered by `<command> template`. */
      helmCommand?: string;
    };
    git?: {
      /**
       * Git hosts Slipway may reach besides those of `integrations:` and
       * `gitops.git.credentials`, e.g. `git.internal.acme.io`, `git.acme.io:8443`
       * or `*.git.acme.io`. A config-repo annotation naming any other host is
       * refused, so an entity cannot make the portal fetch an arbitrary URL.
       */
      allowedHosts?: string[];
      /**
       * Allow `file://` config repositories (the demo, local experiments).
       * Off by default: in production a config repo is a remote Git host.
       */
      allowFileUrls?: boolean;
      /**
       * Credentials for plain HTTPS Git hosts that no Backstage integration
       * describes; asked before the integrations. Sent only to that host,
       * in a header, never in a URL.
       */
      credentials?: Array<{
        /** Host name, with the port if not the default. */
        host: string;
        username?: string;
        /** @visibility secret */
        password?: string;
        /** A bearer token instead of a username and password. @visibility secret */
        token?: string;
      }>;
    };
    /**
     * A config location (repository, path, branch) belongs to one entity.
     * Entities whose locations are equal or nested are neither changed nor
     * synced, unless a group here lists them together.
     */
    ownership?: {
      sharedLocations?: Array<{
        /** Entity refs, e.g. `component:default/api`, `resource:default/api-db`. */
        entities: string[];
      }>;
    };
    /**
     * Health assessment beyond the built-in rules: Lua health scripts in Argo
     * CD's format (`obj` in, `{ status, message }` out), asked after checks
     * from the health-check extension point and before the built-in rules.
     */
    health?: {
      /** Scripts for kinds by API group and kind; `*` and `?` match as in a glob. */
      scripts?: Array<{
        /** API group, e.g. `example.com`; empty or absent for the core group. */
        group?: string;
        /** Kind, e.g. `Database`. */
        kind: string;
        /** The script, as in `argocd-cm`'s `resource.customizations.health.<group>_<kind>`. */
        lua: string;
      }>;
      /**
       * Also run the health scripts of the Argo CD instance whose `argocd-cm`
       * ConfigMap lives in this cluster (both of its formats). Scripts in
       * `scripts` win for the same kind.
       */
      argocd?: {
        /** A cluster name, as in `environments[].cluster`. */
        cluster: string;
        /** Default `argocd`. */
        namespace?: string;
        /** Default `argocd-cm`. */
        configMap?: string;
        /** How often the ConfigMap is read again (default 5m). */
        refreshInterval?: HumanDuration | string;
      };
      /** What one run of a script may use; a script past a limit gives no health. */
      scriptLimits?: {
        /** Lua VM instructions (default 1000000). */
        instructions?: number;
        /** Bytes allocated beyond the object (default 8388608, 8 MiB). */
        memoryBytes?: number;
        /** Wall-clock time (default 100ms). */
        timeout?: HumanDuration | string;
      };
    };
    /** Where Git repositories are cached on disk (default: a folder under the OS temp dir). */
    cacheDir?: string;
    /**
     * A kubeconfig file whose contexts become clusters, besides
     * `kubernetes.clusterLocatorMethods`.
     */
    kubeconfig?: string;
    /**
     * Let kubeconfig users run `exec` credential plugins (or `cmd-path` auth
     * providers). Off by default: a kubeconfig must not run commands on the
     * portal's host unless the platform team says so.
     */
    allowKubeconfigExec?: boolean;
  };

  /** The clusters, in the block Backstage's Kubernetes plugin reads. */
  kubernetes?: {
    clusterLocatorMethods?: Array<{
      /** Slipway reads `config`; other types are for the Kubernetes plugin. */
      type: string;
      clusters?: Array<{
        name: string;
        /** The API server's URL. */
        url: string;
        /** Slipway supports `serviceAccount`. */
        authProvider: string;
        /**
         * The service account's bearer token.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** Base64 PEM of the API server's certificate authority. */
        caData?: string;
        /** A file holding the certificate authority's PEM. */
        caFile?: string;
        skipTLSVerify?: boolean;
      }>;
    }>;
  };
}
