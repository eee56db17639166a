import type { Database, Statement } from 'better-sqlite3';

export type LibraryKind = 'user' | 'starter';

export interface Library {
  id: number;
  rootPath: string;
  name: string;
  kind: LibraryKind;
  createdAt: string;
  importedAt: string | null;
  noteCount: number;
  /** The person's choice: re-import the folder when its files change. */
  isWatched: boolean;
  /** What the last import of the folder did (its time is importedAt). */
  lastSync: { added: number; changed: number; removed: number };
  /** Set while the folder cannot be found; its notes are kept until it returns or the person confirms. */
  missingSince: string | null;
}

interface LibraryRow {
  id: number;
  root_path: string;
  name: string;
  kind: LibraryKind;
  created_at: string;
  imported_at: string | null;
  note_count: number;
  is_watched: number;
  sync_added: number;
  sync_changed: number;
  sync_removed: number;
  missing_since: string | null;
}

const SELECT = `SELECT l.id, l.root_path, l.name, l.kind, l.created_at, l.imported_at,
  l.is_watched, l.sync_added, l.sync_changed, l.sync_removed, l.missing_since,
  (SELECT COUNT(*) FROM notes n WHERE n.library_id = l.id AND n.removed_at IS NULL) AS note_count
  FROM libraries l`;

function toLibrary(row: LibraryRow): Library {
  return {
    id: row.id,
    rootPath: row.root_path,
    name: row.name,
    kind: row.kind,
    createdAt: row.created_at,
    importedAt: row.imported_at,
    noteCount: row.note_count,
    isWatched: row.is_watched === 1,
    lastSync: { added: row.sync_added, changed: row.sync_changed, removed: row.sync_removed },
    missingSince: row.missing_since,
  };
}

/** SQL for libraries: the folders a person imported. */
export class LibraryRepository {
  private readonly byRoot: Statement<[string], LibraryRow>;
  private readonly byId: Statement<[number], LibraryRow>;
  private readonly all: Statement<[], LibraryRow>;
  private readonly insert: Statement<[string, string, LibraryKind, string]>;
  private readonly touch: Statement<[string, number]>;
  private readonly setWatchedStatement: Statement<[number, number]>;
  private readonly recordSyncStatement: Statement<[number, number, number, string, number]>;
  private readonly setMissingStatement: Statement<[string | null, number]>;

  constructor(db: Database) {
    this.byRoot = db.prepare(`${SELECT} WHERE l.root_path = ?`);
    this.byId = db.prepare(`${SELECT} WHERE l.id = ?`);
    this.all = db.prepare(`${SELECT} ORDER BY l.kind = 'starter' DESC, l.name, l.id`);
    this.insert = db.prepare('INSERT INTO libraries (root_path, name, kind, created_at) VALUES (?, ?, ?, ?)');
    this.touch = db.prepare('UPDATE libraries SET imported_at = ? WHERE id = ?');
    this.setWatchedStatement = db.prepare('UPDATE libraries SET is_watched = ? WHERE id = ?');
    this.recordSyncStatement = db.prepare(
      'UPDATE libraries SET sync_added = ?, sync_changed = ?, sync_removed = ?, imported_at = ?, missing_since = NULL WHERE id = ?',
    );
    this.setMissingStatement = db.prepare('UPDATE libraries SET missing_since = ? WHERE id = ?');
  }

  /** All libraries, the starter library first. */
  list(): Library[] {
    return this.all.all().map(toLibrary);
  }

  get(id: number): Library | undefined {
    const row = this.byId.get(id);
    return row ? toLibrary(row) : undefined;
  }

  findByRoot(rootPath: string): Library | undefined {
    const row = this.byRoot.get(rootPath);
    return row ? toLibrary(row) : undefined;
  }

  /** The library whose root folder contains `absPath` (or is it), deepest root first. */
  findContaining(absPath: string, sep: string): Library | undefined {
    return this.list()
      .filter((l) => absPath === l.rootPath || absPath.startsWith(l.rootPath.endsWith(sep) ? l.rootPath : l.rootPath + sep))
      .sort((a, b) => b.rootPath.length - a.rootPath.length)[0];
  }

  create(rootPath: string, name: string, kind: LibraryKind, now: string): Library {
    const id = Number(this.insert.run(rootPath, name, kind, now).lastInsertRowid);
    const created = this.get(id);
    if (!created) throw new Error(`library ${id} vanished after insert`);
    return created;
  }

  markImported(id: number, now: string): void {
    this.touch.run(now, id);
  }

  /** Turns watching the folder on or off (the person's choice, kept across launches). */
  setWatched(id: number, isWatched: boolean): void {
    this.setWatchedStatement.run(isWatched ? 1 : 0, id);
  }

  /** Records what an import of the folder changed, and that the folder was there. */
  recordSync(id: number, changes: { added: number; changed: number; removed: number }, now: string): void {
    this.recordSyncStatement.run(changes.added, changes.changed, changes.removed, now, id);
  }

  /** Marks the folder missing since `since`, or found again (null). */
  setMissing(id: number, since: string | null): void {
    this.setMissingStatement.run(since, id);
  }
}
