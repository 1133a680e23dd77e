import { posix } from 'path';
import { RenderError } from '@slipway/plugin-gitops-node';
import { helmError } from './helmError';

/** Where one render found its kustomization files, by folder. */
export type KustomizationFiles = Map<string, string>;

// kustomize and Helm see the repository at /repo (see kustomize/snapshotfs.go
// and GoWasmWorker).
const mountPoint = /(^|[\s'"(=])\/repo(?:\/|(?=[\s'"):]|$))/g;

/** A message of kustomize's or Helm's, with repository-relative paths. */
export function withRepositoryPaths(message: string): string {
  return message.replace(mountPoint, (_all, before: string) => before);
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (const match of text.matchAll(pattern)) {
    last = match as RegExpExecArray;
  }
  return last;
}

/**
 * Turns kustomize's error text into a {@link RenderError} about the file it
 * concerns: kustomize names folders as it recurses into bases, and files and
 * lines for YAML it cannot read; the message stays kustomize's own, with
 * repository-relative paths.
 */
export function kustomizeError(
  message: string,
  root: string,
  kustomizations: KustomizationFiles,
  escaped: string[],
): RenderError {
  const text = withRepositoryPaths(message);
  let folder = root;
  const recursed = lastMatch(text, /recursed accumulation of path '([^']+)'/g);
  if (recursed) {
    folder = recursed[1];
  }
  const kustomization = kustomizations.get(folder) ?? folder;
  if (escaped.length) {
    return new RenderError(`a path leads outside the repository: ${text}`, {
      file: kustomization,
    });
  }
  // The Helm generator says `helm template <release> <chart> …: <Helm's error>`.
  const helm = /helm template (?:--generate-name|\S+) (\S+)/.exec(text);
  if (helm) {
    return helmError(text, helm[1]);
  }
  const missingTarget = lastMatch(
    text,
    /couldn't make target for path '([^']+)'/g,
  );
  if (missingTarget) {
    return new RenderError(text, { file: missingTarget[1] });
  }
  const yamlLine = lastMatch(text, /yaml: line (\d+):/g);
  const inFile = lastMatch(text, /in File: (\S+)/g);
  if (inFile) {
    return new RenderError(text, {
      file: posix.join(folder, inFile[1]),
      line: yamlLine ? Number(yamlLine[1]) : undefined,
    });
  }
  if (/invalid Kustomization:/.test(text)) {
    return new RenderError(text, {
      file: kustomization,
      line: yamlLine ? Number(yamlLine[1]) : undefined,
    });
  }
  return new RenderError(text, { file: kustomization });
}
