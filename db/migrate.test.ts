import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMigrationsDir, loadMigrations, migrate, MigrationError } from './migrate.js';
import { openStore } from './open-store.js';

let temp: string;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-migrate-'));
});

afterEach(() => {
  rmSync(temp, { recursive: true, force: true });
});

const applied = (db: BetterSqlite3.Database): { id: number; name: string }[] =>
  db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as { id: number; name: string }[];

describe('the migration files', () => {
  it('are found from the source tree and numbered from 1 without gaps', () => {
    const migrations = loadMigrations(findMigrationsDir());
    expect(migrations.length).toBeGreaterThan(0);
    migrations.forEach((m, i) => {
      expect(m.id).toBe(i + 1);
      expect(m.name).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
      expect(m.sql.trim()).not.toBe('');
    });
    expect(migrations[0]?.name).toBe('0001_create_notes.sql');
  });

  it('refuses a folder with a gap in the numbering', () => {
    writeFileSync(join(temp, '0001_create_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(temp, '0003_create_c.sql'), 'CREATE TABLE c (x);');
    expect(() => loadMigrations(temp)).toThrow(new MigrationError('migrations must be numbered without gaps: 0003_create_c.sql'));
  });

  it('refuses a badly named file', () => {
    writeFileSync(join(temp, '0001_Create Table.sql'), 'CREATE TABLE a (x);');
    expect(() => loadMigrations(temp)).toThrow(MigrationError);
  });
});

describe('migrate', () => {
  it('applies every migration once and records it in schema_migrations', () => {
    const db = new BetterSqlite3(':memory:');
    const migrations = loadMigrations();
    expect(migrate(db, migrations)).toBe(migrations.length);
    expect(applied(db)).toEqual(migrations.map((m) => ({ id: m.id, name: m.name })));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['libraries', 'notes', 'sections', 'formulas', 'diagrams', 'note_links', 'settings', 'schema_migrations']),
    );
    expect(migrate(db, migrations)).toBe(0);
    db.close();
  });

  it('applies nothing new when a file database is reopened', () => {
    const path = join(temp, 'lattice.db');
    openStore(path).close();
    const store = openStore(path);
    try {
      expect(migrate(store.db)).toBe(0);
      expect(applied(store.db)).toHaveLength(loadMigrations().length);
    } finally {
      store.close();
    }
  });

  it('applies only the migrations that are new since the database was written', () => {
    const dir = join(temp, 'migrations');
    cpSync(findMigrationsDir(), dir, { recursive: true });
    const db = new BetterSqlite3(':memory:');
    migrate(db, loadMigrations(dir));
    const next = String(loadMigrations(dir).length + 1).padStart(4, '0');
    writeFileSync(join(dir, `${next}_add_test_column.sql`), 'ALTER TABLE notes ADD COLUMN test_column TEXT;');
    expect(migrate(db, loadMigrations(dir))).toBe(1);
    expect(applied(db).at(-1)?.name).toBe(`${next}_add_test_column.sql`);
    db.close();
  });

  it('rolls back a failing migration and records nothing for it', () => {
    const dir = join(temp, 'migrations');
    cpSync(findMigrationsDir(), dir, { recursive: true });
    const next = String(loadMigrations(dir).length + 1).padStart(4, '0');
    writeFileSync(join(dir, `${next}_break_things.sql`), 'CREATE TABLE half_done (x); SELECT no_such_function();');
    const db = new BetterSqlite3(':memory:');
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/no such function/);
    expect(applied(db)).toHaveLength(loadMigrations(dir).length - 1);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer Lattice (an applied migration it does not know)', () => {
    const path = join(temp, 'newer.db');
    openStore(path).close();
    const db = new BetterSqlite3(path);
    const next = loadMigrations().length + 1;
    db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
      next,
      `${String(next).padStart(4, '0')}_from_the_future.sql`,
      '2030-01-01T00:00:00.000Z',
    );
    db.close();
    expect(() => openStore(path)).toThrow(MigrationError);
    expect(() => openStore(path)).toThrow(/written by a newer version of Lattice .*_from_the_future\.sql.*update Lattice to open it/);
  });

  it('refuses a database whose recorded history differs from the migration files', () => {
    const path = join(temp, 'edited.db');
    openStore(path).close();
    const db = new BetterSqlite3(path);
    db.prepare("UPDATE schema_migrations SET name = '0001_something_else.sql' WHERE id = 1").run();
    db.close();
    expect(() => openStore(path)).toThrow(
      new MigrationError(
        "applied migration 1 (0001_something_else.sql) does not match this version's 0001_create_notes.sql; refusing to open",
      ),
    );
  });

  it('leaves a refused database untouched', () => {
    const path = join(temp, 'edited.db');
    openStore(path).close();
    const db = new BetterSqlite3(path);
    db.prepare("UPDATE schema_migrations SET name = '0001_something_else.sql' WHERE id = 1").run();
    db.close();
    expect(() => openStore(path)).toThrow(MigrationError);
    const after = new BetterSqlite3(path, { readonly: true });
    // Nothing after the edited row was applied or rolled back: the file is as it was.
    const later = loadMigrations()
      .slice(1)
      .map((m) => ({ id: m.id, name: m.name }));
    expect(applied(after)).toEqual([{ id: 1, name: '0001_something_else.sql' }, ...later]);
    after.close();
  });
});
