import { RenderError } from '@slipway/plugin-gitops-node';
import { isPlainObject } from './KustomizeResource';

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: PatchTarget;
}

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name: string;
  namespace?: string;
  behavior: 'create' | 'merge' | 'replace';
  literals: string[];
  files: string[];
  envs: string[];
  type?: string;
  options?: GeneratorOptions;
}

export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

export interface LabelEntry {
  pairs: Record<string, string>;
  includeSelectors: boolean;
  includeTemplates: boolean;
}

/** A kustomization file, checked and with deprecated spellings folded in. */
export interface Kustomization {
  kind: 'Kustomization' | 'Component';
  resources: string[];
  components: string[];
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  commonLabels: Record<string, string>;
  labels: LabelEntry[];
  commonAnnotations: Record<string, string>;
  images: ImageEntry[];
  replicas: { name: string; count: number }[];
  patches: PatchEntry[];
  patchesStrategicMerge: string[];
  patchesJson6902: PatchEntry[];
  configMapGenerator: GeneratorArgs[];
  secretGenerator: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
}

// Fields Kustomize knows that this renderer does not implement; they are
// refused by name so the output never silently differs from `kustomize build`.
const unsupportedFields = new Set([
  'replacements',
  'vars',
  'helmCharts',
  'helmGlobals',
  'helmChartInflationGenerator',
  'generators',
  'transformers',
  'validators',
  'crds',
  'configurations',
  'openapi',
  'sortOptions',
  'buildMetadata',
  'imageTags',
]);

const knownFields = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'images',
  'replicas',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
]);

class FieldReader {
  constructor(readonly file: string, readonly line: number) {}

  fail(field: string, message: string): never {
    throw new RenderError(`${field} ${message}`, {
      file: this.file,
      line: this.line,
    });
  }

  string(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(
        field,
        `must be a string (quote it if it looks like a number), got ${JSON.stringify(
          value,
        )}`,
      );
    }
    return value;
  }

  boolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.fail(field, 'must be true or false');
    }
    return value;
  }

  strings(value: unknown, field: string): string[] {
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(field, 'must be a list of strings');
    }
    return value.map((item, index) => {
      if (typeof item !== 'string') {
        this.fail(`${field}[${index}]`, 'must be a string');
      }
      return item;
    });
  }

  stringMap(value: unknown, field: string): Record<string, string> {
    if (value === undefined || value === null) {
      return {};
    }
    if (!isPlainObject(value)) {
      this.fail(field, 'must be a map of strings');
    }
    const result: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      // Kustomize reads label values as strings; YAML scalars such as `true`
      // or `1` are written back as their text.
      if (typeof item === 'string') {
        result[key] = item;
      } else if (typeof item === 'number' || typeof item === 'boolean') {
        result[key] = String(item);
      } else {
        this.fail(`${field}.${key}`, 'must be a string');
      }
    }
    return result;
  }

  list(value: unknown, field: string): Record<string, unknown>[] {
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(field, 'must be a list');
    }
    return value.map((item, index) => {
      if (!isPlainObject(item)) {
        this.fail(`${field}[${index}]`, 'must be a mapping');
      }
      return item;
    });
  }

  options(value: unknown, field: string): GeneratorOptions | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!isPlainObject(value)) {
      this.fail(field, 'must be a mapping');
    }
    return {
      labels:
        value.labels === undefined
          ? undefined
          : this.stringMap(value.labels, `${field}.labels`),
      annotations:
        value.annotations === undefined
          ? undefined
          : this.stringMap(value.annotations, `${field}.annotations`),
      disableNameSuffixHash: this.boolean(
        value.disableNameSuffixHash,
        `${field}.disableNameSuffixHash`,
      ),
      immutable: this.boolean(value.immutable, `${field}.immutable`),
    };
  }

  target(value: unknown, field: string): PatchTarget | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!isPlainObject(value)) {
      this.fail(field, 'must be a mapping');
    }
    const target: PatchTarget = {};
    for (const key of [
      'group',
      'version',
      'kind',
      'name',
      'namespace',
      'labelSelector',
      'annotationSelector',
    ] as const) {
      target[key] = this.string(value[key], `${field}.${key}`);
    }
    return target;
  }

  generators(value: unknown, field: string, secret: boolean): GeneratorArgs[] {
    return this.list(value, field).map((entry, index) => {
      const where = `${field}[${index}]`;
      const name = this.string(entry.name, `${where}.name`);
      if (!name) {
        this.fail(`${where}.name`, 'is required');
      }
      const behavior =
        this.string(entry.behavior, `${where}.behavior`) ?? 'create';
      if (
        behavior !== 'create' &&
        behavior !== 'merge' &&
        behavior !== 'replace'
      ) {
        this.fail(`${where}.behavior`, 'must be create, merge or replace');
      }
      const envs = this.strings(entry.envs, `${where}.envs`);
      const env = this.string(entry.env, `${where}.env`);
      return {
        name,
        namespace: this.string(entry.namespace, `${where}.namespace`),
        behavior,
        literals: this.strings(entry.literals, `${where}.literals`),
        files: this.strings(entry.files, `${where}.files`),
        envs: env ? [...envs, env] : envs,
        type: secret ? this.string(entry.type, `${where}.type`) : undefined,
        options: this.options(entry.options, `${where}.options`),
      };
    });
  }
}

