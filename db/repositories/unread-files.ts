import type { Database, Statement } from 'better-sqlite3';

/** A file of a library that could not be read, and why (migration 0021). */
export interface UnreadFile {
  /** Inside the library, '/' separated, as notes.path. */
  path: string;
  error: string;
  failedAt: string;
}

interface UnreadRow {
  path: string;
  error: string;
  failed_at: string;
}

const toUnread = (row: UnreadRow): UnreadFile => ({ path: row.path, error: row.error, failedAt: row.failed_at });

/**
 * SQL for unread_files: the files an import could not read, kept until the
 * file is read again or is gone, so the reader and the library screen can say
 * that what they show is not the file as it is now.
 */
export class UnreadFileRepository {
  private readonly upsert: Statement<[number, string, string, string]>;
  private readonly drop: Statement<[number, string]>;
  private readonly ofLibrary: Statement<[number], UnreadRow>;
  private readonly one: Statement<[number, string], UnreadRow>;

  constructor(db: Database) {
    this.upsert = db.prepare(`INSERT INTO unread_files (library_id, path, error, failed_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (library_id, path) DO UPDATE SET error = excluded.error, failed_at = excluded.failed_at`);
    this.drop = db.prepare('DELETE FROM unread_files WHERE library_id = ? AND path = ?');
    this.ofLibrary = db.prepare('SELECT path, error, failed_at FROM unread_files WHERE library_id = ? ORDER BY path');
    this.one = db.prepare('SELECT path, error, failed_at FROM unread_files WHERE library_id = ? AND path = ?');
  }

  /** The file at `path` could not be read now: recorded, or its reason and time updated. */
  record(libraryId: number, path: string, error: string, now: string): void {
    this.upsert.run(libraryId, path, error, now);
  }

  /** The file at `path` was read, or is gone: nothing is owed for it any more. */
  clear(libraryId: number, path: string): void {
    this.drop.run(libraryId, path);
  }

  /** The library's unread files, by path. */
  inLibrary(libraryId: number): UnreadFile[] {
    return this.ofLibrary.all(libraryId).map(toUnread);
  }

  /** Why the file at `path` could not be read, or undefined when it was. */
  get(libraryId: number, path: string): UnreadFile | undefined {
    const row = this.one.get(libraryId, path);
    return row ? toUnread(row) : undefined;
  }
}
