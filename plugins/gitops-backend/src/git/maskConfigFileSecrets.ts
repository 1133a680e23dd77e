import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { posix } from 'node:path';
import { CHANGED_SECRET_MASK, SECRET_MASK } from '../diff/maskSecrets';

const KUSTOMIZATION_FILES = new Set([
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
]);

/** Whether a repository path names a kustomization file. */
export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILES.has(posix.basename(path));
}

/**
 * The files a kustomization's `secretGenerator`s read (`envs`, `files`,
 * `env`), as repository paths: their whole content is secret.
 */
export function secretGeneratorSources(
  kustomizationPath: string,
  text: string,
): string[] {
  const folder = posix.dirname(kustomizationPath);
  const sources: string[] = [];
  for (const document of parseAllDocuments(text)) {
    const generators = document.toJS({ maxAliasCount: 100 })?.secretGenerator;
    if (!Array.isArray(generators)) {
      continue;
    }
    for (const generator of generators) {
      const entries = [
        ...(Array.isArray(generator?.envs) ? generator.envs : []),
        ...(Array.isArray(generator?.files) ? generator.files : []),
        ...(typeof generator?.env === 'string' ? [generator.env] : []),
      ];
      for (const entry of entries) {
        if (typeof entry === 'string') {
          // `files` entries may be `key=path`.
          const file = entry.includes('=') ? entry.split('=').pop()! : entry;
          sources.push(posix.normalize(posix.join(folder, file)));
        }
      }
    }
  }
  return sources;
}

/** A config file with its secret values masked, and those values by key. */
export interface MaskedConfigFile {
  text: string;
  /** Each secret's clear value by where it stands, to tell a change. */
  values: Map<string, string>;
}

/**
 * A config file's text with every secret value replaced by
 * {@link SECRET_MASK}: the values of `v1` Secrets (`data`, `stringData`),
 * the `literals` of kustomize `secretGenerator`s, and the whole content of
 * files a generator reads. What it cannot parse but that looks like it may
 * hold secrets is masked whole, since a clear value must never be shown.
 * Given the values of the file before a change, a value that differs reads
 * {@link CHANGED_SECRET_MASK}, so a diff still shows what changed. The
 * text comes back unchanged when it holds no secret.
 */
export function maskConfigFileSecrets(
  path: string,
  text: string,
  isSecretSource: boolean,
  before?: ReadonlyMap<string, string>,
): MaskedConfigFile {
  const values = new Map<string, string>();
  const mask = (key: string, value: string) => {
    values.set(key, value);
    return before && before.get(key) !== value
      ? CHANGED_SECRET_MASK
      : SECRET_MASK;
  };
  if (isSecretSource) {
    return { text: maskSourceFile(text, mask), values };
  }
  if (!/\.ya?ml$/i.test(path) && !isKustomizationFile(path)) {
    return { text, values };
  }
  const documents = parseAllDocuments(text);
  if (documents.some(document => document.errors.length > 0)) {
    return /\bkind:\s*["']?Secret\b|\bsecretGenerator\s*:/.test(text)
      ? {
          text: `${mask(
            'file',
            text,
          )} (this file holds secrets and is not valid YAML)\n`,
          values,
        }
      : { text, values };
  }
  let masked = false;
  documents.forEach((document, index) => {
    const contents = document.contents;
    if (!isMap(contents)) {
      return;
    }
    const kind: unknown = contents.get('kind');
    const apiVersion: unknown = contents.get('apiVersion');
    if (
      kind === 'Secret' &&
      (apiVersion === 'v1' || apiVersion === undefined)
    ) {
      const name = String(contents.getIn(['metadata', 'name']) ?? index);
      for (const field of ['data', 'stringData']) {
        const fieldValues = contents.get(field, true);
        if (isMap(fieldValues)) {
          for (const pair of fieldValues.items) {
            if (isScalar(pair.value) || pair.value === null) {
              const key = `secret:${name}/${field}/${String(
                isScalar(pair.key) ? pair.key.value : pair.key,
              )}`;
              const value = isScalar(pair.value)
                ? String(pair.value.value)
                : '';
              pair.value = document.createNode(mask(key, value));
              masked = true;
            }
          }
        }
      }
    }
    const generators = contents.get('secretGenerator', true);
    if (isSeq(generators)) {
      for (const generator of generators.items) {
        if (!isMap(generator)) {
          continue;
        }
        const generatorName = String(generator.get('name') ?? '');
        const literals = generator.get('literals', true);
        if (isSeq(literals) && literals.items.length > 0) {
          const prefix = `literal:${generatorName}/`;
          literals.items = literals.items.map(item => {
            const literal = isScalar(item) ? String(item.value) : '';
            const separator = literal.indexOf('=');
            const name = separator < 0 ? literal : literal.slice(0, separator);
            return document.createNode(
              `${name}=${mask(prefix + name, literal.slice(separator + 1))}`,
            ) as typeof item;
          });
          masked = true;
        }
      }
    }
  });
  return {
    text: masked
      ? documents.map(document => document.toString()).join('')
      : text,
    values,
  };
}

/** `KEY=value` lines keep their keys; any other content goes whole. */
function maskSourceFile(
  text: string,
  mask: (key: string, value: string) => string,
): string {
  const lines = text.split('\n');
  const envStyle = lines.every(
    line =>
      line.trim() === '' ||
      line.trim().startsWith('#') ||
      /^[^=\s]+=/.test(line),
  );
  if (!envStyle) {
    return `${mask('file', text)}\n`;
  }
  return lines
    .map(line => {
      if (!/^[^=\s#]+=/.test(line)) {
        return line;
      }
      const separator = line.indexOf('=');
      const key = line.slice(0, separator);
      return `${key}=${mask(`env:${key}`, line.slice(separator + 1))}`;
    })
    .join('\n');
}
