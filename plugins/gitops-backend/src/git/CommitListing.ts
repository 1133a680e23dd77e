import { TreeEntry } from './parseLsTree';
import { parentPath } from './repositoryPath';

/**
 * A commit's full `ls-tree -r -t` listing, indexed by folder, so the entries
 * under one path cost in proportion to that folder and not to the whole
 * repository. A config repository with a thousand applications holds tens of
 * thousands of entries, and every environment of every pass asks for a few
 * folders of it: a scan of the whole listing per question grows with the
 * square of the repository.
 */
export class CommitListing {
  private constructor(
    private readonly byPath: Map<string, TreeEntry>,
    private readonly children: Map<string, TreeEntry[]>,
  ) {}

  /** The listing of `git ls-tree -r -t` output. */
  static of(entries: readonly TreeEntry[]): CommitListing {
    const listing = new CommitListing(new Map(), new Map());
    for (const entry of entries) {
      listing.add(entry);
    }
    return listing;
  }

  /**
   * The listing of another commit, from this one and the changes between
   * them (`git diff-tree -r -t`): a push that changes one file costs a few
   * entries, not a fresh listing of the whole repository. This listing is
   * left as it is; the two share every folder the changes do not touch.
   */
  withChanges(
    changes: ReadonlyArray<{ path: string; after?: Omit<TreeEntry, 'path'> }>,
  ): CommitListing {
    const derived = new CommitListing(
      new Map(this.byPath),
      new Map(this.children),
    );
    const copied = new Set<string>();
    const siblingsOf = (parent: string) => {
      if (!copied.has(parent)) {
        copied.add(parent);
        derived.children.set(parent, [...(derived.children.get(parent) ?? [])]);
      }
      return derived.children.get(parent)!;
    };
    for (const { path } of changes) {
      if (derived.byPath.delete(path)) {
        const siblings = siblingsOf(parentPath(path));
        siblings.splice(
          siblings.findIndex(sibling => sibling.path === path),
          1,
        );
      }
    }
    for (const { path, after } of changes) {
      if (after) {
        const entry = { ...after, path };
        derived.byPath.set(path, entry);
        siblingsOf(parentPath(path)).push(entry);
      }
    }
    for (const parent of copied) {
      if (derived.children.get(parent)!.length === 0) {
        derived.children.delete(parent);
      }
    }
    return derived;
  }

  /** Every entry of the commit. */
  all(): TreeEntry[] {
    return [...this.byPath.values()];
  }

  /** Whether some entry is the blob `oid`. */
  hasBlob(oid: string): boolean {
    for (const entry of this.byPath.values()) {
      if (entry.oid === oid && entry.type === 'blob') {
        return true;
      }
    }
    return false;
  }

  /**
   * The entries at and below `path`, and the folders above it (which tell
   * that the path exists), as a filter of the whole listing would give them.
   */
  under(path: string): TreeEntry[] {
    if (path === '') {
      return this.all();
    }
    const found: TreeEntry[] = [];
    for (const ancestor of ancestorsOf(path)) {
      const entry = this.byPath.get(ancestor);
      if (entry) {
        found.push(entry);
      }
    }
    const self = this.byPath.get(path);
    if (!self) {
      return found;
    }
    found.push(self);
    const folders = [path];
    while (folders.length > 0) {
      for (const child of this.children.get(folders.pop()!) ?? []) {
        found.push(child);
        if (child.type === 'tree') {
          folders.push(child.path);
        }
      }
    }
    return found;
  }

  private add(entry: TreeEntry) {
    this.byPath.set(entry.path, entry);
    const parent = parentPath(entry.path);
    let siblings = this.children.get(parent);
    if (!siblings) {
      siblings = [];
      this.children.set(parent, siblings);
    }
    siblings.push(entry);
  }
}

/** `a/b/c` → `a`, `a/b`. */
function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let parent = parentPath(path); parent !== ''; ) {
    ancestors.unshift(parent);
    parent = parentPath(parent);
  }
  return ancestors;
}
