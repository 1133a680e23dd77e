import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CONFIG_REPO,
  ApplicationStatus,
  EnvironmentEngine,
} from '@slipway/plugin-gitops-common';

export const REVISION_DEV = '1111111aaaaaaa1111111aaaaaaa1111111aaaaa';
export const REVISION_STAGING = '2222222bbbbbbb2222222bbbbbbb2222222bbbbb';

/** A catalog entity, with the config-repo annotation unless told otherwise. */
export function makeEntity(
  annotations: Record<string, string> = {
    [ANNOTATION_CONFIG_REPO]: 'https://github.com/acme/payments-config',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/**
 * Three environments in the states the Deployments tab must tell apart, all
 * applied by Slipway's own engine.
 */
export function makeStatus(
  configRepoUrl = 'https://github.com/acme/payments-config',
): ApplicationStatus {
  return {
    entityRef: 'component:default/payments',
    configRepo: { url: configRepoUrl, path: 'apps/payments', branch: 'main' },
    environments: [
      {
        name: 'dev',
        cluster: 'dev-cluster',
        namespace: 'payments-dev',
        overlayPath: 'apps/payments/envs/dev',
        protected: false,
        changes: 'commit',
        automated: true,
        revision: REVISION_DEV,
        version: '1.4.0',
        image: 'ghcr.io/acme/payments',
        syncStatus: 'Synced',
        health: 'Healthy',
        driftCount: 0,
        resources: [],
        engine: { type: 'builtin', name: 'builtin' },
      },
      {
        name: 'staging',
        cluster: 'dev-cluster',
        overlayPath: 'apps/payments/envs/staging',
        protected: false,
        changes: 'commit',
        automated: false,
        promotionFrom: 'dev',
        revision: REVISION_STAGING,
        version: '1.3.2',
        syncStatus: 'OutOfSync',
        health: 'Progressing',
        driftCount: 0,
        resources: [],
        engine: { type: 'builtin', name: 'builtin' },
      },
      {
        name: 'production',
        cluster: 'prod-cluster',
        overlayPath: 'apps/payments/envs/production',
        protected: true,
        changes: 'pull-request',
        automated: false,
        promotionFrom: 'staging',
        syncStatus: 'Unknown',
        health: 'Degraded',
        driftCount: 0,
        resources: [],
        engine: { type: 'builtin', name: 'builtin' },
        message: 'cluster prod-cluster is unreachable',
      },
    ],
  };
}

/** The Argo CD Application that serves payments' dev, idle. */
export function makeArgoCdEngine(
  overrides: Partial<EnvironmentEngine> = {},
): EnvironmentEngine {
  return {
    type: 'argocd',
    name: 'argocd',
    object: { kind: 'Application', namespace: 'argocd', name: 'payments-dev' },
    ...overrides,
  };
}

/** The Flux Kustomization that serves payments' dev, reconciling. */
export function makeFluxEngine(
  overrides: Partial<EnvironmentEngine> = {},
): EnvironmentEngine {
  return {
    type: 'flux',
    name: 'flux',
    object: {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'payments-dev',
    },
    suspended: false,
    ...overrides,
  };
}
