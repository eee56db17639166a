import type { Worker } from 'node:worker_threads';
import type { LibraryKind } from '../../db/repositories/libraries.js';
import type { NoteContent } from '../../db/repositories/notes.js';
import type { NoteRepository } from '../../db/repositories/notes.js';
import type { Store } from '../../db/open-store.js';
import { reanchorNote } from '../annotations/reanchor.js';
import { isAnswerBounded } from '../../db/repositories/card-records.js';
import type { CardRepository } from '../../db/repositories/cards.js';
import { placePlannedCards } from '../drills/card-plan.js';
import type { CardPlan } from '../drills/card-plan.js';
import { QuestionKeys, sourceAnswerPreview, syncNoteCards } from '../drills/note-cards.js';
import type { QuestionCardFields } from '../drills/note-cards.js';
import type { FoundQuestion } from '../markdown/questions.js';
import type { ConceptRepository } from '../../db/repositories/concepts.js';
import type { SearchRepository } from '../../db/repositories/search.js';
import { FolderImages } from '../media/folder-images.js';
import type { ResolvedRef } from '../media/folder-images.js';
import { MissingImages } from '../media/missing-images.js';
import { deriveNoteConcepts } from '../concepts/derive.js';
import { indexMentionsInBatches } from '../concepts/mentions.js';
import { DEFAULT_PARSE_DEADLINE_MS, DEFAULT_PARSE_MEMORY_MB, InlineFileParser, openFileParser } from './file-parser.js';
import type { FileParser, ParseWorkerData } from './file-parser.js';
import { buildNoteContent, isWithoutCards } from './note-content.js';
import type { ParsedNote } from './note-content.js';
import { scanPaths } from './scan-paths.js';
import type { ImportFailure } from './scan-paths.js';
import { TransactionPacer } from './transaction-pacing.js';
import { DEFAULT_LIMITS } from './walk.js';
import type { WalkLimits } from './walk.js';

export type { ImportFailure };

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
  /** Notes written per transaction, at most: a crash loses at most one batch, never half a note. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Takes over finding concept mentions in the notes written (a background job) instead of doing it before returning. */
  deferMentions?: (noteIds: number[]) => void;
  now?: () => string;
  /**
   * Async import only: starts the thread that parses notes while this one
   * writes them (tests inject one that dies), given the progress it is to
   * share (see ParseWorkerData). By default the compiled parse-worker.js.
   */
  startParseWorker?: (data: ParseWorkerData) => Worker;
  /** Async import only: how long one note may take to parse before it is reported as failed (default 6 s). */
  parseDeadlineMs?: number;
  /** Async import only: the parse worker's heap ceiling; a note needing more is reported as failed (default 300 MB). */
  parseMemoryMb?: number;
  /** Told when notes are parsed inline because the parse worker is missing or died (default: console.warn, once). */
  warn?: (message: string) => void;
  /**
   * Whether the parser plans new notes' cards (card-plan.ts; default true).
   * False has every note's cards decided while it is written, as a note
   * already stored always is: card-plan.test.ts holds the two to one result.
   */
  isPlanningCards?: boolean;
}

/** What the import steps yield: undefined after a committed batch, or a promise to wait for the next parsed file. */
export type ImportStep = Promise<void> | undefined;

export interface PendingWrite {
  absPath: string;
  notePath: string;
  /** With the questions found in it (parsed notes always carry them; without them the note's cards are left alone). */
  content: NoteContent & { questions?: FoundQuestion[]; cardFields?: QuestionCardFields[]; cardPlan?: CardPlan };
  existingId: number | undefined;
  isNew: boolean;
  /** What the note's local image references resolved to (pictures already stored); undefined keeps what is stored. */
  images?: ResolvedRef[];
  /** The file could not be read before (unread_files): stored now, it is no longer owed. */
  wasUnread?: boolean;
}

