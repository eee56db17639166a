import type { Stats } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import { isNoteFileName, isSkippedEntry } from '../import/walk.js';
import type { ChangeKind } from './change-batch.js';

/** One folder under watch: ready once its tree is being watched; close() lets go of every handle. */
export interface FolderWatcher {
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Whether a path under `root` is of no interest to the importer: the
 * walker's own rules (main/import/walk.ts), so the watcher never wakes an
 * import for what the import would skip — hidden folders (.git, .obsidian),
 * node_modules, files that are not notes.
 */
export function isIgnoredPath(root: string, path: string, stats?: Stats): boolean {
  const rel = relative(root, path);
  if (rel === '') return false;
  if (rel.startsWith('..')) return true;
  if (rel.split(sep).some(isSkippedEntry)) return true;
  // Without stats chokidar is asking before it knows what the entry is: a folder must not be cut off by its name.
  return stats?.isFile() === true && !isNoteFileName(path);
}

/**
 * Watches `root` with chokidar (pure JavaScript: fs.watch where the system
 * has recursive events, inotify per folder on Linux) and reports each change
 * the importer cares about. Symbolic links are not followed: a link leading
 * out of the folder must not make Lattice watch what lies outside it (the
 * importer refuses to read those too).
 */
export function watchFolder(
  root: string,
  onChange: (kind: ChangeKind, path: string) => void,
  onError: (error: unknown) => void,
): FolderWatcher {
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    persistent: true,
    ignorePermissionErrors: true,
    ignored: (path: string, stats?: Stats) => isIgnoredPath(root, path, stats),
  });
  const isNote = (path: string): boolean => isNoteFileName(basename(path));
  watcher.on('add', (path) => isNote(path) && onChange('written', path));
  watcher.on('change', (path) => isNote(path) && onChange('written', path));
  watcher.on('unlink', (path) => isNote(path) && onChange('removed', path));
  watcher.on('addDir', (path) => path !== root && onChange('folderAdded', path));
  watcher.on('unlinkDir', (path) => onChange('folderRemoved', path));
  watcher.on('error', onError);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
}
