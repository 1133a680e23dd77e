/**
 * Shared annotations, permissions, API types and pure helpers of the Slipway
 * GitOps suite.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './status';
export * from './api';
export * from './kubernetesListMapKeys';
export * from './readApplicationAnnotations';
export * from './repositoryPath';
export * from './validateVersion';
