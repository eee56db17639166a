import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { ensureSearchIndex } from './search-index.js';
import { registerSearchFunctions } from './search-text.js';

/** A migration file: `NNNN_verb_subject.sql`. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Raised when a database cannot be opened safely by this version of Lattice. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * Finds db/migrations whether we run from source (db/migrate.ts) or from the
 * compiled tree (out/node/db/migrate.js) or from inside a packaged app.
 */
export function findMigrationsDir(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    for (const candidate of [join(dir, 'migrations'), join(dir, 'db', 'migrations')]) {
      if (existsSync(join(candidate, '0001_create_notes.sql'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new MigrationError(`db/migrations not found above ${from}`);
    dir = parent;
  }
}

/** Reads the migration files in order and checks they are numbered 1, 2, 3 … with no gap. */
export function loadMigrations(dir = findMigrationsDir()): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return files.map((file, index) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`migration file name not of the form NNNN_name.sql: ${file}`);
    const id = Number(match[1]);
    if (id !== index + 1) throw new MigrationError(`migrations must be numbered without gaps: ${file}`);
    return { id, name: file, sql: readFileSync(join(dir, file), 'utf8') };
  });
}

/**
 * Applies pending migrations, each in its own transaction, and records them.
 * Refuses a database whose applied list is not a prefix of the known files
 * (someone edited history) or which has more migrations than we know (it was
 * written by a newer Lattice): opening either could corrupt the user's data.
 */
export function migrate(db: Database, migrations: Migration[] = loadMigrations()): number {
  // Migrations and the search index's triggers call these SQL functions.
  registerSearchFunctions(db);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    applied_at TEXT NOT NULL
  )`);
  const applied = db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as { id: number; name: string }[];
  if (applied.length > migrations.length) {
    const newest = applied[applied.length - 1]?.name ?? '';
    throw new MigrationError(`this data was written by a newer version of Lattice (it has migration ${newest}); update Lattice to open it`);
  }
  applied.forEach((row, i) => {
    const known = migrations[i];
    if (!known || known.id !== row.id || known.name !== row.name) {
      throw new MigrationError(
        `applied migration ${row.id} (${row.name}) does not match this version's ${known?.name ?? 'nothing'}; refusing to open`,
      );
    }
  });
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  const pending = migrations.slice(applied.length);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, new Date().toISOString());
    })();
  }
  // What a row of the search index holds is declared once in code and
  // versioned (db/search-index.ts), once the migrations have made its tables.
  const hasSearchIndex = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_notes'").get() !== undefined;
  if (hasSearchIndex) ensureSearchIndex(db);
  return pending.length;
}
