import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Library, LibraryKind } from '../../db/repositories/libraries.js';
import { LibraryRepository } from '../../db/repositories/libraries.js';
import type { NoteContent } from '../../db/repositories/notes.js';
import { NoteRepository } from '../../db/repositories/notes.js';
import type { Store } from '../../db/open-store.js';
import { reanchorNote } from '../annotations/reanchor.js';
import { ConceptRepository } from '../../db/repositories/concepts.js';
import { SearchRepository } from '../../db/repositories/search.js';
import { deriveNoteConcepts } from '../concepts/derive.js';
import { indexMentionsInBatches } from '../concepts/mentions.js';
import { buildNoteContent, contentHash } from './note-content.js';
import { DEFAULT_LIMITS, isNoteFileName, refuseFile, walkNotes } from './walk.js';
import type { WalkLimits } from './walk.js';

export interface ImportFailure {
  path: string;
  error: string;
}

export interface ImportWarning {
  path: string;
  warning: string;
}

/** What an import did, as `lattice import --json` prints it. */
export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: ImportFailure[];
  warnings: ImportWarning[];
}

export interface ImportProgress {
  phase: 'scanning' | 'importing' | 'done';
  done: number;
  total: number;
  path?: string;
}

export interface ImportOptions {
  kind?: LibraryKind;
  limits?: WalkLimits;
  /** Notes written per transaction: a crash loses at most one batch, never half a note. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Takes over finding concept mentions in the notes written (a background job) instead of doing it before returning. */
  deferMentions?: (noteIds: number[]) => void;
  now?: () => string;
}

interface PendingFile {
  absPath: string;
  /** Path inside the library, '/' separated. */
  notePath: string;
}

interface PendingWrite {
  absPath: string;
  notePath: string;
  content: NoteContent;
  existingId: number | undefined;
  isNew: boolean;
}

