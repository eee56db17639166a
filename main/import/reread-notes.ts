import type { Store } from '../../db/open-store.js';
import type { SettingsRepository } from '../../db/repositories/settings.js';
import { indexMentionsAsync } from '../concepts/mentions.js';
import { createBatchWriter, DEFAULT_BATCH_SIZE } from './import-notes.js';
import type { ImportReport, PendingWrite } from './import-notes.js';
import { buildNoteContent } from './note-content.js';
import { FolderImages } from '../media/folder-images.js';

/**
 * What the importer derives from the same file bytes: bump it whenever the
 * decoding, the Markdown pipeline (line joining, lists), titles or concept
 * derivation change what is stored for an unchanged file. A store read with
 * an older version has its notes read again from their stored source, so the
 * stored text — which search, annotations and sheets use — matches what the
 * reader shows again. An import alone would not do it: it skips files whose
 * bytes have not changed. Version 3: notes carry their questions, so a store
 * imported before drill cards existed gets its cards. Version 4: the finder
 * reads bare questions among unanswered ones, bracketed asides and answers
 * made only of citations differently, and cards carry their question keys
 * (one card per question across notes) and bounded answers (migration 0012). Version 5:
 * structures past the limits of note-limits.ts (deep emphasis, links and
 * formulas past 20,000) are text, as the reader now shows them. Version 6:
 * raw HTML is read by a parser (sanitize-html) instead of regular
 * expressions, which changes the text a few notes' raw HTML shows (and past
 * MAX_RAW_HTML pieces it is text), so stored text matches the reader again. Version 7:
 * local images (issue 17): `![[x.png]]` is an image, no longer a wikilink, and
 * each note's pictures are copied from its folder into the store.
 */
export const READING_VERSION = 7;

/** The settings key holding the reading version a store's notes were last read with. */
const READING_VERSION_KEY = 'readingVersion';

/** Whether the store's notes were read with the current rules. */
export function isReadingCurrent(settings: SettingsRepository): boolean {
  return settings.get(READING_VERSION_KEY) === String(READING_VERSION);
}

/** Records that every stored note is read with the current rules (after a reread, or in a store that had no notes). */
export function markReadingCurrent(settings: SettingsRepository): void {
  settings.set(READING_VERSION_KEY, String(READING_VERSION));
}

/**
 * Reads every live note again from the source stored for it, and writes what
 * changed through the importer's own batch writer: annotations re-anchor
 * (those that cannot be placed become orphans, as on any re-import), concepts
 * and search rows follow. The note keeps its content hash, which names the
 * file's bytes, so the next import still finds the file unchanged; and the
 * warnings and size its file gave when it was imported, which only the bytes
 * can tell. Every note is written, even one whose text reads the same: its
 * concepts may still be derived differently. Removed notes are left as they
 * are. Yields after each batch.
 */
export function* rereadSteps(store: Store, written: number[], batchSize = DEFAULT_BATCH_SIZE): Generator<void, ImportReport, void> {
  const notes = store.repositories.notes;
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, removed: 0, failed: [], warnings: [] };
  const repositories = { notes, concepts: store.repositories.concepts, search: store.repositories.search };
  const writeBatch = createBatchWriter(store, repositories, report, written, () => new Date().toISOString());
  const media = store.repositories.media;
  for (const library of store.repositories.libraries.list()) {
    // Pictures are read from the folder again when it is there; when it is gone, each note keeps those stored.
    const folderImages = new FolderImages(library.rootPath, (bytes, mime) => media.putMedia(bytes, mime));
    let batch: PendingWrite[] = [];
    for (const [path, version] of notes.versionsIn(library.id)) {
      if (version.isRemoved) continue;
      const stored = notes.get(version.id);
      if (!stored) continue;
      try {
        const content = buildNoteContent(Buffer.from(stored.source, 'utf8'), path, version.contentHash);
        const images = folderImages.isAvailable ? folderImages.resolve(path, content.imageRefs) : undefined;
        batch.push({ absPath: path, notePath: path, content: { ...content, warnings: stored.warnings, byteSize: stored.byteSize }, existingId: stored.id, isNew: false, images });
      } catch (error) {
        report.failed.push({ path, error: (error as Error).message });
        continue;
      }
      if (batch.length >= batchSize) {
        writeBatch(batch, library.id);
        batch = [];
        yield;
      }
    }
    if (batch.length > 0) writeBatch(batch, library.id);
  }
  return report;
}

/**
 * Brings a store read with older rules up to date, as a background job: the
 * app answers calls between batches, and the concept mentions of the notes
 * rewritten are found afterwards. The version is recorded only at the end, so
 * a run cut short (the app closed) starts again next time; it then resolves
 * to undefined.
 */
export async function rereadStoredNotes(store: Store, settings: SettingsRepository): Promise<ImportReport | undefined> {
  const written: number[] = [];
  // The app may close the store before this job's turn or between batches
  // (a host stopped right after it started): then stop, and try next launch.
  if (!store.db.open) return undefined;
  const steps = rereadSteps(store, written);
  let step = steps.next();
  while (!step.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!store.db.open) return undefined;
    step = steps.next();
  }
  if (written.length > 0) await indexMentionsAsync(store, written);
  if (!store.db.open) return undefined;
  markReadingCurrent(settings);
  return step.value;
}
