import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';

let temp: string;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-store-'));
});

afterEach(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates missing folders and opens a file database in WAL mode', () => {
    const path = join(temp, 'nested', 'data', 'lattice.db');
    const store = openStore(path);
    try {
      expect(existsSync(path)).toBe(true);
      expect(store.path).toBe(path);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      store.close();
    }
  });

  it('turns foreign keys on, sets synchronous to NORMAL and waits when the database is busy', () => {
    const store = openStore(join(temp, 'lattice.db'));
    try {
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
      expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it('opens an in-memory store with the same schema and foreign keys', () => {
    const store = openStore(':memory:');
    try {
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.prepare('SELECT COUNT(*) FROM notes').pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('enforces foreign keys: a note cannot point at a library that does not exist', () => {
    const store = openStore(':memory:');
    try {
      expect(() =>
        store.db
          .prepare(
            `INSERT INTO notes (library_id, path, title, source, content_hash, text, byte_size, created_at, updated_at)
            VALUES (999, 'a.md', 'a', '', 'h', '', 0, 'now', 'now')`,
          )
          .run(),
      ).toThrow(/FOREIGN KEY constraint failed/);
    } finally {
      store.close();
    }
  });

  it('can be closed twice', () => {
    const store = openStore(':memory:');
    store.close();
    expect(() => store.close()).not.toThrow();
    expect(store.db.open).toBe(false);
  });

  it('lets a second connection read while the first one writes (WAL)', () => {
    const path = join(temp, 'shared.db');
    const writer = openStore(path);
    const reader = openStore(path);
    try {
      writer.db.exec("INSERT INTO libraries (root_path, name, created_at) VALUES ('/a', 'a', 'now')");
      writer.db.exec('BEGIN');
      writer.db.exec("INSERT INTO libraries (root_path, name, created_at) VALUES ('/b', 'b', 'now')");
      expect(reader.db.prepare('SELECT COUNT(*) FROM libraries').pluck().get()).toBe(1);
      writer.db.exec('COMMIT');
      expect(reader.db.prepare('SELECT COUNT(*) FROM libraries').pluck().get()).toBe(2);
    } finally {
      writer.close();
      reader.close();
    }
  });
});
