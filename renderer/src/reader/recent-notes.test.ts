import { describe, expect, it } from 'vitest';
import type { NoteView } from '../../../main/api/contract.js';
import { isSameAsShown, recentNote, rememberNote } from './recent-notes.js';

const view = (overrides: Partial<NoteView> = {}): NoteView => ({
  id: 1,
  libraryId: 1,
  title: '注意力',
  path: 'attention.md',
  absolutePath: '/notes/attention.md',
  tags: [],
  sections: 1,
  formulas: 0,
  diagrams: 0,
  byteSize: 20,
  updatedAt: '2026-01-01T00:00:00.000Z',
  removedAt: null,
  frontMatter: {},
  text: '注意力\n',
  contentHash: 'a'.repeat(64),
  warnings: [],
  readProblem: null,
  sectionList: [],
  links: [],
  importedTitle: '注意力',
  ...overrides,
});

describe("the reader's recent notes", () => {
  it('take a fresh answer as what was shown only for the same version of the note with the same detail', () => {
    const before = { detail: view(), html: '<h1>注意力</h1>', rest: [] };
    expect(isSameAsShown(before, view())).toBe(true);
    // Re-imported: another version, whatever else is the same.
    expect(isSameAsShown(before, view({ contentHash: 'b'.repeat(64) }))).toBe(false);
    // Renamed: the same version, but the reader shows another title.
    expect(isSameAsShown(before, view({ title: '我的注意力' }))).toBe(false);
    // Its file changed but could not be read: the same version, and the reader must now say so.
    expect(isSameAsShown(before, view({ readProblem: { error: 'is 12.0 MB, over the limit', at: '2026-01-02T00:00:00.000Z' } }))).toBe(
      false,
    );
  });

  it('keep the last eight notes shown', () => {
    for (let id = 1; id <= 9; id++) rememberNote(id, { detail: view({ id }), html: `<p>${id}</p>`, rest: [] });
    expect(recentNote(1)).toBeUndefined();
    expect(recentNote(2)?.html).toBe('<p>2</p>');
    expect(recentNote(9)?.detail.id).toBe(9);
  });
});
