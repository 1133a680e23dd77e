import {
  commonAnnotationsFieldSpecs,
  commonLabelsFieldSpecs,
  FieldSpec,
  fieldSpecApplies,
  templateLabelsFieldSpecs,
  visitFieldPath,
} from './fieldSpecs';
import { isPlainObject, KustomizeResource } from './KustomizeResource';
import { LabelEntry } from './Kustomization';

function setPairs(
  resources: KustomizeResource[],
  pairs: Record<string, string>,
  specs: FieldSpec[],
): void {
  const keys = Object.keys(pairs).sort();
  if (keys.length === 0) {
    return;
  }
  for (const { object } of resources) {
    for (const spec of specs) {
      if (!fieldSpecApplies(spec, object)) {
        continue;
      }
      visitFieldPath(
        object,
        spec.path,
        { create: !!spec.create, createLeaf: () => ({}) },
        (parent, key) => {
          const target = parent[key];
          if (!isPlainObject(target)) {
            return;
          }
          for (const name of keys) {
            target[name] = pairs[name];
          }
        },
      );
    }
  }
}

/** `labels` entries, then `commonLabels` (which always reach selectors). */
export function applyLabels(
  resources: KustomizeResource[],
  labels: LabelEntry[],
  commonLabels: Record<string, string>,
): void {
  for (const entry of labels) {
    let specs: FieldSpec[];
    if (entry.includeSelectors) {
      specs = commonLabelsFieldSpecs;
    } else if (entry.includeTemplates) {
      specs = templateLabelsFieldSpecs;
    } else {
      specs = [{ path: 'metadata/labels', create: true }];
    }
    setPairs(resources, entry.pairs, specs);
  }
  setPairs(resources, commonLabels, commonLabelsFieldSpecs);
}

/** `commonAnnotations`, on objects and their pod templates. */
export function applyAnnotations(
  resources: KustomizeResource[],
  annotations: Record<string, string>,
): void {
  setPairs(resources, annotations, commonAnnotationsFieldSpecs);
}
