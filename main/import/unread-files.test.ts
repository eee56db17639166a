import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { useTempLattice } from '../api/test-support.js';
import { importPaths } from './import-notes.js';
import { DEFAULT_LIMITS } from './walk.js';

/*
 * A file that changed but could not be read keeps its note's stored version
 * (the import's report says so). unread_files keeps saying it after the
 * report is gone — a watched folder's sync has no one to show its report
 * to — until the file is read again or is gone.
 */

const NOTE = '# 注意力\n\n### 为什么除以根号 d_k？\n\n点积的方差随维度增大，softmax 会饱和。\n';
const EDITED = NOTE.replace('会饱和', '会饱和，梯度变小');
/** Small enough to write in a test: a file over it is refused as too large, as one over 10 MB is by default. */
const LIMITS = { ...DEFAULT_LIMITS, maxFileBytes: 4096 };

describe('files an import could not read', () => {
  let work: string;
  let root: string;
  let store: Store;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'lattice-unread-'));
    root = join(work, 'notes');
    mkdirSync(join(root, 'llm'), { recursive: true });
    store = openStore(':memory:');
  });

  afterEach(() => {
    store.close();
    rmSync(work, { recursive: true, force: true });
  });

  const file = (name: string): string => join(root, name);
  const importFolder = () => importPaths(store, [root], { limits: LIMITS });
  const libraryId = (): number => store.repositories.libraries.findByRoot(root)?.id ?? -1;
  const unread = () => store.repositories.unreadFiles.inLibrary(libraryId()).map(({ path, error }) => ({ path, error }));
  const stored = (path: string) => store.repositories.notes.findByPath(libraryId(), path);

  it('records a stored note whose file grew too large, keeps its version, and clears it once the file reads again', () => {
    writeFileSync(file('llm/attention.md'), NOTE);
    importFolder();
    const before = stored('llm/attention.md');

    writeFileSync(file('llm/attention.md'), NOTE + '长'.repeat(3000));
    const report = importFolder();
    expect(report.failed).toEqual([{ path: file('llm/attention.md'), error: expect.stringContaining('over the') }]);
    expect(report.removed).toBe(0);
    expect(unread()).toEqual([{ path: 'llm/attention.md', error: report.failed[0]?.error }]);
    // The note is still there, as it was: not removed, not half-written.
    expect(stored('llm/attention.md')).toMatchObject({ id: before?.id, text: before?.text, removedAt: null });

    writeFileSync(file('llm/attention.md'), EDITED);
    expect(importFolder()).toMatchObject({ updated: 1, failed: [] });
    expect(unread()).toEqual([]);
    expect(stored('llm/attention.md')?.text).toContain('梯度变小');
  });

  it('clears it when the file is put back as it was stored', () => {
    writeFileSync(file('llm/attention.md'), NOTE);
    importFolder();
    writeFileSync(file('llm/attention.md'), NOTE + '长'.repeat(3000));
    importFolder();
    expect(unread()).toHaveLength(1);

    writeFileSync(file('llm/attention.md'), NOTE);
    expect(importFolder()).toMatchObject({ unchanged: 1, updated: 0, failed: [] });
    expect(unread()).toEqual([]);
  });

  it('records a new file that could not be read, with no note for it, and forgets it once the file is gone', () => {
    writeFileSync(file('llm/attention.md'), NOTE);
    writeFileSync(file('llm/huge.md'), '长'.repeat(3000));
    const report = importFolder();
    expect(report).toMatchObject({ added: 1 });
    expect(unread()).toEqual([{ path: 'llm/huge.md', error: expect.stringContaining('over the') }]);
    expect(stored('llm/huge.md')).toBeUndefined();

    // Tried again while it is still too large: one row, its time updated.
    importFolder();
    expect(unread()).toHaveLength(1);

    unlinkSync(file('llm/huge.md'));
    importFolder();
    expect(unread()).toEqual([]);
  });

  it('keeps a file of a sub-folder it did not re-import', () => {
    writeFileSync(file('llm/huge.md'), '长'.repeat(3000));
    writeFileSync(file('other.md'), NOTE);
    importFolder();
    expect(unread()).toHaveLength(1);
    // Importing one file of the folder (what a watcher does) walks nothing else: the row stays.
    writeFileSync(file('other.md'), EDITED);
    importPaths(store, [file('other.md')], { limits: LIMITS });
    expect(unread()).toEqual([{ path: 'llm/huge.md', error: expect.stringContaining('over the') }]);
  });

  it('records a file of an imported folder given alone, as a watcher gives it, but makes no library for a file outside every folder', () => {
    writeFileSync(file('llm/attention.md'), NOTE);
    importFolder();
    writeFileSync(file('llm/attention.md'), NOTE + '长'.repeat(3000));
    const report = importPaths(store, [file('llm/attention.md')], { limits: LIMITS });
    expect(report.failed).toHaveLength(1);
    expect(unread()).toEqual([{ path: 'llm/attention.md', error: report.failed[0]?.error }]);

    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'big.md'), '长'.repeat(3000));
    importPaths(store, [join(elsewhere, 'big.md')], { limits: LIMITS });
    expect(store.repositories.libraries.list().map((l) => l.rootPath)).toEqual([root]);
  });
});

describe('a note behind its file, as the reader and the library screen see it', () => {
  const temp = useTempLattice('lattice-unread-api-');

  it('says why in notes.get and library.list while the file cannot be read, and nothing once it can', async () => {
    const path = join(temp.folder, 'kv.md');
    writeFileSync(path, NOTE);
    await temp.app.call('library.import', { paths: [temp.folder] });
    const [note] = await temp.app.call('notes.list', {});
    expect((await temp.app.call('notes.get', { id: note?.id ?? 0 })).readProblem).toBeNull();

    // Edited, then saved as GBK by a tool that damaged one byte (0xFF is never a GBK byte): the stored version is kept.
    const edited = Uint8Array.from(iconv.encode(EDITED, 'gbk'));
    const at = edited.indexOf(0x0a, 10);
    writeFileSync(path, Uint8Array.from([...edited.subarray(0, at), 0xff, ...edited.subarray(at)]));
    await temp.app.call('library.import', { paths: [temp.folder] });

    const behind = await temp.app.call('notes.get', { id: note?.id ?? 0 });
    expect(behind.text).not.toContain('梯度变小');
    expect(behind.readProblem).toEqual({
      error: expect.stringMatching(/^not updated: read as GBK, 1 character could not be decoded/),
      at: expect.any(String),
    });
    const [library] = await temp.app.call('library.list', {});
    expect(library?.sync).toMatchObject({ unreadCount: 1, unread: [{ path: 'kv.md', error: behind.readProblem?.error }] });

    writeFileSync(path, EDITED);
    await temp.app.call('library.import', { paths: [temp.folder] });
    const current = await temp.app.call('notes.get', { id: note?.id ?? 0 });
    expect(current.text).toContain('梯度变小');
    expect(current.readProblem).toBeNull();
    expect((await temp.app.call('library.list', {}))[0]?.sync).toMatchObject({ unreadCount: 0, unread: [] });
  });
});