/** The files of one library to import, and what to check for removal afterwards. */
interface ImportJob {
  library: Library;
  files: PendingFile[];
  /** Note paths found (or reported) in this import; the others under `prefix` are gone. */
  seen: Set<string>;
  /** Folders that could not be walked ('a/b/'): their notes are unseen, not gone. */
  unwalked: string[];
  /** The walked folder inside the library ('' for all of it); undefined for single files. */
  prefix: string | undefined;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function isInsideFolder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * Imports folders and files into the store. Unchanged files (same sha256) are
 * not touched; changed ones are re-parsed; files gone from an imported folder
 * are marked removed. A bad file is reported with its path and reason and the
 * batch goes on. Writes happen in transactions of `batchSize` notes, each note
 * in its own savepoint, so what was stored before is never lost.
 */
export function importPaths(store: Store, paths: string[], options: ImportOptions = {}): ImportReport {
  const steps = importSteps(store, paths, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same import, giving the event loop a turn after every batch: progress
 * events reach the window while it runs, and the reader, search and other
 * calls are answered between batches instead of waiting for the whole import.
 */
export async function importPathsAsync(store: Store, paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
  const steps = importSteps(store, paths, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The import as steps: it yields after each committed batch, when the store is consistent. */
function* importSteps(store: Store, paths: string[], options: ImportOptions): Generator<void, ImportReport, void> {
  const libraries = new LibraryRepository(store.db);
  const notes = new NoteRepository(store.db);
  const concepts = new ConceptRepository(store.db);
  const search = new SearchRepository(store.db);
  /** Notes written in this import: their concept mentions are found at the end. */
  const written: number[] = [];
  const now = options.now ?? (() => new Date().toISOString());
  const limits = options.limits ?? DEFAULT_LIMITS;
  const batchSize = options.batchSize ?? 250;
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, removed: 0, failed: [], warnings: [] };
  const progress = options.onProgress ?? (() => undefined);

  const libraryFor = (root: string): Library =>
    libraries.findByRoot(root) ??
    libraries.findContaining(root, sep) ??
    libraries.create(root, basename(root) || root, options.kind ?? 'user', now());

  // Scan every path first so progress has a total.
  progress({ phase: 'scanning', done: 0, total: 0 });
  const jobs: ImportJob[] = [];
  for (const input of paths) {
    const abs = resolve(input);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      report.failed.push({ path: abs, error: 'no such file or folder' });
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
      const mainJob: ImportJob = { library, files: [], seen: new Set(), unwalked: [], prefix: toPosix(relative(library.rootPath, real)) };
      const nestedJobs = nested.map((l): ImportJob => ({ library: l, files: [], seen: new Set(), unwalked: [], prefix: '' }));
      const place = (absPath: string): { job: ImportJob; notePath: string } => {
        const job = nestedJobs.find((j) => isInsideFolder(absPath, j.library.rootPath)) ?? mainJob;
        return { job, notePath: toPosix(relative(job.library.rootPath, absPath)) };
      };
      const walked = walkNotes(real, limits);
      for (const problem of walked.problems) {
        report.failed.push({ path: problem.absPath, error: problem.error });
        const { job, notePath } = place(problem.absPath);
        job.seen.add(notePath);
        job.unwalked.push(notePath ? `${notePath}/` : '');
      }
      for (const file of walked.files) {
        const { job, notePath } = place(file.absPath);
        job.files.push({ absPath: file.absPath, notePath });
      }
      jobs.push(mainJob, ...nestedJobs);
    } else {
      if (!isNoteFileName(real)) {
        report.failed.push({ path: abs, error: 'is not a note file (.md, .markdown or .txt)' });
        continue;
      }
      const refusal = refuseFile(stats, limits);
      if (refusal) {
        report.failed.push({ path: abs, error: refusal });
        continue;
      }
      const library = libraryFor(dirname(real));
      jobs.push({ library, files: [{ absPath: real, notePath: toPosix(relative(library.rootPath, real)) }], seen: new Set(), unwalked: [], prefix: undefined });
    }
  }

  const total = jobs.reduce((n, job) => n + job.files.length, 0);
  let done = 0;
  let lastReport = 0;

  const writeBatch = store.db.transaction((batch: PendingWrite[], libraryId: number) => {
    const stamp = now();
    /** Notes stored in this batch, and those of them that had a search row: indexed together below. */
    const indexed: number[] = [];
    const replaced: number[] = [];
    for (const item of batch) {
      try {
        // Nested transaction = savepoint: one failing note rolls back alone.
        const { id, problems } = store.db.transaction(() => {
          const id = notes.save(libraryId, item.notePath, item.content, stamp, item.existingId);
          // A changed note carries its annotations along in the same savepoint.
          if (item.existingId !== undefined) reanchorNote(store.db, id, item.content.text, item.content.contentHash, stamp);
          // …and its concepts, links and definitions are derived again.
          const derived = deriveNoteConcepts(concepts, id, item.content, stamp);
          return { id, problems: derived.problems };
        })();
        written.push(id);
        indexed.push(id);
        if (item.existingId !== undefined) replaced.push(id);
        for (const warning of problems) report.warnings.push({ path: item.absPath, warning });
        if (item.isNew) report.added++;
        else report.updated++;
        for (const warning of item.content.warnings) report.warnings.push({ path: item.absPath, warning });
      } catch (error) {
        // A full disk or an I/O error can make SQLite abandon the whole
        // transaction, not just this note's savepoint. Going on would write the
        // rest of the batch outside any transaction and then fail on COMMIT with
        // a misleading message; stop with the real reason instead.
        if (!store.db.inTransaction) throw error;
        report.failed.push({ path: item.absPath, error: `could not be stored: ${(error as Error).message}` });
      }
    }
    // The batch's notes enter the search index in the same transaction, in one
    // statement: search never sees half a batch, and it costs less than one by one.
    search.indexNotes(indexed, replaced);
  });

  for (const job of jobs) {
    const versions = notes.versionsIn(job.library.id);
    let batch: PendingWrite[] = [];
    for (const file of job.files) {
      job.seen.add(file.notePath);
      done++;
      const stamp = Date.now();
      if (stamp - lastReport > 100 || done === total) {
        lastReport = stamp;
        progress({ phase: 'importing', done, total, path: file.absPath });
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(file.absPath);
      } catch (error) {
        report.failed.push({ path: file.absPath, error: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        continue;
      }
      const hash = contentHash(bytes);
      const stored = versions.get(file.notePath);
      if (stored && stored.contentHash === hash) {
        if (stored.isRemoved) {
          notes.restore(stored.id, now());
          report.added++;
        } else {
          report.unchanged++;
        }
        continue;
      }
      try {
        const content = buildNoteContent(bytes, file.notePath, hash);
        batch.push({ absPath: file.absPath, notePath: file.notePath, content, existingId: stored?.id, isNew: !stored || stored.isRemoved });
      } catch (error) {
        report.failed.push({ path: file.absPath, error: (error as Error).message });
        continue;
      }
      if (batch.length >= batchSize) {
        writeBatch(batch, job.library.id);
        batch = [];
        yield;
      }
    }
    if (batch.length > 0) writeBatch(batch, job.library.id);

    if (job.prefix !== undefined) {
      const stamp = now();
      const underPrefix = (path: string): boolean => job.prefix === '' || path.startsWith(`${job.prefix}/`);
      store.db.transaction(() => {
        for (const [path, version] of versions) {
          const inUnwalkedFolder = job.unwalked.some((folder) => path.startsWith(folder));
          if (!version.isRemoved && underPrefix(path) && !job.seen.has(path) && !inUnwalkedFolder) {
            notes.markRemoved(version.id, stamp);
            report.removed++;
          }
        }
      })();
    }
    libraries.markImported(job.library.id, now());
  }
  // Mentions match every concept name, including ones later notes brought
  // in, so they are found once all notes are written. The app hands that to
  // a background job (deferMentions) so the import itself ends sooner; other
  // callers get it here, in batches.
  if (written.length > 0) {
    if (options.deferMentions) {
      options.deferMentions(written);
    } else {
      for (const _ of indexMentionsInBatches(store, written, batchSize)) yield;
    }
  }
  progress({ phase: 'done', done: total, total });
  return report;
}