/**
 * Why a file's new version must not replace the stored one, or undefined if
 * it may. A version whose decoding lost characters (U+FFFD) never replaces a
 * stored version that had none: a note re-saved in an encoding we misread, or
 * damaged by a sync tool, would otherwise overwrite good text with garbage and
 * orphan its annotations. The file is reported and the old version stays
 * until the file reads cleanly again. It is checked here, on the thread that
 * writes, so the worker and the inline parser cannot differ; it costs a read
 * of the stored text only for a file that lost characters.
 */
function keepsStoredVersion(notes: NoteRepository, storedId: number, content: ParsedNote): string | undefined {
  if (content.replacedChars === 0) return undefined;
  const storedSource = notes.get(storedId)?.source;
  if (storedSource === undefined || storedSource.includes('\uFFFD')) return undefined;
  const characters = `${content.replacedChars} character${content.replacedChars === 1 ? '' : 's'}`;
  return `not updated: read as ${content.encodingName}, ${characters} could not be decoded (shown as �), and the version already imported has none; that version is kept (save the file as UTF-8 and import it again)`;
}

/**
 * Imports folders and files into the store. Unchanged files (same sha256) are
 * not touched; changed ones are re-parsed; files gone from an imported folder
 * are marked removed. A bad file is reported with its path and reason and the
 * batch goes on. Writes happen in transactions of `batchSize` notes, each note
 * in its own savepoint, so what was stored before is never lost.
 */
export function importPaths(store: Store, paths: string[], options: ImportOptions = {}): ImportReport {
  const steps = importSteps(store, paths, options, () => new InlineFileParser(), false);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    // The inline parser always has the next result; waiting here would never end.
    if (step.value) throw new Error('the sync import cannot wait for a parse worker');
  }
}

/**
 * The same import, giving the event loop a turn after every batch: progress
 * events reach the window while it runs, and the reader, search and other
 * calls are answered between batches instead of waiting for the whole import.
 * It parses its notes on a worker thread while this thread writes, so both
 * cores work, each note under a deadline and a heap ceiling; the stored
 * result is the same.
 */
