import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

/** A stored picture: its bytes and the type they were recognised as. */
export interface MediaFile {
  hash: string;
  mime: string;
  bytes: Buffer;
}

/**
 * What one image reference of a note resolved to: a stored picture (`hash`),
 * or the reason it shows as a placeholder (`problem`, a code the renderer
 * words: see main/media/image-problems.ts).
 */
export interface NoteImage {
  ref: string;
  hash: string | null;
  mime: string | null;
  problem: string | null;
}

/** A reference as the note wrote it, and what it resolved to: what setNoteImages stores. */
export interface NoteImageRow {
  ref: string;
  /** The path or name as written. */
  target: string;
  /** An Obsidian `![[embed]]` (found by name anywhere in the folder) rather than a path. */
  isEmbed: boolean;
  hash: string | null;
  problem: string | null;
}

/** A reference of a note whose picture was missing, to look for again. */
export interface MissingImage {
  noteId: number;
  notePath: string;
  ref: string;
  target: string;
  isEmbed: boolean;
}

interface NoteImageJoinRow {
  ref: string;
  media_hash: string | null;
  mime: string | null;
  problem: string | null;
}

/** sha256 of bytes, hex: a stored picture's name. */
export function mediaHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A media hash as the store writes it: 64 lowercase hex digits (anything else names nothing). */
export const MEDIA_HASH = /^[0-9a-f]{64}$/;

/**
 * SQL for the media store (migration 0017): pictures by content hash, and
 * what each note's image references resolved to. Other features (watched
 * folders, Anki media) put and read pictures through putMedia / getMedia.
 */
export class MediaRepository {
  private readonly insert: Statement<[string, string, number, Buffer, string]>;
  private readonly byHash: Statement<[string], { hash: string; mime: string; bytes: Buffer }>;
  private readonly mimeOf: Statement<[string], { mime: string }>;
  private readonly clearNote: Statement<[number]>;
  private readonly addNoteImage: Statement<[number, string, string, number, string | null, string | null]>;
  private readonly updateOne: Statement<[string | null, string | null, number, string]>;
  private readonly ofNote: Statement<[number], NoteImageJoinRow>;
  private readonly missingIn: Statement<[number], { note_id: number; path: string; ref: string; target: string; is_embed: number }>;
  private readonly unused: Statement<[]>;

  constructor(private readonly db: Database) {
    // Content-addressed: a picture already stored is the same bytes, so a second put is a no-op.
    this.insert = db.prepare(
      'INSERT INTO media (hash, mime, byte_size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(hash) DO NOTHING',
    );
    this.byHash = db.prepare('SELECT hash, mime, bytes FROM media WHERE hash = ?');
    this.mimeOf = db.prepare('SELECT mime FROM media WHERE hash = ?');
    this.clearNote = db.prepare('DELETE FROM note_images WHERE note_id = ?');
    this.addNoteImage = db.prepare(
      'INSERT OR REPLACE INTO note_images (note_id, ref, target, is_embed, media_hash, problem) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.updateOne = db.prepare('UPDATE note_images SET media_hash = ?, problem = ? WHERE note_id = ? AND ref = ?');
    this.missingIn = db.prepare(
      "SELECT i.note_id, n.path, i.ref, i.target, i.is_embed FROM note_images i JOIN notes n ON n.id = i.note_id WHERE i.problem = 'missing' AND n.library_id = ? AND n.removed_at IS NULL",
    );
    this.ofNote = db.prepare(
      'SELECT i.ref, i.media_hash, m.mime, i.problem FROM note_images i LEFT JOIN media m ON m.hash = i.media_hash WHERE i.note_id = ? ORDER BY i.ref',
    );
    // A picture of an imported Anki deck is named only inside its cards' HTML (/media/<hash>).
    this.unused = db.prepare(
      `DELETE FROM media WHERE NOT EXISTS (SELECT 1 FROM note_images i WHERE i.media_hash = media.hash)
         AND NOT EXISTS (SELECT 1 FROM anki_cards a WHERE instr(a.question_html, media.hash) > 0 OR instr(a.answer_html, media.hash) > 0)`,
    );
  }

  /** Stores bytes already checked to be a picture of type `mime`; returns their hash. Idempotent. */
  putMedia(bytes: Uint8Array, mime: string, now = new Date().toISOString()): string {
    const hash = mediaHash(bytes);
    if (!this.mimeOf.get(hash))
      this.insert.run(hash, mime, bytes.byteLength, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), now);
    return hash;
  }

  /** The picture stored under `hash`, or undefined. */
  getMedia(hash: string): MediaFile | undefined {
    if (!MEDIA_HASH.test(hash)) return undefined;
    return this.byHash.get(hash);
  }

  /** Whether a picture is stored under `hash` (without reading its bytes). */
  hasMedia(hash: string): boolean {
    return MEDIA_HASH.test(hash) && this.mimeOf.get(hash) !== undefined;
  }

  /** Replaces what a note's image references resolved to (call inside the note's transaction). */
  setNoteImages(noteId: number, images: readonly NoteImageRow[]): void {
    this.clearNote.run(noteId);
    for (const image of images) this.addNoteImage.run(noteId, image.ref, image.target, image.isEmbed ? 1 : 0, image.hash, image.problem);
  }

  /** Records what one reference resolves to now (a picture missing before may have appeared). */
  updateNoteImage(noteId: number, ref: string, hash: string | null, problem: string | null): void {
    this.updateOne.run(hash, problem, noteId, ref);
  }

  /** The references of a library's notes whose picture was missing when last looked for. */
  missingImages(libraryId: number): MissingImage[] {
    return this.missingIn
      .all(libraryId)
      .map((row) => ({ noteId: row.note_id, notePath: row.path, ref: row.ref, target: row.target, isEmbed: row.is_embed === 1 }));
  }

  /** What a note's image references resolved to, by reference. */
  noteImages(noteId: number): NoteImage[] {
    return this.ofNote.all(noteId).map((row) => ({ ref: row.ref, hash: row.media_hash, mime: row.mime, problem: row.problem }));
  }

  /**
   * Deletes pictures no note refers to any more; returns how many. Callers
   * that keep pictures for something else than notes must not run it until
   * they record their own references.
   */
  pruneUnused(): number {
    return this.db.transaction(() => this.unused.run().changes)();
  }
}
