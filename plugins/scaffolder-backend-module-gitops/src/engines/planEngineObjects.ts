import { overlayNamespace } from '../actions/overlayNamespace';
import {
  ArgoCdApplicationOptions,
  DEFAULT_ARGOCD_NAMESPACE,
  IN_CLUSTER_SERVER,
} from './argoCdApplication';
import { engineObjectName } from './engineObjectName';
import { EngineSetup } from './EngineSetup';
import { DEFAULT_FLUX_NAMESPACE, FluxManifestsOptions } from './fluxManifests';

/** The engine objects of one environment and the file that declares them. */
export type EngineObjectPlan =
  | {
      type: 'argocd';
      environment: string;
      /** Relative to the repository root. */
      file: string;
      application: ArgoCdApplicationOptions;
    }
  | {
      type: 'flux';
      environment: string;
      /** Relative to the repository root. */
      file: string;
      flux: FluxManifestsOptions;
    };

/**
 * Resolves, for every environment that Argo CD or Flux applies, the objects
 * that serve it: names, namespaces, source and destination. Checking, writing
 * and annotating all start from this one plan, so they cannot disagree.
 * Builtin environments get nothing.
 */
export function planEngineObjects(setup: EngineSetup): EngineObjectPlan[] {
  const plans: EngineObjectPlan[] = [];
  for (const env of setup.environments) {
    const name = engineObjectName(setup.application, env.name);
    const path =
      setup.configPath === '.'
        ? env.overlayPath
        : `${setup.configPath}/${env.overlayPath}`;
    // An engine on another cluster (a management cluster) reaches the
    // environment's cluster by the name Slipway knows it by.
    const remote = env.engine.cluster !== env.cluster;
    if (env.engine.type === 'argocd') {
      plans.push({
        type: 'argocd',
        environment: env.name,
        // One folder for all Applications, as an app-of-apps watches it.
        file: `argocd/applications/${name}.yaml`,
        application: {
          name,
          namespace: env.engine.namespace ?? DEFAULT_ARGOCD_NAMESPACE,
          repoUrl: setup.repoUrl ?? '',
          branch: setup.branch,
          path,
          destination: remote
            ? { name: env.cluster }
            : { server: IN_CLUSTER_SERVER },
          // The overlay's own namespace unless the portal names one: the
          // namespace Argo CD creates must be the one the service runs in.
          destinationNamespace:
            env.namespace ?? overlayNamespace(setup.application, env.name),
          sync: env.sync,
        },
      });
    } else if (env.engine.type === 'flux') {
      plans.push({
        type: 'flux',
        environment: env.name,
        // One folder per environment, as a cluster's Flux bootstrap reads it.
        file: `flux/${env.name}/${setup.application}.yaml`,
        flux: {
          name,
          namespace: env.engine.namespace ?? DEFAULT_FLUX_NAMESPACE,
          repoUrl: setup.repoUrl ?? '',
          branch: setup.branch,
          path,
          prune: env.sync.prune,
          // Cluster API's name for a cluster's kubeconfig Secret, which
          // Flux reads as it is.
          kubeConfigSecret: remote ? `${env.cluster}-kubeconfig` : undefined,
        },
      });
    }
  }
  return plans;
}
