import { KubernetesObject, RenderError } from '@slipway/plugin-gitops-node';
import { ParsedDocument, parseYamlDocuments } from '../parseManifests';
import { RenderReader } from '../RenderReader';
import { isWithinFolder, joinRepositoryPath } from '../repositoryPath';
import { applyAnnotations, applyLabels } from './applyLabels';
import { applyImages } from './applyImages';
import { applyJsonPatch, toJsonPatchOperations } from './applyJsonPatch';
import { applyNameAffixes } from './applyNameAffixes';
import { applyNamespace } from './applyNamespace';
import { applyReplicas } from './applyReplicas';
import { contentHash } from './contentHash';
import {
  generateResource,
  mergeGeneratorOptions,
  parseEnvFile,
  parseFileSource,
  parseLiteral,
} from './generateResource';
import {
  GeneratorArgs,
  Kustomization,
  PatchTarget,
  readKustomization,
} from './Kustomization';
import {
  currentName,
  describeResource,
  hasHadName,
  isPlainObject,
  KustomizeResource,
  rememberName,
} from './KustomizeResource';
import { legacySort } from './legacySort';
import { selectResources } from './selectResources';
import { strategicMerge } from './strategicMerge';
import { updateNameReferences } from './updateNameReferences';

/** The file names Kustomize accepts for a kustomization, in its order of preference. */
export const kustomizationFileNames = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

function isRemoteReference(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^git@/.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry)
  );
}

function lineOfText(text: string, needle: string, fallback: number): number {
  const index = text.indexOf(needle);
  return index < 0 ? fallback : text.slice(0, index).split('\n').length;
}

interface LoadedKustomization {
  dir: string;
  file: string;
  text: string;
  line: number;
  spec: Kustomization;
}

interface Patch {
  document: ParsedDocument;
  file: string;
}

/**
 * Builds a kustomization the way `kustomize build` does: resources (files and
 * nested kustomizations), generators, components, then the transformers in
 * Kustomize's order, content-hash suffixes and reference updates at the top,
 * and the legacy kind order for the output.
 */
export class KustomizationBuilder {
  readonly #reader: RenderReader;

  constructor(reader: RenderReader) {
    this.#reader = reader;
  }

  async build(root: string): Promise<KubernetesObject[]> {
    const resources = await this.#accumulate(root, [], [], false);
    const topFile = (await this.#findKustomizationFile(root)) ?? root;
    for (const resource of resources) {
      if (resource.needsHashSuffix) {
        rememberName(resource);
        resource.object.metadata.name = `${
          resource.object.metadata.name
        }-${contentHash(resource.object)}`;
      }
    }
    updateNameReferences(resources, topFile);
    return legacySort(resources).map(resource => resource.object);
  }

  async #findKustomizationFile(dir: string): Promise<string | undefined> {
    const found: string[] = [];
    for (const name of kustomizationFileNames) {
      const path = dir === '.' ? name : `${dir}/${name}`;
      if ((await this.#reader.typeOf(path)) === 'file') {
        found.push(path);
      }
    }
    if (found.length > 1) {
      throw new RenderError(
        `found more than one kustomization file: ${found.join(', ')}`,
        { file: dir },
      );
    }
    return found[0];
  }

  async #load(dir: string): Promise<LoadedKustomization> {
    const file = await this.#findKustomizationFile(dir);
    if (!file) {
      throw new RenderError(
        `no kustomization.yaml, kustomization.yml or Kustomization in the folder`,
        { file: dir },
      );
    }
    const text = await this.#reader.text(file);
    const documents = await this.#reader.documents(file);
    if (documents.length !== 1) {
      throw new RenderError(
        'a kustomization file must hold exactly one YAML document',
        { file },
      );
    }
    const { value, line } = documents[0];
    return {
      dir,
      file,
      text,
      line,
      spec: readKustomization(value, file, line),
    };
  }

