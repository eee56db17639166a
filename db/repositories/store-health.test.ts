import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import type { Store } from '../open-store.js';
import { CardRepository } from './cards.js';
import { ConceptRepository } from './concepts.js';
import { LibraryRepository } from './libraries.js';
import { NoteRepository } from './notes.js';
import type { NoteContent } from './notes.js';
import { SearchRepository } from './search.js';
import { StoreHealthRepository } from './store-health.js';

const NOW = '2026-12-05T08:00:00.000Z';
const TEXT = 'KV 缓存\nKV 缓存为什么省显存？\n不必重算前缀的 K 和 V。';

function content(): NoteContent {
  return {
    title: 'KV 缓存',
    frontMatter: {},
    tags: [],
    source: '# KV 缓存\n\n## KV 缓存为什么省显存？\n\n不必重算前缀的 K 和 V，$O(n)$。\n',
    contentHash: 'hash-kv',
    text: TEXT,
    byteSize: 80,
    warnings: [],
    sections: [
      { ord: 0, level: 1, title: 'KV 缓存', slug: 'kv-缓存', parentOrd: null, startOffset: 0, endOffset: TEXT.length },
      {
        ord: 1,
        level: 2,
        title: 'KV 缓存为什么省显存？',
        slug: 'kv-缓存为什么省显存',
        parentOrd: 0,
        startOffset: 6,
        endOffset: TEXT.length,
      },
    ],
    formulas: [{ tex: 'O(n)', isDisplay: false, sectionOrd: 1 }],
    diagrams: [],
    links: [{ kind: 'wikilink', target: '注意力', label: '' }],
  };
}

let store: Store;
let health: StoreHealthRepository;
let noteId: number;

beforeEach(() => {
  store = openStore(':memory:');
  const library = new LibraryRepository(store.db).create('/notes', 'notes', 'user', NOW);
  noteId = new NoteRepository(store.db).save(library.id, 'kv.md', content(), NOW);
  new SearchRepository(store.db).indexNotes([noteId], []);
  const cards = new CardRepository(store.db);
  const question = (id: string, exact: string) => ({
    id,
    kind: 'found' as const,
    noteId,
    question: { exact, prefix: '', suffix: '', start: 6, end: 6 + exact.length },
    answer: null,
    contentHash: 'hash-kv',
  });
  cards.createFound(question('c1', 'KV 缓存为什么省显存？'), NOW);
  cards.createFound(question('c2', '旧的问题？'), NOW);
  cards.markOrphan('c2', NOW);
  const concepts = new ConceptRepository(store.db);
  const kvCache = concepts.create('KV 缓存', false, NOW);
  concepts.replaceMentions(noteId, 'mentions', [{ conceptId: kvCache, sectionOrd: 1, start: 6, end: 11, kind: 'mentions' }]);
  health = new StoreHealthRepository(store.db);
});
afterEach(() => store.close());

describe('StoreHealthRepository', () => {
  it('finds nothing wrong with a sound store, and counts what each note has', () => {
    expect(health.problems()).toEqual([]);
    expect(health.noteFacts()).toEqual([
      {
        id: noteId,
        libraryId: 1,
        path: 'kv.md',
        contentHash: 'hash-kv',
        title: 'KV 缓存',
        textLength: TEXT.length,
        sections: 2,
        formulas: 1,
        diagrams: 0,
        links: 1,
        isIndexed: true,
        // the orphaned card is not the note's any more
        cardQuestions: ['KV 缓存为什么省显存？'],
        mentions: 1,
      },
    ]);
  });

  it('counts the notes stored at some versions', () => {
    expect(health.countAt(new Set(['hash-kv', 'hash-other']))).toBe(1);
    expect(health.countAt(new Set(['hash-other']))).toBe(0);
  });

  it('sees a note missing from the search index, and index rows of notes that are gone', () => {
    store.db.prepare('DELETE FROM search_notes WHERE rowid = ?').run(noteId);
    expect(health.noteFacts()[0]?.isIndexed).toBe(false);
    store.db.prepare("INSERT INTO search_notes (rowid, title, headings, body) VALUES (999, 'x', 'x', 'x')").run();
    expect(health.problems()).toEqual(['search_notes: 1 rows for notes that are not stored']);
  });

  it('reports rows that point at a note that is not there', () => {
    store.db.pragma('foreign_keys = OFF');
    store.db
      .prepare("INSERT INTO sections (note_id, ord, level, title, slug, start_offset, end_offset) VALUES (4242, 0, 1, 't', 't', 0, 1)")
      .run();
    expect(health.problems()).toEqual(['foreign key: sections row 3 points at a missing notes']);
  });
});
