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
}

interface LibraryRow {
  id: number;
  root_path: string;
  name: string;
  kind: LibraryKind;
  created_at: string;
  imported_at: string | null;
  note_count: number;
}

const SELECT = `SELECT l.id, l.root_path, l.name, l.kind, l.created_at, l.imported_at,
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
  };
}

/** SQL for libraries: the folders a person imported. */
export class LibraryRepository {
  private readonly byRoot: Statement<[string], LibraryRow>;
  private readonly byId: Statement<[number], LibraryRow>;
  private readonly all: Statement<[], LibraryRow>;
  private readonly insert: Statement<[string, string, LibraryKind, string]>;
  private readonly touch: Statement<[string, number]>;

  constructor(db: Database) {
    this.byRoot = db.prepare(`${SELECT} WHERE l.root_path = ?`);
    this.byId = db.prepare(`${SELECT} WHERE l.id = ?`);
    this.all = db.prepare(`${SELECT} ORDER BY l.kind = 'starter' DESC, l.name, l.id`);
    this.insert = db.prepare(
      'INSERT INTO libraries (root_path, name, kind, created_at) VALUES (?, ?, ?, ?)',
    );
    this.touch = db.prepare('UPDATE libraries SET imported_at = ? WHERE id = ?');
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
}