export async function importPathsAsync(store: Store, paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  // Started before the folders are scanned, so the worker loads its modules
  // meanwhile. Two batches ahead keeps it busy while one is written, and
  // bounds the parsed notes held in memory.
  // Every file goes through the worker, even in a small import: there each
  // note is read under a deadline and a heap ceiling, so one hostile note
  // can neither stall this thread nor exhaust its memory.
  const workerParser = openFileParser(options.startParseWorker, 2 * batchSize, options.warn, {
    deadlineMs: options.parseDeadlineMs ?? DEFAULT_PARSE_DEADLINE_MS,
    memoryMb: options.parseMemoryMb ?? DEFAULT_PARSE_MEMORY_MB,
  });
  const openParser = (): FileParser => workerParser;
  try {
    const steps = importSteps(store, paths, options, openParser, true);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await (step.value ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  } finally {
    workerParser.close();
  }
}

export const DEFAULT_BATCH_SIZE = 250;

interface NoteWriters {
  notes: NoteRepository;
  concepts: ConceptRepository;
  search: SearchRepository;
}

/**
 * Writes parsed notes, a batch per transaction: each note with its
 * annotations re-anchored, its drill cards brought in line with its questions, its concepts derived again, and the batch's search
 * rows. An import and a re-reading of stored notes (reread-notes.ts) both
 * write through here, so what is stored for a note never depends on which
 * of them wrote it. Ids written are pushed to `written` (their concept
 * mentions are found afterwards, once every name is known).
 */
export function createBatchWriter(
  store: Store,
  { notes, concepts, search }: NoteWriters,
  report: ImportReport,
  written: number[],
  now: () => string,
): BatchWriter {
  const cards = store.repositories.cards;
  const media = store.repositories.media;
  const unreadFiles = store.repositories.unreadFiles;
  /** The store's question keys, read once per import when a first note has questions (see SyncOptions.keys). */
  let keys: QuestionKeys | undefined;
  const withoutCards = isWithoutCards();
  const writeBatch = (batch: PendingWrite[], libraryId: number): void => {
    const stamp = now();
    /** Notes stored in this batch, and those of them that had a search row: indexed together below. */
    const indexed: number[] = [];
    const replaced: number[] = [];
    for (const item of batch) {
      try {
        // Nested transaction = savepoint: one failing note rolls back alone.
        const { id, problems } = store.transaction(() => {
          const { questions } = item.content;
          // What the note's cards stood on before this version, read before it is overwritten.
          const isStored = questions !== undefined && item.existingId !== undefined;
          const existing = isStored ? cards.listByNote(item.existingId as number) : [];
          const sources = isStored ? cards.sources.ofNote(item.existingId as number) : [];
          const previousText = existing.some((card) => isAnswerBounded(card.answer))
            ? cards.noteTextNow(item.existingId as number)
            : undefined;
          const id = notes.save(libraryId, item.notePath, item.content, stamp, item.existingId);
          if (item.images) media.setNoteImages(id, item.images);
          // A changed note carries its annotations along in the same savepoint.
          if (item.existingId !== undefined) reanchorNote(store.db, id, item.content.text, item.content.contentHash, stamp);
          // …and its drill cards: kept (with their history) where their question still is, made for new questions, orphaned otherwise.
          if (questions && !withoutCards) {
            keys ??= new QuestionKeys(cards.questionKeyHashes());
            const note = { text: item.content.text, contentHash: item.content.contentHash, questions, fields: item.content.cardFields };
            // A new note's cards as the parser planned them, when the plan holds; else decided here.
            const plan = item.existingId === undefined ? item.content.cardPlan : undefined;
            if (!plan || !placePlannedCards(cards, id, note, plan, stamp, keys)) {
              syncNoteCards(cards, id, note, stamp, existing, { sources, previousText, keys });
            }
          }
          // …and its concepts, links and definitions are derived again.
          const derived = deriveNoteConcepts(concepts, id, item.content, stamp);
          return { id, problems: derived.problems };
        });
        // The cards the note made are there for the next notes to join without asking SQLite.
        keys?.noteStored();
        if (item.wasUnread) unreadFiles.clear(libraryId, item.notePath);
        written.push(id);
        indexed.push(id);
        if (item.existingId !== undefined) replaced.push(id);
        for (const warning of problems) report.warnings.push({ path: item.absPath, warning });
        if (item.isNew) report.added++;
        else report.updated++;
        for (const warning of item.content.warnings) report.warnings.push({ path: item.absPath, warning });
      } catch (error) {
        keys?.noteFailed();
        // A full disk or an I/O error can make SQLite abandon the whole
        // transaction, not just this note's savepoint. Going on would write the
        // rest of the batch outside any transaction and then fail on COMMIT with
        // a misleading message; stop with the real reason instead.
        if (!store.db.inTransaction) throw error;
        const failure = `could not be stored: ${(error as Error).message}`;
        report.failed.push({ path: item.absPath, error: failure });
        unreadFiles.record(libraryId, item.notePath, failure, stamp);
      }
    }
    // The batch's notes enter the search index in the same transaction, in one
    // statement: search never sees half a batch, and it costs less than one by one.
    search.indexNotes(indexed, replaced);
    // Their mentions are found later (deferMentions): owed until then, so a crash in between is made good on opening.
    concepts.oweMentions(indexed);
  };
  /** Runs one transaction of the writer; if it fails, the cards the keys took for stored went with it: they are read afresh. */
  const inTransaction = (work: () => void): void => {
    try {
      store.transaction(work);
    } catch (error) {
      keys = undefined;
      throw error;
    }
  };
  return {
    startKeys: () => {
      const hashes = cards.questionKeyHashes();
      keys = new QuestionKeys(hashes);
      return hashes;
    },
    write: (batch, libraryId) => inTransaction(() => writeBatch(batch, libraryId)),
    restore: (noteId, notePath) => {
      inTransaction(() => {
        const stamp = now();
        notes.restore(noteId, stamp);
        if (withoutCards) return;
        keys ??= new QuestionKeys(cards.questionKeyHashes());
        restoreCards(cards, notes, noteId, notePath, stamp, keys);
      });
      keys?.noteStored();
    },
  };
}

/** What createBatchWriter gives: the import's writes, sharing one view of the store's question keys. */
export interface BatchWriter {
  /**
   * Reads the question keys stored now, which the writes then start from
   * (else they are read when a first note has questions), and gives their
   * hashes: the parser plans from the same read (card-plan.ts).
   */
  startKeys(): number[];
  /** Writes parsed notes in one transaction. */
  write(batch: PendingWrite[], libraryId: number): void;
  /**
   * Brings back a removed note whose file returned unchanged, with its cards,
   * in one transaction. A card it makes again is one the import's later
   * notes join, as they join one an earlier note of the import made.
   */
  restore(noteId: number, notePath: string): void;
}

/**
 * A removed note whose file came back unchanged: its cards (orphaned when the
 * file went) are put back on its questions. The file was not parsed again
 * (its bytes are the stored ones), so the stored source is, here, once.
 */
function restoreCards(
  cards: CardRepository,
  notes: NoteRepository,
  noteId: number,
  notePath: string,
  stamp: string,
  keys: QuestionKeys,
): void {
  const stored = notes.get(noteId);
  if (!stored) return;
  const content = buildNoteContent(Buffer.from(stored.source, 'utf8'), notePath, stored.contentHash);
  // Spans are offsets into the text just read; a store read with older rules holds another (its reread will place the cards).
  if (content.text !== stored.text) return;
  const note = { text: stored.text, contentHash: stored.contentHash, questions: content.questions, fields: content.cardFields };
  syncNoteCards(cards, noteId, note, stamp, cards.listByNote(noteId), {
    sources: cards.sources.ofNote(noteId),
    keys,
  });
}

/**
 * The import as steps: it yields after each committed batch, when the store
 * is consistent, and whenever the next file's parse result is not ready yet.
 */
function* importSteps(
  store: Store,
  paths: string[],
  options: ImportOptions,
  openParser: (total: number) => FileParser,
  /** Size transactions by time (the async import, which others wait behind), not by count alone. */
  isPaced: boolean,
): Generator<ImportStep, ImportReport, void> {
  const libraries = store.repositories.libraries;
  const notes = store.repositories.notes;
  const concepts = store.repositories.concepts;
  const search = store.repositories.search;
  const cards = store.repositories.cards;
  const unreadFiles = store.repositories.unreadFiles;
  /** Notes written in this import: their concept mentions are found at the end. */
  const written: number[] = [];
  const now = options.now ?? (() => new Date().toISOString());
  const limits = options.limits ?? DEFAULT_LIMITS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, removed: 0, failed: [], warnings: [] };
  const progress = options.onProgress ?? (() => undefined);

  // Scan every path first so progress has a total.
  progress({ phase: 'scanning', done: 0, total: 0 });
  const jobs = scanPaths(libraries, paths, limits, options.kind ?? 'user', now, report.failed);

  const total = jobs.reduce((n, job) => n + job.files.length, 0);
  let done = 0;
  let lastReport = 0;

  const writer = createBatchWriter(store, { notes, concepts, search }, report, written, now);
  const pacer = isPaced ? new TransactionPacer(batchSize) : undefined;

  const parser = openParser(total);
  // The parser decides new notes' cards as it reads them, from the keys stored now (card-plan.ts).
  if (!isWithoutCards() && options.isPlanningCards !== false) parser.planCards(writer.startKeys());
  try {
    for (const job of jobs) {
      // Read when the job starts, not before: an earlier job may have written
      // to the same library (a folder and a file in it, both given).
      const versions = notes.versionsIn(job.library.id);
      // Files this folder's earlier imports could not read (usually none): each is cleared once read, or once gone.
      const unread = new Set(unreadFiles.inLibrary(job.library.id).map((file) => file.path));
      const cannotRead = (notePath: string, error: string): void => unreadFiles.record(job.library.id, notePath, error, now());
      for (const refused of job.refused) cannotRead(refused.notePath, refused.error);
      // The folder's pictures, read when a first note shows one (stored at once: content-addressed, so a crash leaves no half of anything).
      let folderImages: FolderImages | undefined;
      const media = store.repositories.media;
      const folder = (): FolderImages =>
        (folderImages ??= new FolderImages(job.library.rootPath, (bytes, mime) => media.putMedia(bytes, mime)));
      const imagesOf = (notePath: string, content: ParsedNote): ResolvedRef[] =>
        content.imageRefs.length === 0 ? [] : folder().resolve(notePath, content.imageRefs);
      const missingImages = new MissingImages(media, job.library.id);
      parser.enqueue(job.files.map((file) => ({ ...file, storedHash: versions.get(file.notePath)?.contentHash })));
      let batch: PendingWrite[] = [];
      for (const file of job.files) {
        job.seen.add(file.notePath);
        done++;
        const stamp = Date.now();
        if (stamp - lastReport > 100 || done === total) {
          lastReport = stamp;
          progress({ phase: 'importing', done, total, path: file.absPath });
        }
        let parsed = parser.take();
        while (!parsed) {
          yield parser.ready();
          parsed = parser.take();
        }
        if (parsed.kind === 'failed') {
          report.failed.push({ path: file.absPath, error: parsed.error });
          cannotRead(file.notePath, parsed.error);
          continue;
        }
        const stored = versions.get(file.notePath);
        // An unchanged file that is not UTF-8, read again (see parseFile): kept if it reads as stored.
        const isSameReading =
          parsed.kind === 'parsed' &&
          stored !== undefined &&
          parsed.content.contentHash === stored.contentHash &&
          notes.get(stored.id)?.source === parsed.content.source;
        if (parsed.kind === 'unchanged' || isSameReading) {
          if (stored?.isRemoved) {
            writer.restore(stored.id, file.notePath);
            report.added++;
          } else {
            report.unchanged++;
          }
          if (stored) missingImages.lookAgain(stored.id, file.notePath, folder);
          // Back to the version stored (the file was put right): the note is its file again.
          if (unread.has(file.notePath)) unreadFiles.clear(job.library.id, file.notePath);
          continue;
        }
        const kept = stored && keepsStoredVersion(notes, stored.id, parsed.content);
        if (kept) {
          report.failed.push({ path: file.absPath, error: kept });
          cannotRead(file.notePath, kept);
          continue;
        }
        const images = imagesOf(file.notePath, parsed.content);
        batch.push({
          absPath: file.absPath,
          notePath: file.notePath,
          content: parsed.content,
          existingId: stored?.id,
          isNew: !stored || stored.isRemoved,
          images,
          wasUnread: unread.has(file.notePath),
        });
        if (batch.length >= (pacer?.size ?? batchSize)) {
          const started = performance.now();
          writer.write(batch, job.library.id);
          pacer?.record(batch.length, performance.now() - started);
          batch = [];
          yield;
        }
      }
      if (batch.length > 0) writer.write(batch, job.library.id);

      if (job.prefix !== undefined) {
        const stamp = now();
        const underPrefix = (path: string): boolean => job.prefix === '' || path.startsWith(`${job.prefix}/`);
        /** Not found by this import, in a part of the folder it walked: the file is gone. */
        const isGone = (path: string): boolean =>
          underPrefix(path) && !job.seen.has(path) && !job.unwalked.some((folder) => path.startsWith(folder));
        store.transaction(() => {
          for (const [path, version] of versions) {
            if (!version.isRemoved && isGone(path)) {
              notes.markRemoved(version.id, stamp);
              // Its cards leave the sessions with their history, until the file comes back.
              cards.orphanNote(version.id, stamp, sourceAnswerPreview);
              report.removed++;
            }
          }
          // A file that could not be read and is gone now is owed no more (a note of it was marked removed above).
          for (const path of unread) if (isGone(path)) unreadFiles.clear(job.library.id, path);
        });
      }
      libraries.markImported(job.library.id, now());
    }
  } finally {
    parser.close();
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
