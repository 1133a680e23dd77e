import { gvkOf, KustomizeResource, currentName } from './KustomizeResource';
import { PatchTarget } from './Kustomization';

function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/**
 * Parses a label selector of the equality form (`a=b,c!=d,e`), the forms
 * Kustomize users write in patch targets.
 */
function selectorMatches(
  selector: string,
  labels: Record<string, string> | undefined,
): boolean {
  return selector
    .split(',')
    .map(term => term.trim())
    .filter(Boolean)
    .every(term => {
      const not = term.match(/^([^!=\s]+)\s*!=\s*(.*)$/);
      if (not) {
        return labels?.[not[1]] !== not[2];
      }
      const eq = term.match(/^([^!=\s]+)\s*==?\s*(.*)$/);
      if (eq) {
        return labels?.[eq[1]] === eq[2];
      }
      if (term.startsWith('!')) {
        return labels?.[term.slice(1)] === undefined;
      }
      return labels?.[term] !== undefined;
    });
}

/**
 * The resources a patch target selects. Names and namespaces are regular
 * expressions matched against the whole value, and a resource matches by its
 * current name or any name it had earlier in the build (so an overlay can
 * patch a base resource by the name the base gave it).
 */
export function selectResources(
  resources: KustomizeResource[],
  target: PatchTarget,
): KustomizeResource[] {
  const name = target.name ? anchored(target.name) : undefined;
  const namespace = target.namespace ? anchored(target.namespace) : undefined;
  return resources.filter(resource => {
    const gvk = gvkOf(resource.object);
    if (target.group !== undefined && target.group !== gvk.group) {
      return false;
    }
    if (target.version && target.version !== gvk.version) {
      return false;
    }
    if (target.kind && target.kind !== gvk.kind) {
      return false;
    }
    const names = [...resource.previousNames, currentName(resource)];
    if (name && !names.some(n => name.test(n.name))) {
      return false;
    }
    if (namespace && !names.some(n => namespace.test(n.namespace))) {
      return false;
    }
    const { labels, annotations } = resource.object.metadata;
    if (
      target.labelSelector &&
      !selectorMatches(target.labelSelector, labels)
    ) {
      return false;
    }
    if (
      target.annotationSelector &&
      !selectorMatches(target.annotationSelector, annotations)
    ) {
      return false;
    }
    return true;
  });
}
