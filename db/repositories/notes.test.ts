import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import type { Store } from '../open-store.js';
import { LibraryRepository } from './libraries.js';
import { NoteRepository } from './notes.js';
import type { NoteContent } from './notes.js';

let store: Store;
let notes: NoteRepository;
let libraries: LibraryRepository;
let libraryId: number;

beforeEach(() => {
  store = openStore(':memory:');
  notes = new NoteRepository(store.db);
  libraries = new LibraryRepository(store.db);
  libraryId = libraries.create('/notes', 'notes', 'user', '2026-01-01T00:00:00.000Z').id;
});

afterEach(() => store.close());

function content(overrides: Partial<NoteContent> = {}): NoteContent {
  return {
    title: '注意力',
    frontMatter: { data: '2025-04-11 18:01 +0800', tags: ['note'] },
    tags: ['note'],
    source: '# 注意力\n\n$x$',
    contentHash: 'hash-1',
    text: '注意力\nx',
    byteSize: 17,
    warnings: [],
    sections: [{ ord: 0, level: 1, title: '注意力', slug: '注意力', parentOrd: null, startOffset: 0, endOffset: 5 }],
    formulas: [{ tex: 'x', isDisplay: false, sectionOrd: 0 }],
    diagrams: [],
    links: [{ kind: 'wikilink', target: 'kv-cache', label: 'kv-cache' }],
    ...overrides,
  };
}

const rowCount = (table: string, noteId: number): number =>
  store.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE note_id = ?`).pluck().get(noteId) as number;

describe('NoteRepository', () => {
  it('stores a note with its sections, formulas and links, and reads it back as camelCase objects', () => {
    const id = notes.save(libraryId, 'llm/attention.md', content(), '2026-01-02T00:00:00.000Z');
    expect(notes.get(id)).toEqual({
      id,
      libraryId,
      path: 'llm/attention.md',
      title: '注意力',
      tags: ['note'],
      sectionCount: 1,
      formulaCount: 1,
      diagramCount: 0,
      byteSize: 17,
      updatedAt: '2026-01-02T00:00:00.000Z',
      removedAt: null,
      frontMatter: { data: '2025-04-11 18:01 +0800', tags: ['note'] },
      source: '# 注意力\n\n$x$',
      contentHash: 'hash-1',
      text: '注意力\nx',
      warnings: [],
      createdAt: '2026-01-02T00:00:00.000Z',
    });
    expect(notes.sections(id)).toEqual(content().sections);
    expect(notes.links(id)).toEqual(content().links);
    expect(notes.findByPath(libraryId, 'llm/attention.md')?.id).toBe(id);
    expect(notes.findByPath(libraryId, 'missing.md')).toBeUndefined();
  });

  it('replaces, not appends, the derived rows when a note is saved again', () => {
    const id = notes.save(libraryId, 'a.md', content(), 't1');
    notes.save(
      libraryId,
      'a.md',
      content({
        title: '新标题',
        contentHash: 'hash-2',
        sections: [],
        formulas: [],
        links: [],
        diagrams: [{ source: 'graph LR\nA-->B', sectionOrd: null }],
      }),
      't2',
      id,
    );
    expect(notes.get(id)).toMatchObject({
      title: '新标题',
      contentHash: 'hash-2',
      sectionCount: 0,
      formulaCount: 0,
      diagramCount: 1,
      createdAt: 't1',
      updatedAt: 't2',
    });
    expect([rowCount('sections', id), rowCount('formulas', id), rowCount('note_links', id), rowCount('diagrams', id)]).toEqual([
      0, 0, 0, 1,
    ]);
  });

  it('refuses a second note at the same path of a library', () => {
    notes.save(libraryId, 'a.md', content(), 't');
    expect(() => notes.save(libraryId, 'a.md', content(), 't')).toThrow(/UNIQUE constraint failed/);
  });

  it('hides a removed note from the list but keeps it readable, and brings it back on restore', () => {
    const id = notes.save(libraryId, 'a.md', content(), 't1');
    notes.save(libraryId, 'b.md', content({ title: '乙' }), 't1');
    notes.markRemoved(id, 't2');
    notes.markRemoved(id, 't3');
    expect(notes.list().map((n) => n.path)).toEqual(['b.md']);
    expect(notes.list({ includeRemoved: true }).map((n) => n.path)).toEqual(['a.md', 'b.md']);
    expect(notes.get(id)?.removedAt).toBe('t2');
    expect(notes.versionsIn(libraryId).get('a.md')).toEqual({ id, contentHash: 'hash-1', isRemoved: true });
    notes.restore(id, 't4');
    expect(notes.get(id)).toMatchObject({ removedAt: null, updatedAt: 't4' });
  });

  it('names some present note for warming up, never a removed one, and none in an empty store', () => {
    expect(notes.anyId()).toBeUndefined();
    const first = notes.save(libraryId, 'a.md', content(), '2026-01-02T00:00:00.000Z');
    const second = notes.save(libraryId, 'b.md', content({ contentHash: 'hash-2' }), '2026-01-02T00:00:00.000Z');
    expect(notes.anyId()).toBe(first);
    notes.markRemoved(first, '2026-01-03T00:00:00.000Z');
    expect(notes.anyId()).toBe(second);
  });

  it('lists by library', () => {
    const other = libraries.create('/other', 'other', 'user', 't').id;
    notes.save(libraryId, 'a.md', content(), 't');
    notes.save(other, 'a.md', content(), 't');
    expect(notes.list({ libraryId: other }).map((n) => n.libraryId)).toEqual([other]);
    expect(notes.list()).toHaveLength(2);
  });

  it('deletes a note’s rows with the note (foreign keys cascade)', () => {
    const id = notes.save(libraryId, 'a.md', content(), 't');
    store.db.prepare('DELETE FROM libraries WHERE id = ?').run(libraryId);
    expect(notes.get(id)).toBeUndefined();
    expect([rowCount('sections', id), rowCount('formulas', id), rowCount('note_links', id)]).toEqual([0, 0, 0]);
  });
});

describe('LibraryRepository', () => {
  it('finds the deepest library containing a path, not one that merely shares a prefix', () => {
    const inner = libraries.create('/notes/llm', 'llm', 'user', 't');
    libraries.create('/notes-archive', 'archive', 'user', 't');
    expect(libraries.findContaining('/notes/llm/rag', '/')?.id).toBe(inner.id);
    expect(libraries.findContaining('/notes/other', '/')?.id).toBe(libraryId);
    expect(libraries.findContaining('/notes-archive/x', '/')?.name).toBe('archive');
    expect(libraries.findContaining('/elsewhere', '/')).toBeUndefined();
  });

  it('lists the starter library first and counts only notes that are present', () => {
    const starter = libraries.create('/app/notes', 'Starter', 'starter', 't');
    const id = notes.save(libraryId, 'a.md', content(), 't');
    notes.save(libraryId, 'b.md', content(), 't');
    notes.markRemoved(id, 't');
    libraries.markImported(libraryId, 't9');
    expect(libraries.list().map((l) => [l.id, l.noteCount])).toEqual([
      [starter.id, 0],
      [libraryId, 1],
    ]);
    expect(libraries.get(libraryId)?.importedAt).toBe('t9');
  });
});
