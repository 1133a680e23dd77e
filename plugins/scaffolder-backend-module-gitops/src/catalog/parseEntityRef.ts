import { InputError } from '@backstage/errors';

/** The parts of an entity reference, as the catalog and gitops APIs address them. */
export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

const ENTITY_REF = /^([^:/]+):(?:([^:/]+)\/)?([^:/]+)$/;

/**
 * Reads `kind:namespace/name` (namespace optional, `default` then). The kind
 * is required: a deploy names exactly one entity, never a guessed kind.
 */
export function parseEntityRef(ref: string): EntityName {
  const match = ENTITY_REF.exec(ref.trim());
  if (!match) {
    throw new InputError(
      `entityRef "${ref}" is not an entity reference; expected kind:namespace/name, e.g. component:default/payments`,
    );
  }
  return {
    kind: match[1].toLocaleLowerCase('en-US'),
    namespace: match[2] ?? 'default',
    name: match[3],
  };
}

/** The reference in its canonical, lowercase-kind form. */
export function stringifyEntityName(entity: EntityName): string {
  return `${entity.kind}:${entity.namespace}/${entity.name}`;
}
