// A DNS-1123 label: what Kubernetes accepts as the name of a Deployment,
// Service or Namespace, and what every Git host accepts as a repository name.
const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * Longer names pass the API server for some kinds but break the labels that
 * carry them (Argo CD and Flux label what they apply with their object's name).
 */
export const MAX_KUBERNETES_NAME_LENGTH = 63;

/**
 * Why a name is not a usable Kubernetes name, as the end of a sentence that
 * starts with the name, or undefined when it is.
 */
export function validateKubernetesName(name: string): string | undefined {
  if (!KUBERNETES_NAME.test(name) || name.length > MAX_KUBERNETES_NAME_LENGTH) {
    return `is not a valid Kubernetes name: up to ${MAX_KUBERNETES_NAME_LENGTH} lowercase letters, digits and dashes, starting and ending with a letter or digit`;
  }
  return undefined;
}
