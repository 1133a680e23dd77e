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
  private readonly byPath = new Map<string, TreeEntry>();
  private readonly children = new Map<string, TreeEntry[]>();

  constructor(readonly entries: readonly TreeEntry[]) {
    for (const entry of entries) {
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

  /**
   * The entries at and below `path`, and the folders above it (which tell
   * that the path exists), as a filter of the whole listing would give them.
   */
  under(path: string): TreeEntry[] {
    if (path === '') {
      return [...this.entries];
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
