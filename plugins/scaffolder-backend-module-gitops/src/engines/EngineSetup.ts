import { EngineConfig, EnvironmentConfig } from '@slipway/plugin-gitops-node';

/**
 * What the engine manifests and annotations of a new application are made
 * of: the application, where its config repository is published, and the
 * environments it runs in with the engine the portal gives each.
 */
export interface EngineSetup {
  /** The application's Kubernetes name. */
  application: string;
  /**
   * URL the config repository is published at, as the engines clone it;
   * needed as soon as one environment's engine is Argo CD or Flux.
   */
  repoUrl?: string;
  /** Branch the engines track. */
  branch: string;
  /** Folder of the application in the config repository, `.` for the root. */
  configPath: string;
  /** In pipeline order. */
  environments: Array<{
    name: string;
    /** Overlay folder relative to `configPath`. */
    overlayPath: string;
    /** The namespace the portal configures for the environment, if any. */
    namespace?: string;
    /** The environment's cluster, as Backstage's Kubernetes config names it. */
    cluster: string;
    sync: EnvironmentConfig['sync'];
    engine: Pick<EngineConfig, 'type' | 'cluster' | 'namespace'>;
  }>;
}
