import { KubernetesObject, RenderError } from '@slipway/plugin-gitops-node';
import { GeneratorArgs, GeneratorOptions } from './Kustomization';

/** `generatorOptions` of the kustomization merged under an entry's own options, as Kustomize merges them. */
export function mergeGeneratorOptions(
  local: GeneratorOptions | undefined,
  global: GeneratorOptions | undefined,
): GeneratorOptions {
  const merged: GeneratorOptions = { ...local };
  if (!global) {
    return merged;
  }
  if (global.labels) {
    merged.labels = { ...global.labels, ...local?.labels };
  }
  if (global.annotations) {
    merged.annotations = { ...global.annotations, ...local?.annotations };
  }
  merged.disableNameSuffixHash = !!(
    local?.disableNameSuffixHash || global.disableNameSuffixHash
  );
  merged.immutable = !!(local?.immutable || global.immutable);
  return merged;
}

function removeQuotes(value: string): string {
  if (
    value.length >= 2 &&
    value[0] === value[value.length - 1] &&
    (value[0] === '"' || value[0] === "'")
  ) {
    return value.slice(1, -1);
  }
  return value;
}

/** A `literals` entry, `KEY=value` (the value may be quoted). */
export function parseLiteral(source: string): [string, string] | undefined {
  const eq = source.indexOf('=');
  if (eq <= 0) {
    return undefined;
  }
  return [source.slice(0, eq), removeQuotes(source.slice(eq + 1))];
}

/** A `files` entry: `path` (key is the file name) or `key=path`. */
export function parseFileSource(
  source: string,
): { key: string; path: string } | undefined {
  const parts = source.split('=');
  if (parts.length === 1) {
    return { key: source.slice(source.lastIndexOf('/') + 1), path: source };
  }
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    return undefined;
  }
  return { key: parts[0], path: parts[1] };
}

/** The pairs of an env file: `KEY=value` lines, blank lines and `#` comments skipped. */
export function parseEnvFile(text: string, file: string): [string, string][] {
  const pairs: [string, string][] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.replace(/^\s+/, '');
      if (line === '' || line.startsWith('#')) {
        return;
      }
      const eq = line.indexOf('=');
      const key = eq < 0 ? line : line.slice(0, eq);
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
        throw new RenderError(
          `${JSON.stringify(key)} is not a valid environment variable name`,
          {
            file,
            line: index + 1,
          },
        );
      }
      pairs.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
    });
  return pairs;
}

function isValidUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the ConfigMap or Secret a generator entry describes from its
 * key/value pairs (already loaded, in Kustomize's order: env files, literals,
 * files). Values that are not UTF-8 go to `binaryData` of a ConfigMap.
 */
export function generateResource(
  kind: 'ConfigMap' | 'Secret',
  args: GeneratorArgs,
  pairs: [string, Buffer][],
  options: GeneratorOptions,
  file: string,
): KubernetesObject {
  const metadata: KubernetesObject['metadata'] = { name: args.name };
  if (args.namespace) {
    metadata.namespace = args.namespace;
  }
  const object: KubernetesObject = { apiVersion: 'v1', kind, metadata };
  const seen = new Set<string>();
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
      throw new RenderError(
        `${kind} ${args.name}: ${JSON.stringify(key)} is not a valid key name`,
        { file },
      );
    }
    if (seen.has(key)) {
      throw new RenderError(`${kind} ${args.name} repeats the key ${key}`, {
        file,
      });
    }
    seen.add(key);
    if (kind === 'Secret') {
      data[key] = value.toString('base64');
    } else if (isValidUtf8(value)) {
      data[key] = value.toString('utf8');
    } else {
      binaryData[key] = value.toString('base64');
    }
  }
  if (kind === 'Secret') {
    object.type = args.type ?? 'Opaque';
  }
  if (Object.keys(data).length > 0) {
    object.data = data;
  }
  if (Object.keys(binaryData).length > 0) {
    object.binaryData = binaryData;
  }
  if (options.labels && Object.keys(options.labels).length > 0) {
    metadata.labels = { ...options.labels };
  }
  if (options.annotations && Object.keys(options.annotations).length > 0) {
    metadata.annotations = { ...options.annotations };
  }
  if (options.immutable) {
    object.immutable = true;
  }
  return object;
}
