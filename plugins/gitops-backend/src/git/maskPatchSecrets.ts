import { structuredPatch } from 'diff';
import { posix } from 'node:path';
import { ChangedFile } from './parseNameStatus';
import {
  isKustomizationFile,
  maskConfigFileSecrets,
  secretGeneratorSources,
} from './maskConfigFileSecrets';

const KUSTOMIZATION_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** Reads files at a revision; undefined for what does not exist. */
export type RevisionFileReader = (
  requests: ReadonlyArray<{ revision: string; path: string }>,
) => Promise<Array<string | undefined>>;

/**
 * A `git diff` patch with no secret value in it: each changed file that
 * holds secrets (see {@link maskConfigFileSecrets}) gets its section
 * recomputed from masked contents on both sides, so the patch still shows
 * which keys changed but never a value. Sections without secrets stay as
 * git printed them. `files` is in the patch's order (`--name-status`).
 */
export async function maskPatchSecrets(options: {
  patch: string;
  files: readonly ChangedFile[];
  from: string;
  to: string;
  read: RevisionFileReader;
}): Promise<string> {
  const { files, from, to, read } = options;
  if (files.length === 0) {
    return options.patch;
  }
  // Kustomizations that may name a changed file as a generator's source:
  // those in its folder and every folder above it, at both revisions.
  const kustomizations = new Set<string>();
  for (const file of files) {
    for (
      let folder = posix.dirname(file.path);
      ;
      folder = posix.dirname(folder)
    ) {
      for (const name of KUSTOMIZATION_NAMES) {
        kustomizations.add(folder === '.' ? name : `${folder}/${name}`);
      }
      if (folder === '.') {
        break;
      }
    }
  }
  const kustomizationList = [...kustomizations];
  const requests = [
    ...files.flatMap(file => [
      { revision: from, path: file.path },
      { revision: to, path: file.path },
    ]),
    ...kustomizationList.flatMap(path => [
      { revision: from, path },
      { revision: to, path },
    ]),
  ];
  const texts = await read(requests);
  const sources = new Set<string>();
  kustomizationList.forEach((path, index) => {
    for (const text of texts.slice(
      files.length * 2 + index * 2,
      files.length * 2 + index * 2 + 2,
    )) {
      if (text !== undefined && isKustomizationFile(path)) {
        secretGeneratorSources(path, text).forEach(source =>
          sources.add(source),
        );
      }
    }
  });

  const sections = splitSections(options.patch);
  if (sections.length !== files.length) {
    // Never show a patch whose sections cannot be told apart.
    return '';
  }
  return sections
    .map((section, index) => {
      const { path } = files[index];
      const before = texts[index * 2];
      const after = texts[index * 2 + 1];
      const secret = sources.has(path);
      const maskedBefore =
        before === undefined
          ? undefined
          : maskConfigFileSecrets(path, before, secret);
      const maskedAfter =
        after === undefined
          ? undefined
          : maskConfigFileSecrets(path, after, secret, maskedBefore?.values);
      if (maskedBefore?.text === before && maskedAfter?.text === after) {
        return section;
      }
      return formatSection(path, maskedBefore?.text, maskedAfter?.text);
    })
    .join('');
}

function splitSections(patch: string): string[] {
  const starts: number[] = [];
  const pattern = /^diff --git /gm;
  for (let match = pattern.exec(patch); match; match = pattern.exec(patch)) {
    starts.push(match.index);
  }
  return starts.map((start, index) =>
    patch.slice(start, starts[index + 1] ?? patch.length),
  );
}

/** A section in git's format, for contents git did not diff itself. */
function formatSection(
  path: string,
  before: string | undefined,
  after: string | undefined,
): string {
  const lines = [`diff --git a/${path} b/${path}`];
  if (before === undefined) lines.push('new file mode 100644');
  if (after === undefined) lines.push('deleted file mode 100644');
  lines.push(before === undefined ? '--- /dev/null' : `--- a/${path}`);
  lines.push(after === undefined ? '+++ /dev/null' : `+++ b/${path}`);
  const patch = structuredPatch('', '', before ?? '', after ?? '', '', '', {
    context: 3,
  });
  for (const hunk of patch.hunks) {
    lines.push(
      `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
      ...hunk.lines,
    );
  }
  return `${lines.join('\n')}\n`;
}
