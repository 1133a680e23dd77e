import { InputError, NotFoundError } from '@backstage/errors';
import { RepositoryEntry } from '@slipway/plugin-gitops-node';
import {
  algorithmOf,
  formatTreeObject,
  GitObject,
  HashAlgorithm,
  hashObject,
  parseTreeObject,
  RawTreeEntry,
} from './gitObjects';
import { assertRevision } from './gitRevision';
import {
  normalizeRepositoryPath,
  parentPath,
  resolveSymlinkTarget,
} from './repositoryPath';
import { WorkingTree } from './WorkingTree';

/**
 * Reads objects by name (`<oid>`, `<rev>:<path>`, `<rev>^{commit}`) in one
 * `git cat-file --batch`, in order; undefined for what does not exist.
 */
export type ObjectReader = (
  names: string[],
) => Promise<Array<GitObject | undefined>>;

/** The objects of a changed tree, for `git unpack-objects`. */
export interface BuiltTree {
  /** The new root tree. */
  tree: string;
  /** The tree the edit started from (the empty tree for a new branch). */
  base: string;
  /** Blobs and trees the change made, each once. */
  objects: Array<{ type: 'blob' | 'tree'; content: Buffer }>;
}

interface Folder {
  kind: 'folder';
  /** The tree as in the repository; undefined once changed or new. */
  oid?: string;
  /** Undefined until listed. */
  children?: Map<string, Node>;
}

interface File {
  kind: 'file';
  /** `100644`, `100755`, `120000` (symlink) or `160000` (submodule). */
  mode: string;
  /** Undefined for content written by the edit. */
  oid?: string;
  content?: Buffer;
}

type Node = Folder | File;

interface Resolved {
  node: Node;
  /** The folder holding it (undefined for the root). */
  parent?: Folder;
}

const MAX_SYMLINK_HOPS = 40;
/**
 * Most blobs of one folder read together with the one a read needs, and
 * which: manifests, what an overlay edit reads next (never, say, a large
 * archive beside them).
 */
const READ_AHEAD = 64;
const READ_AHEAD_NAME = /(\.ya?ml|\.json|^Kustomization)$/;
const SYMLINK = '120000';
const SUBMODULE = '160000';
const REGULAR_FILE = /^100(644|755)$/;

/**
 * A {@link WorkingTree} over a commit's objects: nothing is checked out.
 * A folder is listed when an edit first reaches it — the folders along one
 * path in a single `git cat-file --batch` — and a blob read when an edit
 * reads it; writes stay in memory. {@link ObjectWorkingTree.build} then
 * hashes the changed blobs and the trees above them, as `git write-tree`
 * would, so an edit of one overlay costs the same in a repository of ten
 * applications as in one of thousands.
 *
 * Symbolic links behave as in a checkout: reads follow them (never out of the
 * repository), writes through them are refused.
 */
export class ObjectWorkingTree implements WorkingTree {
  private readonly root: Folder;
  /** The head's root tree, once listed. */
  private rootTree?: string;
  /** Tree objects seen or made, by id. */
  private readonly trees = new Map<string, RawTreeEntry[]>();
  /** Blob contents read or made, by id. */
  private readonly blobs = new Map<string, Buffer>();
  private readonly algorithm: HashAlgorithm;

  /**
   * @param algorithm - of the repository's object ids; taken from the head
   * when there is one.
   */
  constructor(
    readonly head: string | undefined,
    private readonly read: ObjectReader,
    algorithm: HashAlgorithm = 'sha1',
  ) {
    this.algorithm = head ? algorithmOf(head) : algorithm;
    this.root = head
      ? { kind: 'folder' }
      : { kind: 'folder', children: new Map() };
  }

  async readFile(path: string): Promise<Buffer> {
    const found = await this.resolve(normalizeRepositoryPath(path), path);
    if (!found || isSubmodule(found.node)) {
      throw new NotFoundError(`${path} does not exist in the working tree`);
    }
    if (found.node.kind === 'folder') {
      throw new InputError(`${path} is a directory, not a file`);
    }
    return Buffer.from(await this.contentOf(found.node, found.parent));
  }

  async readText(path: string): Promise<string> {
    return (await this.readFile(path)).toString('utf8');
  }

  async writeFile(path: string, content: string | Buffer): Promise<void> {
    const normalized = requireNonRoot(path, 'write');
    await this.checkWritable(normalized, false);
    const name = baseName(normalized);
    const parent = this.makeFolders(parentPath(normalized));
    const existing = parent.children!.get(name);
    if (existing && (existing.kind === 'folder' || isSubmodule(existing))) {
      throw new InputError(
        `Refusing to write ${normalized}: it is a ${
          existing.kind === 'folder' ? 'directory' : 'submodule'
        }`,
      );
    }
    parent.children!.set(name, {
      kind: 'file',
      mode:
        existing && REGULAR_FILE.test(existing.mode) ? existing.mode : '100644',
      content: Buffer.from(content),
    });
  }

