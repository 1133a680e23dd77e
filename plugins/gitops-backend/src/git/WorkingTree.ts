import { RepositoryEntry } from '@slipway/plugin-gitops-node';

/**
 * A branch head as an edit sees and changes it (the writer keeps it in
 * memory over the repository's objects; nothing is checked out). Paths are
 * repository-relative with forward slashes; any path that leaves the
 * repository — `..`, absolute, or through a symbolic link — is refused before
 * anything is written.
 *
 * @public
 */
export interface WorkingTree {
  /** The commit the tree was checked out from; undefined for a new branch in an empty repository. */
  readonly head: string | undefined;
  readFile(path: string): Promise<Buffer>;
  /** Reads a file as UTF-8. */
  readText(path: string): Promise<string>;
  /** Writes a file, creating its folders. */
  writeFile(path: string, content: string | Buffer): Promise<void>;
  /** Removes a file or a folder with everything in it; nothing happens when it is missing. */
  remove(path: string): Promise<void>;
  /** The entry at a path (symlinks reported as such), or undefined. */
  stat(path: string): Promise<RepositoryEntry | undefined>;
  readDirectory(path: string): Promise<RepositoryEntry[]>;
  /**
   * Makes a folder (or file) exactly as it was at an earlier revision: files
   * that did not exist then are deleted, and the path is removed entirely if
   * it did not exist at all (`git checkout <rev> -- <path>` plus deletions).
   */
  restore(path: string, revision: string): Promise<void>;
}

/**
 * Changes files in a {@link WorkingTree}. The writer runs it again on the
 * new head when a push loses a race, so it must derive everything from the
 * tree it is given (no state kept between runs).
 *
 * @public
 */
export type TreeEdit = (tree: WorkingTree) => Promise<void> | void;
