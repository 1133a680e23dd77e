/**
 * How Slipway reaches one cluster. Mirrors the fields of Backstage's
 * `kubernetes.clusterLocatorMethods` entries of type `config`.
 *
 * @public
 */
export interface GitOpsCluster {
  name: string;
  /** Base URL of the cluster's API server. */
  url: string;
  /** Bearer token of a service account, for `authProvider: serviceAccount`. */
  serviceAccountToken?: string;
  /** Base64 PEM of the API server's certificate authority. */
  caData?: string;
  skipTLSVerify?: boolean;
}

/**
 * A source of clusters besides the portal's configuration, e.g. a cloud
 * provider's API.
 *
 * @public
 */
export interface ClusterSupplier {
  getClusters(): Promise<GitOpsCluster[]>;
}
