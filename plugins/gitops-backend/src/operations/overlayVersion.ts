import { RepositorySnapshot } from '@slipway/plugin-gitops-node';
import { WorkingTree } from '../git';
import {
  ImageVersionUpdate,
  OverlayEditError,
  readContainerImages,
  readKustomizeImage,
  setContainerImages,
  setKustomizeImage,
} from '../overlays';

/** The read side shared by a Git snapshot and a working tree. */
export type OverlayFiles = Pick<
  RepositorySnapshot,
  'readFile' | 'readDirectory' | 'stat'
>;

/** The image an overlay pins and its version. */
export interface OverlayVersion {
  image: string;
  /** The digest when pinned by digest, else the tag; undefined when the overlay pins neither. */
  version?: string;
}

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];
const MANIFEST_FILE = /\.(ya?ml)$/;

async function findKustomization(
  files: OverlayFiles,
  overlayPath: string,
): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const path = `${overlayPath}/${name}`;
    if ((await files.stat(path))?.type === 'file') {
      return path;
    }
  }
  return undefined;
}

async function manifestFiles(
  files: OverlayFiles,
  folder: string,
): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await files.readDirectory(folder)) {
    const path = `${folder}/${entry.name}`;
    if (entry.type === 'directory') {
      found.push(...(await manifestFiles(files, path)));
    } else if (entry.type === 'file' && MANIFEST_FILE.test(entry.name)) {
      found.push(path);
    }
  }
  return found.sort();
}

async function assertOverlayExists(files: OverlayFiles, overlayPath: string) {
  const entry = await files.stat(overlayPath);
  if (entry?.type !== 'directory') {
    throw new OverlayEditError(
      'the environment has no overlay folder in the config repository',
      overlayPath,
    );
  }
}

/**
 * The version an environment's overlay pins: the kustomization's `images:`
 * entry for the application's image, or the container images of a plain
 * overlay. Without a configured image, the first one found is the
 * application's.
 */
export async function readOverlayVersion(
  files: OverlayFiles,
  overlayPath: string,
  image?: string,
): Promise<OverlayVersion | undefined> {
  await assertOverlayExists(files, overlayPath);
  const kustomization = await findKustomization(files, overlayPath);
  if (kustomization) {
    const text = (await files.readFile(kustomization)).toString('utf8');
    const entry = readKustomizeImage(text, kustomization, image);
    if (!entry) {
      return undefined;
    }
    return { image: entry.name, version: entry.digest ?? entry.tag };
  }
  for (const file of await manifestFiles(files, overlayPath)) {
    const text = (await files.readFile(file)).toString('utf8');
    const [first] = readContainerImages(text, file, image);
    if (first) {
      return { image: first.repository, version: first.digest ?? first.tag };
    }
  }
  return undefined;
}

/**
 * Pins a version in an environment's overlay, keeping each file's comments
 * and formatting: the kustomization's `images:` entry (added when missing),
 * or every matching container image of a plain overlay.
 */
export async function writeOverlayVersion(
  tree: WorkingTree,
  overlayPath: string,
  update: ImageVersionUpdate,
): Promise<void> {
  await assertOverlayExists(tree, overlayPath);
  const kustomization = await findKustomization(tree, overlayPath);
  if (kustomization) {
    const text = await tree.readText(kustomization);
    await tree.writeFile(
      kustomization,
      setKustomizeImage(text, kustomization, update),
    );
    return;
  }
  let changedFiles = 0;
  for (const file of await manifestFiles(tree, overlayPath)) {
    const text = await tree.readText(file);
    if (readContainerImages(text, file, update.image).length === 0) {
      continue;
    }
    await tree.writeFile(file, setContainerImages(text, file, update));
    changedFiles += 1;
  }
  if (changedFiles === 0) {
    throw new OverlayEditError(
      `no container in the overlay uses the image ${update.image}`,
      overlayPath,
    );
  }
}
