import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WatchedFolder } from './watched-folder.js';
import type { FolderHost } from './watched-folder.js';

let root: string;
let folder: WatchedFolder | undefined;
let syncs: { at: number; paths: string[] }[];

/** A host that records what would be imported, and takes `importMs` to import it. */
function host(importMs = 0): FolderHost {
  return {
    sync: async (_id, paths) => {
      syncs.push({ at: Date.now(), paths: [...paths].sort() });
      await new Promise((resolve) => setTimeout(resolve, importMs));
    },
    missing: () => undefined,
    hasNotes: () => true,
    running: () => undefined,
  };
}

async function watch(timing: { quietMs: number; maxWaitMs: number }, importMs = 0): Promise<WatchedFolder> {
  folder = new WatchedFolder(1, root, host(importMs), timing, false);
  folder.start(undefined);
  await folder.ready();
  return folder;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the first import (the watcher's events arrive asynchronously), then for the folder to fall quiet and settle. */
async function quietAfterFirstSync(watched: WatchedFolder, quietMs: number): Promise<void> {
  const until = Date.now() + 8000;
  while (syncs.length === 0 && Date.now() < until) await pause(20);
  await watched.settled();
  await pause(quietMs * 2);
  await watched.settled();
}

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'lattice-watched-folder-')));
  mkdirSync(join(root, 'rlhf'));
  writeFileSync(join(root, 'rlhf', 'ppo.md'), '# PPO\n');
  writeFileSync(join(root, 'kv.md'), '# KV\n');
  syncs = [];
});
afterEach(async () => {
  await folder?.close();
  folder = undefined;
  rmSync(root, { recursive: true, force: true });
});

describe('debouncing and batching a watched folder’s changes', () => {
  it('a burst of saves is one import of just those files, after the folder falls quiet', async () => {
    const watched = await watch({ quietMs: 300, maxWaitMs: 5000 });
    const started = Date.now();
    writeFileSync(join(root, 'kv.md'), '# KV 1\n');
    writeFileSync(join(root, 'rlhf', 'ppo.md'), '# PPO 1\n');
    writeFileSync(join(root, 'kv.md'), '# KV 2\n');
    await quietAfterFirstSync(watched, 300);
    expect(syncs).toEqual([{ at: expect.any(Number), paths: [join(root, 'kv.md'), join(root, 'rlhf', 'ppo.md')] }]);
    expect((syncs[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(300);
  });

  it('a deleted note is looked for from its folder', async () => {
    const watched = await watch({ quietMs: 200, maxWaitMs: 5000 });
    unlinkSync(join(root, 'rlhf', 'ppo.md'));
    await quietAfterFirstSync(watched, 200);
    expect(syncs.map((s) => s.paths)).toEqual([[join(root, 'rlhf')]]);
  });

  it('a stream of changes that never falls quiet is still imported every maxWaitMs, not once per change', async () => {
    const watched = await watch({ quietMs: 400, maxWaitMs: 700 });
    for (let i = 0; i < 16; i++) {
      writeFileSync(join(root, 'kv.md'), `# KV ${i}\n`);
      await pause(100);
    }
    const duringStream = syncs.length;
    await quietAfterFirstSync(watched, 400);
    expect(duringStream).toBeGreaterThanOrEqual(1);
    expect(syncs.length).toBeLessThan(8);
  });

  it('changes during a running import wait for it, then make one more import together', async () => {
    const watched = await watch({ quietMs: 150, maxWaitMs: 5000 }, 800);
    writeFileSync(join(root, 'kv.md'), '# KV 1\n');
    while (syncs.length === 0) await pause(20);
    writeFileSync(join(root, 'rlhf', 'ppo.md'), '# PPO 1\n');
    writeFileSync(join(root, 'new.md'), '# new\n');
    while (syncs.length < 2) await pause(20);
    await quietAfterFirstSync(watched, 150);
    expect(syncs.map((s) => s.paths)).toEqual([[join(root, 'kv.md')], [join(root, 'new.md'), join(root, 'rlhf', 'ppo.md')]]);
    // The second import started only once the first was done.
    expect((syncs[1]?.at ?? 0) - (syncs[0]?.at ?? 0)).toBeGreaterThanOrEqual(800);
  });
});
