import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Library, LibraryKind, LibraryRepository } from '../../db/repositories/libraries.js';
import { isNoteFileName, refuseFile, walkNotes } from './walk.js';
import type { WalkLimits } from './walk.js';

export interface PendingFile {
  absPath: string;
  /** Path inside the library, '/' separated. */
  notePath: string;
}

/** A path that could not be imported, and why. */
export interface ImportFailure {
  path: string;
  error: string;
}

/** The files of one library to import, and what to check for removal afterwards. */
export interface ImportJob {
  library: Library;
  files: PendingFile[];
  /** Note paths found (or reported) in this import; the others under `prefix` are gone. */
  seen: Set<string>;
  /** Folders that could not be walked ('a/b/'): their notes are unseen, not gone. */
  unwalked: string[];
  /** Note files found but refused before reading (too large, a FIFO…): unread_files says so until they are read. */
  refused: { notePath: string; error: string }[];
  /** The walked folder inside the library ('' for all of it); undefined for single files. */
  prefix: string | undefined;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** A job for `library` with nothing found yet. */
function emptyJob(library: Library, prefix: string | undefined): ImportJob {
  return { library, files: [], seen: new Set(), unwalked: [], refused: [], prefix };
}

function isInsideFolder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * Finds the files an import will consider, grouped by the library each
 * belongs to (creating libraries for new folders), before anything is read:
 * so progress has a total. Paths that cannot be imported go to `failed`.
 */
export function scanPaths(
  libraries: LibraryRepository,
  paths: string[],
  limits: WalkLimits,
  kind: LibraryKind,
  now: () => string,
  failed: ImportFailure[],
): ImportJob[] {
  const knownLibrary = (root: string): Library | undefined => libraries.findByRoot(root) ?? libraries.findContaining(root, sep);
  const libraryFor = (root: string): Library => knownLibrary(root) ?? libraries.create(root, basename(root) || root, kind, now());

  const jobs: ImportJob[] = [];
  for (const input of paths) {
    const abs = resolve(input);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      failed.push({ path: abs, error: 'no such file or folder' });
      continue;
    }
    const stats = statSync(real);
    if (stats.isDirectory()) {
      const library = libraryFor(real);
      // Sub-folders imported before as libraries of their own keep their notes:
      // each file goes to the deepest library that holds it, so importing a
      // parent folder never stores those notes a second time. Such a library
      // is walked whole here, hence its prefix ''.
      const nested = libraries
        .list()
        .filter((l) => l.id !== library.id && isInsideFolder(l.rootPath, real))
        .sort((a, b) => b.rootPath.length - a.rootPath.length);
      const mainJob = emptyJob(library, toPosix(relative(library.rootPath, real)));
      const nestedJobs = nested.map((l) => emptyJob(l, ''));
      const place = (absPath: string): { job: ImportJob; notePath: string } => {
        const job = nestedJobs.find((j) => isInsideFolder(absPath, j.library.rootPath)) ?? mainJob;
        return { job, notePath: toPosix(relative(job.library.rootPath, absPath)) };
      };
      const walked = walkNotes(real, limits);
      for (const problem of walked.problems) {
        failed.push({ path: problem.absPath, error: problem.error });
        const { job, notePath } = place(problem.absPath);
        job.seen.add(notePath);
        job.unwalked.push(notePath ? `${notePath}/` : '');
        // A folder that could not be walked is no note: only a note's path is looked up there.
        if (notePath) job.refused.push({ notePath, error: problem.error });
      }
      for (const file of walked.files) {
        const { job, notePath } = place(file.absPath);
        job.files.push({ absPath: file.absPath, notePath });
      }
      jobs.push(mainJob, ...nestedJobs);
    } else {
      if (!isNoteFileName(real)) {
        failed.push({ path: abs, error: 'is not a note file (.md, .markdown or .txt)' });
        continue;
      }
      const refusal = refuseFile(stats, limits);
      if (refusal) {
        failed.push({ path: abs, error: refusal });
        // A file of a folder imported before (a watched note grown too large): its library says so. No library is made for it.
        const known = knownLibrary(dirname(real));
        if (known) {
          const job = emptyJob(known, undefined);
          const notePath = toPosix(relative(known.rootPath, real));
          job.seen.add(notePath);
          job.refused.push({ notePath, error: refusal });
          jobs.push(job);
        }
        continue;
      }
      const library = libraryFor(dirname(real));
      const job = emptyJob(library, undefined);
      job.files.push({ absPath: real, notePath: toPosix(relative(library.rootPath, real)) });
      jobs.push(job);
    }
  }
  return jobs;
}
