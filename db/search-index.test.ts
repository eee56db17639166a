import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import type { Store } from './open-store.js';
import { LibraryRepository } from './repositories/libraries.js';
import { NoteRepository } from './repositories/notes.js';
import type { NoteContent } from './repositories/notes.js';
import { SearchRepository } from './repositories/search.js';
import { INSERT_NOTE_ROWS, SEARCH_INDEX_VERSION } from './search-index.js';

const NOW = '2026-01-01T00:00:00.000Z';

const note: NoteContent = {
  title: 'KV 缓存',
  frontMatter: {},
  tags: ['推理'],
  source: '# KV 缓存\n\n省显存。\n',
  contentHash: 'hash-kv',
  text: 'KV 缓存\n省显存。\n',
  byteSize: 30,
  warnings: [],
  sections: [{ ord: 0, level: 1, title: 'KV 缓存', slug: 'kv-缓存', parentOrd: null, startOffset: 0, endOffset: 11 }],
  formulas: [],
  diagrams: [{ source: 'flowchart LR\n  A[预填充] --> B[解码]', sectionOrd: 0 }],
  links: [],
};

let work: string;
let stores: Store[];

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-search-index-'));
  stores = [];
});
afterEach(() => {
  for (const store of stores) store.close();
  rmSync(work, { recursive: true, force: true });
});

function open(): Store {
  const store = openStore(join(work, 'lattice.db'));
  stores.push(store);
  return store;
}

const found = (store: Store, match: string): number[] => new SearchRepository(store.db).rankNotes(match, 10).map((r) => r.rowid);

describe('the search index, defined once', () => {
  it('is made at its current version with the store, and indexes what the importer writes through its view', () => {
    const store = open();
    expect(store.db.prepare("SELECT value FROM settings WHERE key = 'searchIndexVersion'").pluck().get()).toBe(
      String(SEARCH_INDEX_VERSION),
    );
    const library = new LibraryRepository(store.db).create('/notes', 'notes', 'user', NOW);
    const id = new NoteRepository(store.db).save(library.id, 'kv.md', note, NOW);
    new SearchRepository(store.db).indexNotes([id], []);
    // Title, tags (headings column), text and diagram labels all come from search_note_rows.
    expect(found(store, 'title:"KV"')).toEqual([id]);
    expect(found(store, 'headings:"推 理"')).toEqual([id]);
    expect(found(store, '"显 存"')).toEqual([id]);
    expect(found(store, '"解 码"')).toEqual([id]);
  });

  it('writes the index again at the next open after a version bump, and only then', () => {
    const first = open();
    const library = new LibraryRepository(first.db).create('/notes', 'notes', 'user', NOW);
    const id = new NoteRepository(first.db).save(library.id, 'kv.md', note, NOW);
    // As a store made by an older Lattice would be: its rows not what this version indexes, its version older.
    first.db.exec("INSERT INTO search_notes (search_notes) VALUES ('delete-all')");
    first.db.prepare("UPDATE settings SET value = '0' WHERE key = 'searchIndexVersion'").run();
    first.close();

    const second = open();
    expect(found(second, '"显 存"')).toEqual([id]);
    expect(second.db.prepare("SELECT value FROM settings WHERE key = 'searchIndexVersion'").pluck().get()).toBe(
      String(SEARCH_INDEX_VERSION),
    );
    // At the current version an open leaves the index alone.
    second.db.exec("INSERT INTO search_notes (search_notes) VALUES ('delete-all')");
    second.close();
    expect(found(open(), '"显 存"')).toEqual([]);
  });

  it('reads one note through the view by its key, not the whole notes table', () => {
    const store = open();
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${INSERT_NOTE_ROWS}`).all('[1]') as { detail: string }[];
    const notesStep = plan.map((p) => p.detail).filter((d) => / n\b| notes\b/.test(d));
    expect(notesStep.length).toBeGreaterThan(0);
    expect(notesStep.every((d) => d.startsWith('SEARCH'))).toBe(true);
  });
});