  async remove(path: string): Promise<void> {
    const normalized = requireNonRoot(path, 'remove');
    await this.checkWritable(normalized, true);
    const parent = this.existingFolder(parentPath(normalized));
    if (parent?.children!.has(baseName(normalized))) {
      this.makeFolders(parentPath(normalized));
      parent.children!.delete(baseName(normalized));
    }
  }

  async stat(path: string): Promise<RepositoryEntry | undefined> {
    const normalized = normalizeRepositoryPath(path);
    if (normalized === '') {
      return { name: '', type: 'directory' };
    }
    // The entry too, in the same process: a folder is often read next.
    await this.prefetch(normalized.split('/'));
    const parent = await this.resolve(parentPath(normalized), path);
    if (parent?.node.kind !== 'folder') {
      return undefined;
    }
    await this.list(parent.node);
    const name = baseName(normalized);
    const type = entryType(parent.node.children!.get(name));
    return type ? { name, type } : undefined;
  }

  async readDirectory(path: string): Promise<RepositoryEntry[]> {
    const found = await this.resolve(normalizeRepositoryPath(path), path);
    if (!found || isSubmodule(found.node)) {
      throw new NotFoundError(`${path} does not exist in the working tree`);
    }
    if (found.node.kind !== 'folder') {
      throw new InputError(`${path} is not a directory`);
    }
    await this.list(found.node);
    const entries: RepositoryEntry[] = [];
    for (const [name, node] of found.node.children!) {
      const type = entryType(node);
      if (type) {
        entries.push({ name, type });
      }
    }
    return entries.sort((a, b) => a.name.localeCompare(b.name));
  }

  async restore(path: string, revision: string): Promise<void> {
    const normalized = requireNonRoot(path, 'restore');
    assertRevision(revision);
    await this.checkWritable(normalized, true);
    const [commit, folder] = await this.read([
      `${revision}^{commit}`,
      `${revision}^{commit}:${parentPath(normalized)}`,
    ]);
    if (commit?.type !== 'commit') {
      throw new NotFoundError(
        `Revision ${revision} not found in the repository`,
      );
    }
    const name = baseName(normalized);
    const then =
      folder?.type === 'tree'
        ? this.remember(folder)?.find(entry => entry.name === name)
        : undefined;
    if (!then) {
      await this.remove(normalized);
      return;
    }
    this.makeFolders(parentPath(normalized)).children!.set(name, nodeOf(then));
  }

  /**
   * The new tree's objects, or undefined when the edit left every file as
   * it was (the new tree is the head's).
   */
  build(): BuiltTree | undefined {
    if (!this.root.children || this.root.oid !== undefined) {
      return undefined;
    }
    const objects: BuiltTree['objects'] = [];
    const tree = this.buildFolder(this.root, objects)!;
    const empty = hashObject('tree', Buffer.alloc(0), this.algorithm);
    const base = this.rootTree ?? empty;
    if (tree === base) {
      return undefined;
    }
    if (!this.head) {
      // The diff of a first commit starts from the empty tree.
      this.store(Buffer.alloc(0), objects);
    }
    return { tree, base, objects };
  }

  /**
   * A file's text in a tree this edit read or made (`<tree>:<path>`, as
   * `git cat-file` reads it: no symlink followed), `null` when the tree has
   * no such file, undefined when that is not known without asking git.
   */
  textAt(tree: string, path: string): string | null | undefined {
    let current = tree;
    const segments = path.split('/');
    for (let index = 0; index < segments.length; index++) {
      const entries = this.trees.get(current);
      if (!entries) {
        return undefined;
      }
      const entry = entries.find(e => e.name === segments[index]);
      const last = index === segments.length - 1;
      if (!entry || (!last && entry.mode !== '40000')) {
        return null;
      }
      if (last) {
        if (entry.mode === '40000' || entry.mode === SUBMODULE) {
          return null;
        }
        return this.blobs.get(entry.oid)?.toString('utf8');
      }
      current = entry.oid;
    }
    return undefined;
  }

  /** The head's root tree, once the edit has listed it. */
  get baseTree(): string | undefined {
    return this.rootTree;
  }

