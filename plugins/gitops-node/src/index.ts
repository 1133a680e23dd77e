/**
 * Extension points of the Slipway GitOps backend: manifest renderers, health
 * checks and cluster suppliers.
 *
 * @packageDocumentation
 */

export * from './kubernetesObject';
export * from './renderers';
export * from './healthChecks';
export * from './clusterSuppliers';
export * from './extensions';
export * from './config';
