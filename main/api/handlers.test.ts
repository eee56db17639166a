import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { dispatch } from './dispatch.js';
import { mergeDomains } from './handlers.js';

const opened: { lattice: Lattice; dir: string }[] = [];

function freshLattice(withStarter = true): Lattice {
  const dir = mkdtempSync(join(tmpdir(), 'lattice-api-'));
  const lattice = openLattice({ dataDir: dir, withStarter });
  opened.push({ lattice, dir });
  return lattice;
}

afterEach(() => {
  for (const { lattice, dir } of opened.splice(0)) {
    lattice.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the handler table', () => {
  it('answers an unknown call with an Invalid error, not a crash', async () => {
    const { table } = freshLattice(false);
    expect(await dispatch(table, 'notes.destroyEverything', {})).toEqual({
      ok: false,
      error: { type: 'Invalid', message: 'unknown API call: notes.destroyEverything' },
    });
    expect((await dispatch(table, 'constructor', {})).ok).toBe(false);
    expect((await dispatch(table, '__proto__', {})).ok).toBe(false);
  });

  it('validates arguments at the boundary and names the bad field', async () => {
    const { table } = freshLattice(false);
    const response = await dispatch(table, 'notes.get', { id: 'seven' });
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.type).toBe('Invalid');
      expect(response.error.message).toContain('id');
    }
    const extra = await dispatch(table, 'stats.get', { sneaky: true });
    expect(extra.ok).toBe(false);
    const neither = await dispatch(table, 'notes.get', {});
    expect(neither).toMatchObject({ ok: false, error: { type: 'Invalid', message: expect.stringContaining('either id or path') } });
  });

  it('reports a missing note as NotFound', async () => {
    const { table } = freshLattice(false);
    expect(await dispatch(table, 'notes.get', { id: 999 })).toEqual({
      ok: false,
      error: { type: 'NotFound', message: 'no note with id 999' },
    });
  });

  it('refuses two handlers with the same name', () => {
    const entry = { schema: {}, run: () => 1 };
    expect(() => mergeDomains([{ 'notes.get': entry }, { 'notes.get': entry }])).toThrow('two handlers are named notes.get');
  });
});

describe('the starter library', () => {
  it('loads into a fresh data directory once, with formulas, diagrams and Q&A headings', async () => {
    const lattice = freshLattice();
    const notes = await lattice.call('notes.list', {});
    expect(notes.length).toBeGreaterThanOrEqual(15);
    expect(notes.reduce((n, note) => n + note.formulas, 0)).toBeGreaterThanOrEqual(40);
    expect(notes.reduce((n, note) => n + note.diagrams, 0)).toBeGreaterThanOrEqual(6);
    const [library] = await lattice.call('library.list', {});
    expect(library?.kind).toBe('starter');

    for (const summary of notes) {
      const note = await lattice.call('notes.get', { id: summary.id });
      expect(note.warnings, note.path).toEqual([]);
      expect(
        note.sectionList.some((s) => s.level === 3 && /[？?]$/.test(s.title)),
        `${note.path} has ### questions`,
      ).toBe(true);
      const html = await lattice.call('notes.render', { id: summary.id, format: 'html' });
      expect(html.content, `${note.path} has no KaTeX errors`).not.toContain('katex-error');
    }

    const rlhf = lattice.store.db
      .prepare("SELECT source FROM diagrams WHERE source LIKE '%SFT%' AND source LIKE '%PPO%'")
      .pluck()
      .all() as string[];
    expect(rlhf.some((s) => /-->/.test(s) && /RM/.test(s))).toBe(true);

    // Re-opening the same data directory does not import it again.
    const dataDir = lattice.context.dataDir;
    lattice.close();
    const again = openLattice({ dataDir });
    try {
      expect((await again.call('notes.list', {})).length).toBe(notes.length);
      expect((await again.call('library.list', {})).length).toBe(1);
    } finally {
      again.close();
    }
  });

  it('renders a note as Markdown, text or typeset HTML', async () => {
    const lattice = freshLattice();
    const notes = await lattice.call('notes.list', {});
    const withDiagram = notes.find((n) => n.diagrams > 0 && n.formulas > 0);
    expect(withDiagram).toBeDefined();
    const id = withDiagram?.id ?? 0;
    const md = await lattice.call('notes.render', { id, format: 'md' });
    expect(md.content).toContain('```mermaid');
    const html = await lattice.call('notes.render', { id, format: 'html' });
    expect(html.content).toContain('class="katex"');
    expect(html.content).toContain('class="mermaid-block"');
    const text = await lattice.call('notes.render', { id, format: 'text' });
    expect(text.content).not.toContain('```');
    expect(text.content).not.toContain('flowchart');
  });

  it('warms the note-rendering path up without changing anything, in a full store and an empty one', async () => {
    const lattice = freshLattice();
    const before = await lattice.call('stats.get', {});
    await expect(lattice.warmUp()).resolves.toBeUndefined();
    expect(await lattice.call('stats.get', {})).toEqual(before);
    await expect(freshLattice(false).warmUp()).resolves.toBeUndefined();
    // Best effort even after the store is closed, as when a host is stopped at once.
    const closed = freshLattice();
    closed.close();
    await expect(closed.warmUp()).resolves.toBeUndefined();
  });
});

describe('where the starter library is read from', () => {
  it('is the unpacked copy inside a packaged app, so the CLI can read it too', async () => {
    const { mkdirSync } = await import('node:fs');
    const { starterNotesDir } = await import('../app-paths.js');
    const base = mkdtempSync(join(tmpdir(), 'lattice-pkg-'));
    try {
      const packed = join(base, 'resources', 'app.asar');
      mkdirSync(join(base, 'resources', 'app.asar.unpacked', 'notes'), { recursive: true });
      expect(starterNotesDir(packed)).toBe(join(base, 'resources', 'app.asar.unpacked', 'notes'));
      expect(starterNotesDir(join(base, 'src'))).toBe(join(base, 'src', 'notes'));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
