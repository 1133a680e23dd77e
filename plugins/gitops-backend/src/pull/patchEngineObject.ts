import { PatchStrategy } from '@kubernetes/client-node';
import { ClusterClients } from '../kubernetes';
import { EngineKind } from './EngineObjectWatch';

/** Slipway's field manager on the engines' objects. */
const FIELD_MANAGER = 'slipway';

/**
 * A JSON merge patch of an Argo CD or Flux object: the only write Slipway
 * makes in a cluster an engine applies. `patch.metadata` may carry a
 * `resourceVersion`, which makes the API server refuse (409) a patch of an
 * object that changed since it was read.
 */
export async function patchEngineObject(
  clusters: ClusterClients,
  cluster: string,
  kind: EngineKind,
  object: { name: string; namespace?: string },
  patch: Record<string, unknown>,
): Promise<void> {
  const client = await clusters.get(cluster);
  await client.objects.patch(
    {
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      ...patch,
      metadata: {
        ...((patch.metadata as object) ?? {}),
        name: object.name,
        namespace: object.namespace,
      },
    },
    undefined,
    undefined,
    FIELD_MANAGER,
    undefined,
    PatchStrategy.MergePatch,
  );
}

/** `namespace/name`, as the engines' own CLIs print an object. */
export function describeEngineObject(object: {
  metadata: { name: string; namespace?: string };
}): string {
  return `${object.metadata.namespace}/${object.metadata.name}`;
}
