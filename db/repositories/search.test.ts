import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../migrate.js';
import { AnnotationRepository } from './annotations.js';
import { ConceptRepository } from './concepts.js';
import { NoteRepository } from './notes.js';
import type { NoteContent } from './notes.js';
import { SearchRepository } from './search.js';

const NOW = '2026-01-01T00:00:00.000Z';

function content(text: string, overrides: Partial<NoteContent> = {}): NoteContent {
  return {
    title: '推理优化',
    frontMatter: {},
    tags: ['inference'],
    source: `# 推理优化\n\n${text}`,
    contentHash: `hash-${text.length}`,
    text: `推理优化\n${text}`,
    byteSize: text.length,
    warnings: [],
    sections: [{ ord: 0, level: 1, title: '推理优化', slug: '推理优化', parentOrd: null, startOffset: 0, endOffset: text.length + 5 }],
    formulas: [],
    diagrams: [{ source: 'flowchart LR\n  A[预填充] --> B[解码]', sectionOrd: 0 }],
    links: [],
    ...overrides,
  };
}

const rowids = (repo: SearchRepository, source: 'notes' | 'concepts' | 'annotations', match: string): number[] =>
  repo
    .rank(source, match, 50)
    .map((r) => r.rowid)
    .sort((a, b) => a - b);

describe('the search index migration', () => {
  it('indexes what a store already holds when it is upgraded', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrations();
    const before = all.findIndex((m) => m.name.includes('search_index'));
    migrate(db, all.slice(0, before));

    // The library row as a store of that age held it: today's LibraryRepository reads columns added by later migrations.
    const library = {
      id: Number(
        db.prepare("INSERT INTO libraries (root_path, name, kind, created_at) VALUES ('/notes', 'notes', 'user', ?)").run(NOW)
          .lastInsertRowid,
      ),
    };
    const notes = new NoteRepository(db);
    const kept = notes.save(library.id, 'kv.md', content('KV 缓存省显存。'), NOW);
    const gone = notes.save(library.id, 'old.md', content('显存以前的说法。'), NOW);
    notes.markRemoved(gone, NOW);
    const concepts = new ConceptRepository(db);
    const concept = concepts.create('投机解码', false, NOW);
    concepts.addAlias(concept, 'speculative decoding', 'derived');
    new AnnotationRepository(db).insert({
      id: '6f1c2d3e-0000-4000-8000-000000000001',
      noteId: kept,
      quoteExact: 'KV 缓存',
      quotePrefix: '',
      quoteSuffix: '省显存',
      start: 5,
      end: 10,
      contentHash: 'hash',
      color: 'yellow',
      comment: '面试常考',
      tags: ['必背'],
      state: 'anchored',
      orphanedAt: null,
      createdAt: NOW,
      updatedAt: NOW,
    });

    migrate(db, all);
    const repo = new SearchRepository(db);
    expect(rowids(repo, 'notes', '"显 存"')).toEqual([kept]);
    expect(rowids(repo, 'notes', '"预 填 充"')).toEqual([kept]);
    expect(rowids(repo, 'notes', '"inference"')).toEqual([kept]);
    expect(rowids(repo, 'concepts', '"speculative decoding"')).toEqual([concept]);
    expect(rowids(repo, 'annotations', '"面 试"')).toHaveLength(1);
    expect(rowids(repo, 'annotations', '"必 背"')).toHaveLength(1);
    expect(repo.indexBytes()).toBeGreaterThan(0);

    // Removed and restored notes leave and re-enter the index through the notes table alone.
    notes.restore(gone, NOW);
    expect(rowids(repo, 'notes', '"显 存"')).toEqual([kept, gone]);
    notes.markRemoved(kept, NOW);
    expect(rowids(repo, 'notes', '"显 存"')).toEqual([gone]);

    // A rebuild gives the same answers.
    repo.rebuild();
    expect(rowids(repo, 'notes', '"显 存"')).toEqual([gone]);
    expect(rowids(repo, 'concepts', '"投 机"')).toEqual([concept]);
    db.close();
  });
});
