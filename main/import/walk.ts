import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A note file found under an imported folder. */
export interface FoundFile {
  absPath: string;
  /** Path relative to the walked folder, '/' separated. */
  relPath: string;
  size: number;
}

export interface WalkProblem {
  absPath: string;
  relPath: string;
  error: string;
}

export interface WalkLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: WalkLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxFiles: 100_000,
  maxDepth: 64,
};

const NOTE_EXTENSIONS = /\.(md|markdown|txt)$/i;
// Tool folders of note apps and version control: never notes.
const SKIPPED_DIRS = new Set(['node_modules']);

/** Whether an entry of this name is never walked: hidden (.git, .obsidian, .trash) or a tool folder. */
export function isSkippedEntry(name: string): boolean {
  return name.startsWith('.') || SKIPPED_DIRS.has(name);
}

export function isNoteFileName(name: string): boolean {
  return NOTE_EXTENSIONS.test(name);
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Sizes always given in MB read "is 0.0 MB, over the 0.0 MB limit" for a small
 * cap, and "10.0 MB over the 10.0 MB limit" just past the default one: use the
 * unit that fits, and exact bytes when rounding would hide the difference.
 */
function formatOverLimit(size: number, limit: number): string {
  const [a, b] = formatSize(size) === formatSize(limit) ? [`${size} bytes`, `${limit} bytes`] : [formatSize(size), formatSize(limit)];
  return `is ${a}, over the limit of ${b} for one note`;
}

/** Why a file that looks like a note cannot be imported, or undefined if it can. */
export function refuseFile(stats: Stats, limits: WalkLimits): string | undefined {
  if (stats.isFIFO()) return 'is a FIFO (named pipe), not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a regular file';
  if (!stats.isFile()) return 'is not a regular file';
  if (stats.size > limits.maxFileBytes) {
    return formatOverLimit(stats.size, limits.maxFileBytes);
  }
  return undefined;
}

function isInside(child: string, root: string): boolean {
  return child === root || child.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Lists the note files (.md, .markdown, .txt) under `root`, sorted. Hidden
 * folders (.git, .obsidian, .trash) and node_modules are skipped. What cannot
 * be imported is reported, never thrown: symlinks that leave the folder,
 * directory cycles, FIFOs and devices, files over the size cap.
 */
export function walkNotes(root: string, limits: WalkLimits = DEFAULT_LIMITS): { files: FoundFile[]; problems: WalkProblem[] } {
  const realRoot = realpathSync(root);
  const files: FoundFile[] = [];
  const problems: WalkProblem[] = [];
  const visitedDirs = new Set<string>([realRoot]);
  const toRel = (abs: string): string => relative(root, abs).split(sep).join('/');

  const visitDir = (dir: string, depth: number): void => {
    if (depth > limits.maxDepth) {
      problems.push({ absPath: dir, relPath: toRel(dir), error: `is nested deeper than ${limits.maxDepth} folders; skipped` });
      return;
    }
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      problems.push({ absPath: dir, relPath: toRel(dir), error: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      return;
    }
    for (const name of names) {
      if (isSkippedEntry(name)) continue;
      const abs = join(dir, name);
      const report = (error: string): void => {
        problems.push({ absPath: abs, relPath: toRel(abs), error });
      };
      let stats: Stats;
      try {
        stats = lstatSync(abs);
        if (stats.isSymbolicLink()) {
          const target = realpathSync(abs);
          if (!isInside(target, realRoot)) {
            if (stats.isDirectory() || isNoteFileName(name) || statSync(abs).isDirectory())
              report('is a symbolic link that leads outside the imported folder; skipped');
            continue;
          }
          stats = statSync(abs);
          if (stats.isDirectory()) {
            if (visitedDirs.has(target)) {
              report('is a symbolic link back into a folder already imported (a cycle); skipped');
              continue;
            }
            visitedDirs.add(target);
          }
        }
      } catch (error) {
        if (isNoteFileName(name)) report(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
        continue;
      }
      if (stats.isDirectory()) {
        visitedDirs.add(realpathSync(abs));
        visitDir(abs, depth + 1);
        continue;
      }
      if (!isNoteFileName(name)) continue;
      const refusal = refuseFile(stats, limits);
      if (refusal) {
        report(refusal);
        continue;
      }
      if (files.length >= limits.maxFiles) {
        report(`skipped: the import is limited to ${limits.maxFiles} files at once`);
        continue;
      }
      files.push({ absPath: abs, relPath: toRel(abs), size: stats.size });
    }
  };
  visitDir(root, 0);
  return { files, problems };
}
