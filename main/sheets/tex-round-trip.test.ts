import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SheetRepository } from '../../db/repositories/sheets.js';
import type { SheetItemInput } from '../api/contract.js';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';

/**
 * The Markdown export writes TeX exactly as written: every formula of the
 * starter library, exported on a sheet and imported again as a note, comes
 * back with the same source. Formula items and whole sections (the notes'
 * own Markdown, inline formulas included) are both checked.
 */

let work: string;
let app: Lattice;
let formulas: SheetRepository;
/** The starter library's notes (the tests import their exports as more notes). */
let starter: { id: number }[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-tex-'));
  app = openLattice({ dataDir: join(work, 'data'), starterDir: join(import.meta.dirname, '..', '..', 'notes') });
  await app.idle();
  formulas = new SheetRepository(app.store.db);
  starter = await app.call('notes.list', {});
});
afterAll(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Exports sheets as Markdown, imports the files as notes of their own (one
 * folder), and returns the formulas of those notes, in sheet order.
 */
async function exportAndReimport(sheets: SheetItemInput[][], name: string): Promise<string[]> {
  const folder = join(work, name);
  mkdirSync(folder);
  const files: string[] = [];
  for (const [i, items] of sheets.entries()) {
    const sheet = await app.call('sheets.create', { title: `${name} ${i}` });
    for (const item of items) await app.call('sheets.addItem', { sheetId: sheet.id, item });
    const md = await app.call('sheets.export', { id: sheet.id, format: 'md' });
    files.push(`${name}-${String(i).padStart(2, '0')}.md`);
    writeFileSync(join(folder, files[files.length - 1] ?? ''), md.content ?? '');
  }
  await app.call('library.import', { paths: [folder] });
  await app.idle();
  const notes = await app.call('notes.list', {});
  return files.flatMap((file) => {
    const note = notes.find((n) => n.path.endsWith(file));
    expect(note, `${file} was imported`).toBeDefined();
    return formulas.noteFormulas(note?.id ?? 0).map((f) => f.tex.trim());
  });
}

describe('TeX survives Markdown export and import unchanged', () => {
  it('for every formula of every starter note, as formula items', async () => {
    const notes = starter;
    expect(notes.length).toBeGreaterThanOrEqual(16);
    // One sheet per note: each addition answers the whole sheet, so one sheet of 370 items would be slow to build.
    const sheets: SheetItemInput[][] = [];
    const expected: string[] = [];
    for (const note of notes) {
      const items: SheetItemInput[] = [];
      for (const f of formulas.noteFormulas(note.id)) {
        items.push({ kind: 'formula', noteId: note.id, tex: f.tex });
        expected.push(f.tex.trim());
      }
      sheets.push(items);
    }
    expect(expected.length).toBeGreaterThan(200);
    expect(expected.some((tex) => tex.includes('y_{<t}'))).toBe(true);
    expect(await exportAndReimport(sheets, 'every-formula')).toEqual(expected);
  });

  it('for every formula of every starter note, inside its sections as the notes wrote them', async () => {
    const notes = starter;
    const sheets: SheetItemInput[][] = [];
    const expected: string[] = [];
    for (const summary of notes) {
      const note = await app.call('notes.get', { id: summary.id });
      sheets.push(note.sectionList.map((section) => ({ kind: 'section', noteId: note.id, section: section.slug })));
      expected.push(
        ...formulas
          .noteFormulas(note.id)
          .filter((f) => f.sectionOrd !== null)
          .map((f) => f.tex.trim()),
      );
    }
    // A section holds its subsections, so a formula can come back more than once: compare the distinct formulas.
    const distinct = (list: string[]): string[] => [...new Set(list)].sort();
    expect(distinct(await exportAndReimport(sheets, 'every-section'))).toEqual(distinct(expected));
  });
});
