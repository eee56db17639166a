import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import type { Platform } from './context.js';
import { dispatch } from './dispatch.js';
import { pageTable } from './exposure.js';

let work: string;
let folder: string;
let app: Lattice;
const opened: { how: string; path: string }[] = [];

/** The desktop app's shell, recording what it was asked to open. */
const desktop: Platform = {
  openPath: async (path) => {
    opened.push({ how: 'open', path });
    return '';
  },
  showInFolder: (path) => void opened.push({ how: 'reveal', path }),
};

function start(platform: Platform): Lattice {
  return openLattice({ dataDir: join(work, 'data'), withStarter: true, platform });
}

async function noteId(path: string): Promise<number> {
  const note = (await app.call('notes.list', {})).find((n) => n.path === path);
  if (!note) throw new Error(`${path} not imported`);
  return note.id;
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-open-file-'));
  folder = join(work, 'vault');
  mkdirSync(join(folder, '推理'), { recursive: true });
  writeFileSync(join(folder, '推理', 'kv.md'), '# KV cache\n');
  opened.length = 0;
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('opening a note’s file from the reader', () => {
  it('in the desktop app the main process opens the file, or shows it in its folder, and the page learns no path', async () => {
    app = start(desktop);
    await app.call('library.import', { paths: [folder] });
    const id = await noteId('推理/kv.md');
    const page = pageTable(app.table);
    const file = await dispatch(page, 'notes.openFile', { id, target: 'file' });
    const shown = await dispatch(page, 'notes.openFile', { id, target: 'folder' });
    expect(file).toEqual({ ok: true, data: { isOpened: true } });
    expect(shown).toEqual({ ok: true, data: { isOpened: true } });
    expect(opened).toEqual([
      { how: 'open', path: join(folder, '推理', 'kv.md') },
      { how: 'reveal', path: join(folder, '推理', 'kv.md') },
    ]);
  });

  it('in the browser host nothing is opened: the path comes back for the person to copy', async () => {
    app = start({});
    await app.call('library.import', { paths: [folder] });
    const id = await noteId('推理/kv.md');
    expect(await app.call('notes.openFile', { id, target: 'file' })).toEqual({ isOpened: false, path: join(folder, '推理', 'kv.md') });
    expect(await app.call('notes.openFile', { id, target: 'folder' })).toEqual({
      isOpened: false,
      path: dirname(join(folder, '推理', 'kv.md')),
    });
  });

  it('the page can only name a note id: a path is refused before anything is opened', async () => {
    app = start(desktop);
    const page = pageTable(app.table);
    for (const arg of [
      { path: '/etc/passwd', target: 'file' },
      { id: 1, target: 'file', path: '/bin/sh' },
      { id: 1, target: 'run' },
    ]) {
      const response = await dispatch(page, 'notes.openFile', arg);
      expect(response.ok).toBe(false);
    }
    expect(opened).toEqual([]);
  });

  it('an uploaded note or a starter note has no file of the person’s: refused, without naming the data directory', async () => {
    app = start(desktop);
    await app.call('library.importUpload', { name: 'up', files: [{ path: 'a.md', content: '# 上传\n' }] });
    const uploaded = await noteId('a.md');
    const response = await dispatch(pageTable(app.table), 'notes.openFile', { id: uploaded, target: 'folder' });
    expect(response.ok).toBe(false);
    expect(JSON.stringify(response)).not.toContain(join(work, 'data'));
    const starter = (await app.call('notes.list', {})).find(
      (n) => n.libraryId !== app.context.libraries.list().find((l) => l.name === 'up')?.id,
    );
    await expect(app.call('notes.openFile', { id: starter?.id ?? 0, target: 'file' })).rejects.toThrow('starter library');
    expect(opened).toEqual([]);
  });

  it('a file gone from its folder is not found; an unknown note neither', async () => {
    app = start(desktop);
    await app.call('library.import', { paths: [folder] });
    const id = await noteId('推理/kv.md');
    unlinkSync(join(folder, '推理', 'kv.md'));
    await expect(app.call('notes.openFile', { id, target: 'file' })).rejects.toThrow('no longer in its folder');
    await expect(app.call('notes.openFile', { id: 999_999, target: 'file' })).rejects.toThrow('no note');
    expect(opened).toEqual([]);
  });

  it('a note file that became a link out of its folder since the import is not opened', async () => {
    app = start(desktop);
    await app.call('library.import', { paths: [folder] });
    const id = await noteId('推理/kv.md');
    writeFileSync(join(work, 'outside.md'), '# elsewhere\n');
    unlinkSync(join(folder, '推理', 'kv.md'));
    symlinkSync(join(work, 'outside.md'), join(folder, '推理', 'kv.md'));
    await expect(app.call('notes.openFile', { id, target: 'file' })).rejects.toThrow('inside their imported folder');
    expect(opened).toEqual([]);
  });
});
