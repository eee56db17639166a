import { dirname, relative, sep } from 'node:path';

/**
 * What one file-system event asks to import again, as a path the importer
 * takes: the note file itself when it was written, its folder when it or a
 * folder went away (only a folder import marks notes removed, and only under
 * that folder), the folder itself when one arrived.
 */
export type ChangeKind = 'written' | 'removed' | 'folderAdded' | 'folderRemoved';

/** Above this many places, one import of the whole folder is cheaper and simpler than many small ones (a `git pull`). */
export const MAX_SCOPES = 200;

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * The changes seen under one folder since its last import, reduced to the
 * fewest paths that cover them. Adding is O(1); `paths()` sorts once.
 */
export class ChangeBatch {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  get isEmpty(): boolean {
    return this.files.size === 0 && this.folders.size === 0;
  }

  add(kind: ChangeKind, path: string): void {
    if (!isInside(path, this.root)) return;
    if (kind === 'written') this.files.add(path);
    else if (kind === 'folderAdded') this.folders.add(path);
    // What went away is looked for from its folder, never above the root.
    else this.folders.add(path === this.root ? this.root : dirname(path));
  }

  /** Takes everything gathered so far, leaving the batch empty for the next changes. */
  take(): string[] {
    const folders = [...this.folders].sort();
    const files = [...this.files];
    this.files.clear();
    this.folders.clear();
    // A folder already taken covers everything under it; sorted, a covering folder comes first.
    const kept: string[] = [];
    for (const folder of folders) {
      const last = kept[kept.length - 1];
      if (last === undefined || !isInside(folder, last)) kept.push(folder);
    }
    if (kept.includes(this.root)) return [this.root];
    const keptSet = new Set(kept);
    const coveredBy = (file: string): boolean => {
      // Walk up the file's folders (linear in its depth), asking the set, not every kept folder.
      for (let dir = dirname(file); isInside(dir, this.root); dir = dirname(dir)) {
        if (keptSet.has(dir)) return true;
        if (dir === this.root) break;
      }
      return false;
    };
    const paths = [...kept, ...files.filter((file) => !coveredBy(file)).sort()];
    return paths.length > MAX_SCOPES ? [this.root] : paths;
  }

  /** Shown in logs: where the batch is, relative to the root. */
  describe(paths: string[]): string {
    return paths.map((p) => relative(this.root, p) || '.').join(', ');
  }
}
