import { KubernetesObject } from '@slipway/plugin-gitops-node';

/**
 * A live object for health tests: `generation` 3 unless the metadata says
 * otherwise, and a `status` only when one is given.
 */
export function liveObject(
  apiVersion: string,
  kind: string,
  parts: {
    status?: Record<string, unknown>;
    spec?: Record<string, unknown>;
    metadata?: Partial<KubernetesObject['metadata']>;
  } = {},
): KubernetesObject {
  return {
    apiVersion,
    kind,
    metadata: {
      name: 'payments',
      namespace: 'payments',
      generation: 3,
      ...parts.metadata,
    },
    spec: parts.spec ?? {},
    ...(parts.status ? { status: parts.status } : {}),
  };
}

/** A `status.conditions` entry. */
export function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason?: string,
  message?: string,
  observedGeneration?: number,
): Record<string, unknown> {
  return {
    type,
    status,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
  };
}