  /**
   * Follows symlinks along a path: the node there, or undefined when some
   * part of it does not exist (or is a file).
   */
  private async resolve(
    path: string,
    asked: string,
  ): Promise<Resolved | undefined> {
    const pending = path === '' ? [] : path.split('/');
    let folder = this.root;
    let current: string[] = [];
    let hops = 0;
    await this.prefetch(pending);
    while (pending.length > 0) {
      await this.list(folder);
      const name = pending.shift()!;
      const node = folder.children!.get(name);
      if (!node) {
        return undefined;
      }
      const here = [...current, name].join('/');
      if (node.kind === 'file' && node.mode === SYMLINK) {
        hops += 1;
        if (hops > MAX_SYMLINK_HOPS) {
          throw new InputError(`Too many levels of symbolic links in ${asked}`);
        }
        const target = resolveSymlinkTarget(
          here,
          (await this.contentOf(node, folder)).toString('utf8'),
        );
        if (target === undefined) {
          throw new InputError(
            `Refusing to read ${asked}: a symbolic link leads outside the repository`,
          );
        }
        pending.unshift(...(target === '' ? [] : target.split('/')));
        folder = this.root;
        current = [];
        await this.prefetch(pending);
        continue;
      }
      if (node.kind === 'file') {
        return pending.length > 0 ? undefined : { node, parent: folder };
      }
      folder = node;
      current.push(name);
    }
    return { node: folder };
  }

  /**
   * Refuses writes through symbolic links (or files) anywhere on the path, as
   * in a checkout. `allowLinkAtEnd` lets `remove` and `restore` replace a
   * symlink itself.
   */
  private async checkWritable(normalized: string, allowLinkAtEnd: boolean) {
    const segments = normalized.split('/');
    await this.prefetch(segments);
    let folder = this.root;
    for (let index = 0; index < segments.length; index++) {
      await this.list(folder);
      const node = folder.children!.get(segments[index]);
      if (!node) {
        return;
      }
      const last = index === segments.length - 1;
      const here = segments.slice(0, index + 1).join('/');
      if (node.kind === 'file' && node.mode === SYMLINK) {
        if (!(last && allowLinkAtEnd)) {
          throw new InputError(
            `Refusing to write ${normalized}: ${here} is a symbolic link`,
          );
        }
      } else if (!last && node.kind !== 'folder') {
        throw new InputError(
          `Refusing to write ${normalized}: ${here} is not a directory`,
        );
      }
      if (node.kind === 'folder') {
        folder = node;
      }
    }
  }

  /**
   * Lists, in one `git cat-file --batch`, every folder along a path that is
   * not listed yet (and the blob at its end), so that walking it runs no
   * more git.
   */
  private async prefetch(segments: readonly string[]) {
    let folder = this.root;
    let index = 0;
    while (this.listFromCache(folder)) {
      const next = folder.children!.get(segments[index]);
      if (index >= segments.length || next?.kind !== 'folder') {
        return;
      }
      folder = next;
      index += 1;
    }
    const from = folder === this.root ? `${this.head}:` : folder.oid!;
    const names = [from];
    for (let end = index + 1; end <= segments.length; end++) {
      const path = segments.slice(index, end).join('/');
      if (path.includes('\n')) {
        // A request is one line: the rest is listed folder by folder.
        break;
      }
      names.push(
        folder === this.root ? `${this.head}:${path}` : `${folder.oid}:${path}`,
      );
    }
    const objects = await this.read(names);
    objects.forEach(object => object && this.remember(object));
    if (folder === this.root && objects[0]?.type === 'tree') {
      this.rootTree = objects[0].oid;
    }
  }

  /** Makes sure a folder's entries are known. */
  private async list(folder: Folder) {
    if (this.listFromCache(folder)) {
      return;
    }
    if (folder === this.root) {
      await this.prefetch([]);
    } else {
      const [object] = await this.read([folder.oid!]);
      if (object?.type === 'tree') {
        this.remember(object);
      }
    }
    if (!this.listFromCache(folder)) {
      throw new NotFoundError(
        `Tree ${folder.oid ?? this.head} is missing from the repository`,
      );
    }
  }

  /** Lists a folder whose tree has been read; false when it has not. */
  private listFromCache(folder: Folder): boolean {
    if (folder.children) {
      return true;
    }
    const oid = folder === this.root ? this.rootTree : folder.oid;
    const entries = oid === undefined ? undefined : this.trees.get(oid);
    if (!entries) {
      return false;
    }
    folder.oid = oid;
    folder.children = new Map(
      entries.map(entry => [entry.name, nodeOf(entry)]),
    );
    return true;
  }