  #fail(k: LoadedKustomization, message: string, needle?: string): never {
    throw new RenderError(message, {
      file: k.file,
      line: needle ? lineOfText(k.text, needle, k.line) : k.line,
    });
  }

  /** Resolves a path a kustomization names; files must stay in its folder, as Kustomize requires. */
  #resolve(
    k: LoadedKustomization,
    field: string,
    entry: string,
    fileOnly: boolean,
  ): string {
    if (isRemoteReference(entry)) {
      this.#fail(
        k,
        `${field}: remote base ${entry} is not fetched; the built-in renderer reads only this repository`,
        entry,
      );
    }
    const path = joinRepositoryPath(k.dir, entry);
    if (!path) {
      this.#fail(k, `${field}: ${entry} is outside the repository`, entry);
    }
    if (fileOnly && !isWithinFolder(path, k.dir)) {
      this.#fail(
        k,
        `${field}: file ${entry} is not in or below the kustomization's folder ${k.dir}`,
        entry,
      );
    }
    return path;
  }

  #add(list: KustomizeResource[], resource: KustomizeResource): void {
    const { name, namespace } = currentName(resource);
    const clash = list.find(existing => {
      const other = currentName(existing);
      return (
        existing.object.apiVersion === resource.object.apiVersion &&
        existing.object.kind === resource.object.kind &&
        other.name === name &&
        (other.namespace || 'default') === (namespace || 'default')
      );
    });
    if (clash) {
      throw new RenderError(
        `${describeResource(resource)} is declared twice (also at ${
          clash.file
        }:${clash.line})`,
        { file: resource.file, line: resource.line },
      );
    }
    list.push(resource);
  }

  async #accumulate(
    dir: string,
    initial: KustomizeResource[],
    stack: string[],
    asComponent: boolean,
  ): Promise<KustomizeResource[]> {
    if (stack.includes(dir)) {
      throw new RenderError(
        `kustomizations refer to each other in a cycle: ${[...stack, dir].join(
          ' -> ',
        )}`,
        {
          file: stack[stack.length - 1],
        },
      );
    }
    if (stack.length >= this.#reader.limits.maxDepth) {
      throw new RenderError(
        `kustomizations nest deeper than ${
          this.#reader.limits.maxDepth
        } levels (limit maxDepth)`,
        { file: dir },
      );
    }
    const k = await this.#load(dir);
    const { spec } = k;
    if (asComponent && spec.kind !== 'Component') {
      this.#fail(k, 'is listed under components but its kind is not Component');
    }
    if (!asComponent && spec.kind === 'Component') {
      this.#fail(k, 'is a Component; list it under components, not resources');
    }
    const inner = [...stack, dir];
    let list = [...initial];

    for (const entry of spec.resources) {
      const path = this.#resolve(k, 'resources', entry, false);
      const type = await this.#reader.typeOf(path);
      if (type === 'file') {
        if (!isWithinFolder(path, dir)) {
          this.#fail(
            k,
            `resources: file ${entry} is not in or below the kustomization's folder ${dir}`,
            entry,
          );
        }
        for (const manifest of await this.#reader.manifests(path)) {
          this.#add(list, {
            object: manifest.object,
            file: manifest.file,
            line: manifest.line,
            previousNames: [],
            needsHashSuffix: false,
          });
        }
      } else if (type === 'directory') {
        for (const resource of await this.#accumulate(path, [], inner, false)) {
          this.#add(list, resource);
        }
      } else {
        this.#fail(k, `resources: ${entry} does not exist`, entry);
      }
    }

    for (const [kind, field] of [
      ['ConfigMap', 'configMapGenerator'],
      ['Secret', 'secretGenerator'],
    ] as const) {
      for (const args of spec[field]) {
        await this.#generate(k, kind, args, list);
      }
    }

    for (const entry of spec.components) {
      const path = this.#resolve(k, 'components', entry, false);
      if ((await this.#reader.typeOf(path)) !== 'directory') {
        this.#fail(k, `components: ${entry} is not a folder`, entry);
      }
      list = await this.#accumulate(path, list, inner, true);
    }

    await this.#transform(k, list);
    return list.filter(resource => !resource.deleted);
  }

  async #generate(
    k: LoadedKustomization,
    kind: 'ConfigMap' | 'Secret',
    args: GeneratorArgs,
    list: KustomizeResource[],
  ): Promise<void> {
    const field =
      kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator';
    const pairs: [string, Buffer][] = [];
    for (const env of args.envs) {
      const path = this.#resolve(k, field, env, true);
      for (const [key, value] of parseEnvFile(
        await this.#reader.text(path),
        path,
      )) {
        pairs.push([key, Buffer.from(value, 'utf8')]);
      }
    }
    for (const literal of args.literals) {
      const pair = parseLiteral(literal);
      if (!pair) {
        this.#fail(
          k,
          `${field} ${args.name}: literal ${JSON.stringify(
            literal,
          )} is not KEY=value`,
          literal,
        );
      }
      pairs.push([pair[0], Buffer.from(pair[1], 'utf8')]);
    }
    for (const source of args.files) {
      const parsed = parseFileSource(source);
      if (!parsed) {
        this.#fail(
          k,
          `${field} ${args.name}: file source ${JSON.stringify(
            source,
          )} is not path or key=path`,
          source,
        );
      }
      const path = this.#resolve(k, field, parsed.path, true);
      if ((await this.#reader.typeOf(path)) !== 'file') {
        this.#fail(
          k,
          `${field} ${args.name}: file ${parsed.path} does not exist`,
          source,
        );
      }
      pairs.push([parsed.key, await this.#reader.bytes(path)]);
    }
    const options = mergeGeneratorOptions(
      args.options,
      k.spec.generatorOptions,
    );
    const object = generateResource(kind, args, pairs, options, k.file);
    const resource: KustomizeResource = {
      object,
      file: k.file,
      line: lineOfText(k.text, args.name, k.line),
      previousNames: [],
      needsHashSuffix: !options.disableNameSuffixHash,
    };
    if (args.behavior === 'create') {
      this.#add(list, resource);
      return;
    }
    const matches = list.filter(
      existing =>
        existing.object.kind === kind &&
        hasHadName(existing, args.name, args.namespace ?? ''),
    );
    if (matches.length !== 1) {
      this.#fail(
        k,
        `${field} ${args.name}: behavior ${args.behavior} needs exactly one existing ${kind} named ${args.name}, found ${matches.length}`,
        args.name,
      );
    }
    const old = matches[0];
    const merged = object;
    merged.metadata = {
      ...merged.metadata,
      name: old.object.metadata.name,
      labels: { ...old.object.metadata.labels, ...merged.metadata.labels },
      annotations: {
        ...old.object.metadata.annotations,
        ...merged.metadata.annotations,
      },
    };
    if (old.object.metadata.namespace) {
      merged.metadata.namespace = old.object.metadata.namespace;
    } else {
      delete merged.metadata.namespace;
    }
    for (const key of ['labels', 'annotations'] as const) {
      if (Object.keys(merged.metadata[key] ?? {}).length === 0) {
        delete merged.metadata[key];
      }
    }
    if (args.behavior === 'merge') {
      for (const key of ['data', 'binaryData'] as const) {
        const combined = {
          ...(old.object[key] as object),
          ...(merged[key] as object),
        };
        if (Object.keys(combined).length > 0) {
          merged[key] = combined;
        }
      }
    }
    old.object = merged;
    old.needsHashSuffix = old.needsHashSuffix || resource.needsHashSuffix;
  }

  async #loadPatches(
    k: LoadedKustomization,
    field: string,
    entry: { path?: string; patch?: string },
  ): Promise<Patch[]> {
    if (entry.patch !== undefined) {
      const documents = parseYamlDocuments(entry.patch, k.file, {
        maxAliasCount: this.#reader.limits.maxAliasCount,
      });
      return documents.map(document => ({
        document: {
          ...document,
          line: lineOfText(k.text, entry.patch!.split('\n')[0], k.line),
        },
        file: k.file,
      }));
    }
    const path = this.#resolve(k, field, entry.path!, true);
    if ((await this.#reader.typeOf(path)) !== 'file') {
      this.#fail(
        k,
        `${field}: patch file ${entry.path} does not exist`,
        entry.path,
      );
    }
    return (await this.#reader.documents(path)).map(document => ({
      document,
      file: path,
    }));
  }

  #strategicMergeByName(list: KustomizeResource[], patch: Patch): void {
    const { value, line } = patch.document;
    if (
      !isPlainObject(value) ||
      !isPlainObject(value.metadata) ||
      typeof value.metadata.name !== 'string'
    ) {
      throw new RenderError(
        'a strategic merge patch needs kind and metadata.name',
        { file: patch.file, line },
      );
    }
    const name = value.metadata.name;
    const namespace =
      typeof value.metadata.namespace === 'string'
        ? value.metadata.namespace
        : undefined;
    const matches = list.filter(
      resource =>
        !resource.deleted &&
        resource.object.kind === value.kind &&
        (value.apiVersion === undefined ||
          resource.object.apiVersion === value.apiVersion) &&
        hasHadName(resource, name, namespace),
    );
    if (matches.length !== 1) {
      throw new RenderError(
        matches.length === 0
          ? `patch matches no resource: ${String(value.kind)} ${name}`
          : `patch matches ${matches.length} resources named ${name}; give metadata.namespace`,
        { file: patch.file, line },
      );
    }
    this.#mergeInto(matches[0], value, false);
  }

  #mergeInto(
    resource: KustomizeResource,
    patch: Record<string, unknown>,
    keepIdentity: boolean,
  ): void {
    if (patch.$patch === 'delete') {
      resource.deleted = true;
      return;
    }
    let effective = patch;
    if (keepIdentity) {
      const { apiVersion: _a, kind: _k, ...rest } = patch;
      effective = rest;
      if (isPlainObject(rest.metadata)) {
        const { name: _n, namespace: _ns, ...metadata } = rest.metadata;
        effective = { ...rest, metadata };
      }
    }
    resource.object = strategicMerge(
      resource.object,
      effective,
    ) as KubernetesObject;
  }

  #jsonPatch(
    resource: KustomizeResource,
    patch: Patch,
    operations: ReturnType<typeof toJsonPatchOperations>,
  ): void {
    try {
      resource.object = applyJsonPatch(
        resource.object,
        operations!,
      ) as KubernetesObject;
    } catch (error) {
      throw new RenderError(
        `JSON patch on ${describeResource(resource)}: ${
          (error as Error).message
        }`,
        {
          file: patch.file,
          line: patch.document.line,
        },
      );
    }
  }

  #applyTargeted(
    list: KustomizeResource[],
    patches: Patch[],
    target: PatchTarget,
  ): void {
    const selected = selectResources(
      list.filter(resource => !resource.deleted),
      target,
    );
    for (const patch of patches) {
      const operations = toJsonPatchOperations(patch.document.value);
      for (const resource of selected) {
        if (operations) {
          this.#jsonPatch(resource, patch, operations);
        } else if (isPlainObject(patch.document.value)) {
          this.#mergeInto(resource, patch.document.value, true);
        } else {
          throw new RenderError(
            'a patch must be a mapping or a list of JSON patch operations',
            {
              file: patch.file,
              line: patch.document.line,
            },
          );
        }
      }
    }
  }

  async #transform(
    k: LoadedKustomization,
    list: KustomizeResource[],
  ): Promise<void> {
    const { spec } = k;
    for (const entry of spec.patchesStrategicMerge) {
      const patches = entry.includes('\n')
        ? await this.#loadPatches(k, 'patchesStrategicMerge', { patch: entry })
        : await this.#loadPatches(k, 'patchesStrategicMerge', { path: entry });
      for (const patch of patches) {
        this.#strategicMergeByName(list, patch);
      }
    }
    for (const entry of spec.patches) {
      const patches = await this.#loadPatches(k, 'patches', entry);
      if (entry.target) {
        this.#applyTargeted(list, patches, entry.target);
        continue;
      }
      for (const patch of patches) {
        if (toJsonPatchOperations(patch.document.value)) {
          throw new RenderError('a JSON patch needs a target', {
            file: patch.file,
            line: patch.document.line,
          });
        }
        this.#strategicMergeByName(list, patch);
      }
    }
    const live = list.filter(resource => !resource.deleted);
    if (spec.namespace) {
      applyNamespace(live, spec.namespace, k.file);
    }
    if (spec.namePrefix || spec.nameSuffix) {
      applyNameAffixes(live, spec.namePrefix ?? '', spec.nameSuffix ?? '');
    }
    applyLabels(live, spec.labels, spec.commonLabels);
    applyAnnotations(live, spec.commonAnnotations);
    for (const entry of spec.patchesJson6902) {
      const patches = await this.#loadPatches(k, 'patchesJson6902', entry);
      for (const patch of patches) {
        if (!toJsonPatchOperations(patch.document.value)) {
          throw new RenderError(
            'a patchesJson6902 patch must be a list of operations',
            {
              file: patch.file,
              line: patch.document.line,
            },
          );
        }
      }
      this.#applyTargeted(live, patches, entry.target!);
    }
    applyReplicas(live, spec.replicas, k.file);
    applyImages(live, spec.images);
  }
}
