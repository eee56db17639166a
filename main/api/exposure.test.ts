import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { dispatch } from './dispatch.js';
import { CLI_ONLY_CALLS, pageTable } from './exposure.js';

/*
 * Every call each transport can reach, written out: adding a call to the
 * handler table fails this test until the call is placed here on purpose.
 * The page (desktop IPC and the browser host) must never reach a call that
 * reads or writes a path it names.
 */
const PAGE_CALLS = [
  'annotations.create',
  'annotations.delete',
  'annotations.export',
  'annotations.get',
  'annotations.import',
  'annotations.list',
  'annotations.previewComment',
  'annotations.update',
  'annotations.exportMarkdown',
  'concepts.addAlias',
  'concepts.create',
  'concepts.define',
  'concepts.get',
  'concepts.inNote',
  'concepts.list',
  'concepts.map',
  'concepts.merge',
  'concepts.overview',
  'concepts.path',
  'concepts.removeAlias',
  'concepts.rename',
  'concepts.restoreMention',
  'concepts.subgraph',
  'concepts.suppressMention',
  'drills.bury',
  'drills.card',
  'drills.decks',
  'drills.delete',
  'drills.edit',
  'drills.grade',
  'drills.list',
  'drills.next',
  'drills.preview',
  'drills.settings',
  'drills.stats',
  'drills.suspend',
  'drills.undo',
  'drills.updateSettings',
  'drills.unanswered',
  'drills.create',
  'drills.cloze',
  'drills.orphans',
  'drills.suspended',
  'drills.targets',
  'drills.reattach',
  'drills.interview',
  'drills.setInterview',
  'drills.interviewNext',
  'drills.mock',
  'library.importChosenFolder',
  'library.importUpload',
  'library.list',
  'links.create',
  'links.delete',
  'links.update',
  'notes.get',
  'notes.list',
  'notes.rename',
  'notes.render',
  'notes.open',
  'search.query',
  'settings.setLanguage',
  'sheets.addItem',
  'sheets.addMany',
  'sheets.create',
  'sheets.delete',
  'sheets.diagrams',
  'sheets.export',
  'sheets.get',
  'sheets.list',
  'sheets.removeItem',
  'sheets.reorder',
  'sheets.update',
  'sheets.updateItem',
  'stats.get',
  'stats.progress',
  'stats.mastery',
  'stats.conceptMastery',
  'settings.diagnostics',
  'log.report',
  // Issue 17: watched folders, and the reader's "open the file" (by note id; see note-files.test.ts for what each transport learns).
  'library.setWatched',
  'library.confirmMissing',
  'notes.openFile',
  'anki.export',
  'anki.import',
  'anki.decks',
  'anki.diagrams',
];

let work: string;
let app: Lattice;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-exposure-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('which transport reaches which call', () => {
  it('the CLI reaches every call; the page reaches exactly the listed ones', () => {
    expect(Object.keys(app.table).sort()).toEqual([...PAGE_CALLS, ...CLI_ONLY_CALLS].sort());
    expect(Object.keys(pageTable(app.table)).sort()).toEqual([...PAGE_CALLS].sort());
  });

  it('refuses a path from the page: no import by path, no path to export to or import from', async () => {
    const page = pageTable(app.table);
    expect(await dispatch(page, 'library.import', { paths: ['/etc'] })).toEqual({
      ok: false,
      error: { type: 'Invalid', message: 'unknown API call: library.import' },
    });
    for (const [name, arg] of [
      ['annotations.export', { path: join(work, 'out.json') }],
      ['annotations.import', { path: '/etc/passwd' }],
      ['sheets.export', { id: 1, format: 'md', path: join(work, 'out.md') }],
    ] as const) {
      const response = await dispatch(page, name, arg);
      expect(response.ok, name).toBe(false);
      expect(JSON.stringify(response)).not.toMatch(/root:|LATTICE_/);
    }
    expect(existsSync(join(work, 'out.json'))).toBe(false);
    expect(existsSync(join(work, 'out.md'))).toBe(false);
  });
});