  private remember(object: GitObject): RawTreeEntry[] | undefined {
    if (object.type === 'blob') {
      this.blobs.set(object.oid, object.content);
    } else if (object.type === 'tree') {
      let entries = this.trees.get(object.oid);
      if (!entries) {
        entries = parseTreeObject(object.content, this.algorithm);
        this.trees.set(object.oid, entries);
      }
      return entries;
    }
    return undefined;
  }

  /**
   * A file's content; reading one blob of a folder reads the folder's other
   * blobs with it (an overlay's files are usually read together).
   */
  private async contentOf(file: File, folder?: Folder): Promise<Buffer> {
    if (file.content) {
      return file.content;
    }
    const oid = file.oid!;
    if (!this.blobs.has(oid)) {
      const wanted = new Set([oid]);
      for (const [name, sibling] of folder?.children ?? []) {
        if (wanted.size >= READ_AHEAD) {
          break;
        }
        if (
          sibling.kind === 'file' &&
          sibling.oid &&
          REGULAR_FILE.test(sibling.mode) &&
          READ_AHEAD_NAME.test(name) &&
          !this.blobs.has(sibling.oid)
        ) {
          wanted.add(sibling.oid);
        }
      }
      (await this.read([...wanted])).forEach(
        object => object && this.remember(object),
      );
    }
    const content = this.blobs.get(oid);
    if (!content) {
      throw new NotFoundError(`Blob ${oid} is missing from the repository`);
    }
    return content;
  }

  /** The listed folder at a path, without following symlinks. */
  private existingFolder(path: string): Folder | undefined {
    let folder = this.root;
    for (const name of path === '' ? [] : path.split('/')) {
      const next = folder.children?.get(name);
      if (next?.kind !== 'folder') {
        return undefined;
      }
      folder = next;
    }
    return folder.children ? folder : undefined;
  }

  /**
   * The folders up to a path, made where missing, each marked changed (their
   * trees are built again). Only for paths {@link checkWritable} has listed.
   */
  private makeFolders(path: string): Folder {
    let folder = this.root;
    folder.oid = undefined;
    for (const name of path === '' ? [] : path.split('/')) {
      let next = folder.children!.get(name);
      if (next?.kind !== 'folder') {
        next = { kind: 'folder', children: new Map() };
        folder.children!.set(name, next);
      }
      if (!next.children) {
        throw new Error(`Folder ${path} is not listed`);
      }
      next.oid = undefined;
      folder = next;
    }
    return folder;
  }

  /** A changed folder's tree, or undefined when nothing is left in it. */
  private buildFolder(
    folder: Folder,
    objects: BuiltTree['objects'],
  ): string | undefined {
    if (folder.oid !== undefined) {
      return folder.oid;
    }
    const entries: RawTreeEntry[] = [];
    for (const [name, node] of folder.children!) {
      if (node.kind === 'folder') {
        const oid = this.buildFolder(node, objects);
        if (oid) {
          entries.push({ mode: '40000', name, oid });
        }
      } else {
        let oid = node.oid;
        if (oid === undefined) {
          oid = hashObject('blob', node.content!, this.algorithm);
          if (!this.blobs.has(oid)) {
            this.blobs.set(oid, node.content!);
            objects.push({ type: 'blob', content: node.content! });
          }
        }
        entries.push({ mode: node.mode, name, oid });
      }
    }
    if (entries.length === 0 && folder !== this.root) {
      return undefined;
    }
    return this.store(formatTreeObject(entries), objects);
  }

  private store(tree: Buffer, objects: BuiltTree['objects']): string {
    const oid = hashObject('tree', tree, this.algorithm);
    if (!this.trees.has(oid)) {
      this.trees.set(oid, parseTreeObject(tree, this.algorithm));
    }
    if (!objects.some(o => o.type === 'tree' && o.content.equals(tree))) {
      objects.push({ type: 'tree', content: tree });
    }
    return oid;
  }
}

function nodeOf(entry: RawTreeEntry): Node {
  return entry.mode === '40000'
    ? { kind: 'folder', oid: entry.oid }
    : { kind: 'file', mode: entry.mode, oid: entry.oid };
}

function isSubmodule(node: Node): boolean {
  return node.kind === 'file' && node.mode === SUBMODULE;
}

function entryType(
  node: Node | undefined,
): RepositoryEntry['type'] | undefined {
  if (!node || isSubmodule(node)) {
    // Submodules have no content in this repository.
    return undefined;
  }
  if (node.kind === 'folder') {
    return 'directory';
  }
  return node.mode === SYMLINK ? 'symlink' : 'file';
}

function requireNonRoot(path: string, action: string): string {
  const normalized = normalizeRepositoryPath(path);
  if (normalized === '') {
    throw new InputError(`Refusing to ${action} the repository root`);
  }
  return normalized;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