/**
 * Checks a parsed kustomization file and returns it as typed data. Unknown
 * fields and fields this renderer does not implement are refused by name.
 */
export function readKustomization(
  value: unknown,
  file: string,
  line: number,
): Kustomization {
  const r: FieldReader = new FieldReader(file, line);
  if (!isPlainObject(value)) {
    r.fail('kustomization', 'must be a mapping');
  }
  for (const key of Object.keys(value)) {
    if (unsupportedFields.has(key)) {
      r.fail(
        key,
        'is not supported by the built-in kustomize renderer; configure the external kustomize binary to use it',
      );
    }
    if (!knownFields.has(key)) {
      r.fail(key, 'is not a kustomization field');
    }
  }
  const kind = r.string(value.kind, 'kind') ?? 'Kustomization';
  if (kind !== 'Kustomization' && kind !== 'Component') {
    r.fail('kind', 'must be Kustomization or Component');
  }
  const labels = r.list(value.labels, 'labels').map((entry, index) => ({
    pairs: r.stringMap(entry.pairs, `labels[${index}].pairs`),
    includeSelectors:
      r.boolean(entry.includeSelectors, `labels[${index}].includeSelectors`) ??
      false,
    includeTemplates:
      r.boolean(entry.includeTemplates, `labels[${index}].includeTemplates`) ??
      false,
  }));
  const images = r.list(value.images, 'images').map((entry, index) => {
    const name = r.string(entry.name, `images[${index}].name`);
    if (!name) {
      r.fail(`images[${index}].name`, 'is required');
    }
    return {
      name,
      newName: r.string(entry.newName, `images[${index}].newName`),
      newTag: r.string(entry.newTag, `images[${index}].newTag`),
      digest: r.string(entry.digest, `images[${index}].digest`),
      tagSuffix: r.string(entry.tagSuffix, `images[${index}].tagSuffix`),
    };
  });
  const replicas = r.list(value.replicas, 'replicas').map((entry, index) => {
    const name = r.string(entry.name, `replicas[${index}].name`);
    if (!name) {
      r.fail(`replicas[${index}].name`, 'is required');
    }
    if (
      typeof entry.count !== 'number' ||
      !Number.isInteger(entry.count) ||
      entry.count < 0
    ) {
      r.fail(`replicas[${index}].count`, 'must be a whole number');
    }
    return { name, count: entry.count };
  });
  const patches = (field: string, entries: unknown) =>
    r.list(entries, field).map((entry, index) => {
      const where = `${field}[${index}]`;
      const patch: PatchEntry = {
        path: r.string(entry.path, `${where}.path`),
        patch: r.string(entry.patch, `${where}.patch`),
        target: r.target(entry.target, `${where}.target`),
      };
      if (!patch.path === !patch.patch) {
        r.fail(where, 'must have exactly one of path and patch');
      }
      if (entry.options !== undefined) {
        r.fail(
          `${where}.options`,
          'is not supported by the built-in kustomize renderer',
        );
      }
      return patch;
    });
  const json6902 = patches('patchesJson6902', value.patchesJson6902);
  json6902.forEach((entry, index) => {
    if (!entry.target) {
      r.fail(`patchesJson6902[${index}].target`, 'is required');
    }
  });
  return {
    kind,
    resources: [
      ...r.strings(value.resources, 'resources'),
      ...r.strings(value.bases, 'bases'),
    ],
    components: r.strings(value.components, 'components'),
    namespace: r.string(value.namespace, 'namespace'),
    namePrefix: r.string(value.namePrefix, 'namePrefix'),
    nameSuffix: r.string(value.nameSuffix, 'nameSuffix'),
    commonLabels: r.stringMap(value.commonLabels, 'commonLabels'),
    labels,
    commonAnnotations: r.stringMap(
      value.commonAnnotations,
      'commonAnnotations',
    ),
    images,
    replicas,
    patches: patches('patches', value.patches),
    patchesStrategicMerge: r.strings(
      value.patchesStrategicMerge,
      'patchesStrategicMerge',
    ),
    patchesJson6902: json6902,
    configMapGenerator: r.generators(
      value.configMapGenerator,
      'configMapGenerator',
      false,
    ),
    secretGenerator: r.generators(
      value.secretGenerator,
      'secretGenerator',
      true,
    ),
    generatorOptions: r.options(value.generatorOptions, 'generatorOptions'),
  };
}
