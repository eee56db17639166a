import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import type { ApiEvents, LibrarySummary } from '../api/contract.js';

type Synced = ApiEvents['library.synced'];

let work: string;
let folder: string;
let app: Lattice;
let events: Synced[];

/** Polls until `check` passes (real files, real watchers: the wait is real too). */
async function eventually(check: () => unknown, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const syncs = (): Synced[] => events.filter((e) => e.state === 'synced');

async function libraryOf(): Promise<LibrarySummary> {
  const [library] = (await app.call('library.list', {})).filter((l) => l.kind === 'user');
  if (!library) throw new Error('no user library');
  return library;
}

async function noteText(path: string): Promise<string | undefined> {
  const notes = await app.call('notes.list', { includeRemoved: true });
  const note = notes.find((n) => n.path === path);
  if (!note) return undefined;
  const detail = await app.call('notes.get', { id: note.id });
  return detail.removedAt ? `(removed) ${detail.text}` : detail.text;
}

function open(): Lattice {
  return openLattice({
    dataDir: join(work, 'data'),
    withStarter: false,
    emit: (event, payload) => {
      if (event === 'library.synced') events.push(payload as Synced);
    },
    watchFolders: { quietMs: 400, maxWaitMs: 4000, checkEveryMs: 100, catchUpMs: 0 },
  });
}

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-watch-'));
  folder = join(work, '面试笔记');
  mkdirSync(join(folder, 'rlhf'), { recursive: true });
  writeFileSync(join(folder, 'rlhf', 'ppo.md'), '# PPO\n\n### 为什么要 KL 惩罚？\n防止策略偏离参考模型太远。\n');
  writeFileSync(join(folder, 'kv.md'), '# KV cache\n\n缓存 $K$ 和 $V$，省显存。\n');
  events = [];
  app = open();
  await app.call('library.import', { paths: [folder] });
  await app.context.folders.settled();
  await app.context.folders.ready();
  events = [];
});

