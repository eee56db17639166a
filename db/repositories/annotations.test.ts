import { describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import { AnnotationRepository } from './annotations.js';
import type { AnnotationRecord } from './annotations.js';
import { LibraryRepository } from './libraries.js';
import { NoteRepository } from './notes.js';

function storeWithNote() {
  const store = openStore(':memory:');
  const library = new LibraryRepository(store.db).create('/notes', 'notes', 'user', '2026-01-01T00:00:00Z');
  const noteId = new NoteRepository(store.db).save(
    library.id,
    'a.md',
    {
      title: 'A',
      frontMatter: {},
      tags: [],
      source: '# A\n\n注意力机制',
      contentHash: 'h1',
      text: 'A\n注意力机制',
      byteSize: 10,
      warnings: [],
      sections: [],
      formulas: [],
      diagrams: [],
      links: [],
    },
    '2026-01-01T00:00:00Z',
  );
  return { store, noteId, repository: new AnnotationRepository(store.db) };
}

function record(noteId: number, overrides: Partial<AnnotationRecord> = {}): AnnotationRecord {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    noteId,
    quoteExact: '注意力',
    quotePrefix: 'A\n',
    quoteSuffix: '机制',
    start: 2,
    end: 5,
    contentHash: 'h1',
    color: 'yellow',
    comment: '',
    tags: [],
    state: 'anchored',
    orphanedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('AnnotationRepository', () => {
  it('keeps an orphan’s last good selectors and anchors it again later', () => {
    const { store, noteId, repository } = storeWithNote();
    repository.insert(record(noteId));
    repository.markOrphan(record(noteId).id, '2026-02-01T00:00:00Z');
    const orphan = repository.get(record(noteId).id);
    expect(orphan).toMatchObject({
      state: 'orphan',
      quoteExact: '注意力',
      start: 2,
      end: 5,
      contentHash: 'h1',
      orphanedAt: '2026-02-01T00:00:00Z',
    });
    repository.setAnchor(
      record(noteId).id,
      { quoteExact: '注意力', quotePrefix: '', quoteSuffix: '机制', start: 7, end: 10, contentHash: 'h2' },
      '2026-03-01T00:00:00Z',
    );
    expect(repository.get(record(noteId).id)).toMatchObject({ state: 'anchored', start: 7, contentHash: 'h2', orphanedAt: null });
    store.close();
  });

  it('filters by tag exactly and by text in quote, comment or tags, case-insensitively', () => {
    const { store, noteId, repository } = storeWithNote();
    repository.insert(
      record(noteId, { id: '22222222-2222-4222-8222-222222222222', tags: ['Attention'], comment: 'Softmax 前除以根号 d_k' }),
    );
    repository.insert(record(noteId, { id: '33333333-3333-4333-8333-333333333333', tags: ['attention-heads'] }));
    expect(repository.list({ tag: 'Attention' }).map((a) => a.id)).toEqual(['22222222-2222-4222-8222-222222222222']);
    expect(repository.list({ text: 'softmax 根号' }).map((a) => a.id)).toEqual(['22222222-2222-4222-8222-222222222222']);
    expect(repository.list({ text: '100%_' })).toEqual([]);
    store.close();
  });

  it('refuses to leave a note’s annotations without their note', () => {
    const { store, noteId, repository } = storeWithNote();
    repository.insert(record(noteId));
    expect(() => store.db.prepare('DELETE FROM notes WHERE id = ?').run(noteId)).toThrow(/FOREIGN KEY/);
    expect(() => repository.insert(record(noteId + 99, { id: '44444444-4444-4444-8444-444444444444' }))).toThrow(/FOREIGN KEY/);
    expect(() => repository.insert(record(noteId, { id: '55555555-5555-4555-8555-555555555555', start: 5, end: 5 }))).toThrow(/CHECK/);
    store.close();
  });
});
