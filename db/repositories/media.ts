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

interface NoteImageRow {
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
 * SQL for the media store (migration 0016): pictures by content hash, and
 * what each note's image references resolved to. Other features (watched
 * folders, Anki media) put and read pictures through putMedia / getMedia.
 */
export class MediaRepository {
  private readonly insert: Statement<[string, string, number, Buffer, string]>;
  private readonly byHash: Statement<[string], { hash: string; mime: string; bytes: Buffer }>;
  private readonly mimeOf: Statement<[string], { mime: string }>;
  private readonly clearNote: Statement<[number]>;
  private readonly addNoteImage: Statement<[number, string, string | null, string | null]>;
  private readonly ofNote: Statement<[number], NoteImageRow>;
  private readonly unused: Statement<[]>;

  constructor(private readonly db: Database) {
    // Content-addressed: a picture already stored is the same bytes, so a second put is a no-op.
    this.insert = db.prepare('INSERT INTO media (hash, mime, byte_size, bytes, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(hash) DO NOTHING');
    this.byHash = db.prepare('SELECT hash, mime, bytes FROM media WHERE hash = ?');
    this.mimeOf = db.prepare('SELECT mime FROM media WHERE hash = ?');
    this.clearNote = db.prepare('DELETE FROM note_images WHERE note_id = ?');
    this.addNoteImage = db.prepare('INSERT OR REPLACE INTO note_images (note_id, ref, media_hash, problem) VALUES (?, ?, ?, ?)');
    this.ofNote = db.prepare(
      'SELECT i.ref, i.media_hash, m.mime, i.problem FROM note_images i LEFT JOIN media m ON m.hash = i.media_hash WHERE i.note_id = ? ORDER BY i.ref',
    );
    this.unused = db.prepare('DELETE FROM media WHERE NOT EXISTS (SELECT 1 FROM note_images i WHERE i.media_hash = media.hash)');
  }

  /** Stores bytes already checked to be a picture of type `mime`; returns their hash. Idempotent. */
  putMedia(bytes: Uint8Array, mime: string, now = new Date().toISOString()): string {
    const hash = mediaHash(bytes);
    if (!this.mimeOf.get(hash)) this.insert.run(hash, mime, bytes.byteLength, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), now);
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
  setNoteImages(noteId: number, images: readonly Omit<NoteImage, 'mime'>[]): void {
    this.clearNote.run(noteId);
    for (const image of images) this.addNoteImage.run(noteId, image.ref, image.hash, image.problem);
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