afterEach(async () => {
  await app.stopWatching();
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a watched folder', () => {
  it('re-imports a file edited on disk within a few seconds, and the library says what changed', async () => {
    writeFileSync(join(folder, 'kv.md'), '# KV cache\n\n缓存 $K$ 和 $V$，省显存；分页注意力再省一些。\n');
    await eventually(async () => expect(await noteText('kv.md')).toContain('分页注意力'));
    await eventually(() => expect(syncs()).toHaveLength(1));
    const library = await libraryOf();
    expect(library.sync).toMatchObject({ isWatched: true, unwatchable: null, missingSince: null, added: 0, changed: 1, removed: 0 });
    expect(library.sync.lastSyncedAt).not.toBeNull();
    const kv = (await app.call('notes.list', {})).find((n) => n.path === 'kv.md');
    expect(syncs()[0]?.noteIds).toEqual([kv?.id]);
  });

  it('a file saved so that it cannot be read keeps its note, and the note and the library say so until it reads again', async () => {
    const kv = (await app.call('notes.list', {})).find((n) => n.path === 'kv.md');
    // Saved as GBK by a tool that damaged a byte (0xFF is never a GBK byte): its text would come out with a �.
    const damaged = Buffer.concat([iconv.encode('# KV cache\n\n缓存 $K$ 和 $V$，省显存；分页注意力。', 'gbk'), Buffer.from([0xff, 0x0a])]);
    writeFileSync(join(folder, 'kv.md'), damaged);
    await eventually(() => expect(syncs()).toHaveLength(1));
    expect(syncs()[0]).toMatchObject({ noteIds: [], removed: 0, isUnreadChanged: true });
    const behind = await app.call('notes.get', { id: kv?.id ?? 0 });
    expect(behind.text).not.toContain('分页注意力');
    expect(behind.readProblem?.error).toMatch(/^not updated: read as GBK/);
    expect((await libraryOf()).sync).toMatchObject({ changed: 0, unreadCount: 1, unread: [{ path: 'kv.md' }] });

    writeFileSync(join(folder, 'kv.md'), '# KV cache\n\n缓存 $K$ 和 $V$，省显存；分页注意力。\n');
    await eventually(async () => expect(await noteText('kv.md')).toContain('分页注意力'));
    await eventually(() => expect(syncs()).toHaveLength(2));
    expect(syncs()[1]).toMatchObject({ noteIds: [kv?.id], isUnreadChanged: true });
    expect((await app.call('notes.get', { id: kv?.id ?? 0 })).readProblem).toBeNull();
    expect((await libraryOf()).sync).toMatchObject({ changed: 1, unreadCount: 0, unread: [] });
  });

  it('carries an annotation along when the note is edited above it', async () => {
    const [note] = (await app.call('notes.list', {})).filter((n) => n.path === 'kv.md');
    if (!note) throw new Error('kv.md not imported');
    const text = (await app.call('notes.get', { id: note.id })).text;
    const start = text.indexOf('省显存');
    const annotation = await app.call('annotations.create', { noteId: note.id, start, end: start + 3, comment: '重点' });
    writeFileSync(join(folder, 'kv.md'), '# KV cache\n\n推理时，缓存 $K$ 和 $V$，省显存。\n');
    await eventually(async () => expect(await noteText('kv.md')).toContain('推理时'));
    const moved = await app.call('annotations.get', { id: annotation.id });
    const newText = (await app.call('notes.get', { id: note.id })).text;
    expect(newText.slice(moved.start, moved.end)).toBe('省显存');
    expect(moved.start).toBeGreaterThan(start);
  });

  it('imports many files written at once (a git pull) in one batch', async () => {
    mkdirSync(join(folder, 'pulled'));
    for (let i = 0; i < 60; i++) writeFileSync(join(folder, 'pulled', `q-${i}.md`), `# 问题 ${i}\n\n答案 ${i}。\n`);
    writeFileSync(join(folder, 'kv.md'), '# KV cache\n\n改过了。\n');
    await eventually(async () => expect((await libraryOf()).noteCount).toBe(62));
    await app.context.folders.settled();
    expect(syncs()).toHaveLength(1);
    expect((await libraryOf()).sync).toMatchObject({ added: 60, changed: 1, removed: 0 });
  });

  it('follows a rename and a delete: the old note is removed, the new one added', async () => {
    renameSync(join(folder, 'kv.md'), join(folder, 'kv-cache.md'));
    await eventually(async () => {
      expect(await noteText('kv-cache.md')).toContain('省显存');
      expect(await noteText('kv.md')).toMatch(/^\(removed\)/);
    });
    unlinkSync(join(folder, 'rlhf', 'ppo.md'));
    await eventually(async () => expect(await noteText('rlhf/ppo.md')).toMatch(/^\(removed\)/));
    expect(await noteText('kv-cache.md')).toContain('省显存');
    expect((await libraryOf()).noteCount).toBe(1);
  });

  it('an edit arriving during an import makes one more import after it', async () => {
    // Something else holds the import queue (a person's import): the watcher's run waits behind it.
    let release: () => void = () => undefined;
    void app.context.jobs.run(() => new Promise<void>((resolve) => (release = resolve)));
    writeFileSync(join(folder, 'kv.md'), '# KV cache\n\n第一次修改。\n');
    await eventually(() => expect(events.some((e) => e.state === 'syncing')).toBe(true));
    writeFileSync(join(folder, 'rlhf', 'ppo.md'), '# PPO\n\n第二次修改。\n');
    await pause(600);
    expect(syncs()).toHaveLength(0);
    release();
    await eventually(async () => expect(await noteText('rlhf/ppo.md')).toContain('第二次修改'));
    await app.context.folders.settled();
    expect(await noteText('kv.md')).toContain('第一次修改');
    expect(syncs()).toHaveLength(2);
  });

  it('ignores what the importer skips: .git, node_modules, dot-folders and files that are not notes', async () => {
    mkdirSync(join(folder, '.git', 'objects'), { recursive: true });
    mkdirSync(join(folder, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(folder, '.obsidian'));
    writeFileSync(join(folder, '.git', 'objects', 'HEAD.md'), 'x');
    writeFileSync(join(folder, 'node_modules', 'x', 'README.md'), '# readme');
    writeFileSync(join(folder, '.obsidian', 'workspace.md'), '{}');
    writeFileSync(join(folder, 'diagram.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(folder, 'notes.json'), '{}');
    await pause(1200);
    expect(events).toEqual([]);
    expect((await libraryOf()).noteCount).toBe(2);
  });

  it('a folder that disappears marks nothing removed, says it is missing, and resyncs when it comes back', async () => {
    const away = join(work, 'unplugged');
    renameSync(folder, away);
    await eventually(async () => expect((await libraryOf()).sync.missingSince).not.toBeNull());
    await app.context.folders.settled();
    const notes = await app.call('notes.list', { includeRemoved: true });
    expect(notes.map((n) => n.removedAt)).toEqual([null, null]);
    expect((await libraryOf()).noteCount).toBe(2);

    // Edited while away: seen when it is back.
    writeFileSync(join(away, 'kv.md'), '# KV cache\n\n离线时改的。\n');
    renameSync(away, folder);
    await eventually(async () => expect(await noteText('kv.md')).toContain('离线时改的'));
    expect((await libraryOf()).sync.missingSince).toBeNull();
    expect(events.map((e) => e.state)).toContain('found');

    // …and is watched again.
    await app.context.folders.ready();
    writeFileSync(join(folder, 'rlhf', 'ppo.md'), '# PPO\n\n回来之后。\n');
    await eventually(async () => expect(await noteText('rlhf/ppo.md')).toContain('回来之后'));
  });

  it('an emptied folder where notes were (a drive’s mount point) is missing too, not emptied', async () => {
    rmSync(join(folder, 'rlhf'), { recursive: true });
    unlinkSync(join(folder, 'kv.md'));
    await eventually(async () => expect((await libraryOf()).sync.missingSince).not.toBeNull());
    expect((await app.call('notes.list', {})).length).toBe(2);
  });

  it('the person confirms a missing folder is gone: its notes are removed and watching stops', async () => {
    const library = await libraryOf();
    await expect(app.call('library.confirmMissing', { id: library.id })).rejects.toThrow('not missing');
    // A file it could not read goes with the folder: nothing is left owed.
    writeFileSync(join(folder, 'kv.md'), Buffer.concat([iconv.encode('# KV cache\n\n分页。', 'gbk'), Buffer.from([0xff])]));
    await eventually(async () => expect((await libraryOf()).sync.unreadCount).toBe(1));
    rmSync(folder, { recursive: true });
    await eventually(async () => expect((await libraryOf()).sync.missingSince).not.toBeNull());
    const confirmed = await app.call('library.confirmMissing', { id: library.id });
    expect(confirmed.noteCount).toBe(0);
    expect(confirmed.sync).toMatchObject({ isWatched: false, missingSince: null, removed: 2, unreadCount: 0, unread: [] });
    expect((await app.call('notes.list', { includeRemoved: true })).every((n) => n.removedAt !== null)).toBe(true);
  });

  it('watching can be turned off per folder, and on again (which catches up)', async () => {
    const library = await libraryOf();
    expect((await app.call('library.setWatched', { id: library.id, isWatched: false })).sync.isWatched).toBe(false);
    writeFileSync(join(folder, 'kv.md'), '# KV cache\n\n没在看的时候改的。\n');
    await pause(900);
    expect(await noteText('kv.md')).not.toContain('没在看');
    expect(syncs()).toHaveLength(0);
    await app.call('library.setWatched', { id: library.id, isWatched: true });
    await eventually(async () => expect(await noteText('kv.md')).toContain('没在看的时候改的'));
  });

  it('stops cleanly: no file-system watcher or timer is left behind', async () => {
    const count = (kind: string): number => process.getActiveResourcesInfo().filter((r) => r === kind).length;
    expect(count('FSEventWrap')).toBeGreaterThan(0);
    await app.stopWatching();
    // Node releases a closed fs.watch handle on the loop's next close phase.
    await eventually(() => expect(count('FSEventWrap')).toBe(0), 1000);
    // Nothing wakes up after the stop either.
    writeFileSync(join(folder, 'kv.md'), '# KV cache\n\n停了之后。\n');
    await pause(600);
    expect(events).toEqual([]);
  });
});

describe('folders that cannot be watched', () => {
  it('a folder uploaded through the browser says so, and cannot be turned on', async () => {
    await app.call('library.importUpload', { name: '上传的', files: [{ path: 'a.md', content: '# 上传\n' }] });
    const uploaded = (await app.call('library.list', {})).find((l) => l.name === '上传的');
    expect(uploaded?.sync).toMatchObject({ unwatchable: 'uploaded', added: 1 });
    await expect(app.call('library.setWatched', { id: uploaded?.id ?? 0, isWatched: true })).rejects.toThrow('cannot be watched');
  });
});
