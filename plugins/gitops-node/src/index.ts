/**
 * Extension points of the Slipway GitOps backend: manifest renderers, health
 * checks, cluster suppliers and pull request providers.
 *
 * @packageDocumentation
 */

export * from './kubernetesObject';
export * from './renderers';
export * from './healthChecks';
export * from './clusterSuppliers';
export * from './pullRequests';
export * from './extensions';
export * from './config';
