import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import type { ParseWorkerData } from './file-parser.js';
import { importPaths, importPathsAsync } from './import-notes.js';
import { rereadStoredNotes } from './reread-notes.js';
import { SettingsRepository } from '../../db/repositories/settings.js';

// One hostile note in a folder: past its deadline or its heap ceiling, its
// parse worker is stopped and replaced, the note is reported with the reason,
// and every other note of the folder is imported as usual.

const WORKER_SOURCE = fileURLToPath(new URL('./parse-worker.ts', import.meta.url));

/** The TypeScript worker entry through jiti (vitest has no compiled worker), sharing its progress as the compiled one does. */
function startSourceWorker(workerData: ParseWorkerData, resourceLimits?: ResourceLimits): Worker {
  const code = `
    const { createJiti } = require('jiti');
    createJiti(${JSON.stringify(WORKER_SOURCE)}).import(${JSON.stringify(WORKER_SOURCE)});
  `;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

let temp: string;
const stores: Store[] = [];
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-parse-deadline-'));
  for (let i = 0; i < 30; i++)
    writeFileSync(join(temp, `q-${String(i).padStart(2, '0')}.md`), `# 问题 ${i}\n\n## 什么是 PPO？\n\nSFT → RM → PPO。\n`);
  // Sorted between the others, so notes before and after it are both imported.
  writeFileSync(join(temp, 'q-10-hostile.md'), '# a\n'.repeat(400_000));
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(temp, { recursive: true, force: true });
});

function importFolder(options: Parameters<typeof importPathsAsync>[2]) {
  const store = openStore(':memory:');
  stores.push(store);
  return { store, report: importPathsAsync(store, [temp], { batchSize: 7, ...options }) };
}

const notePaths = (store: Store): string[] => store.db.prepare('SELECT path FROM notes ORDER BY path').pluck().all() as string[];

describe('each note is parsed under a deadline and a heap ceiling', () => {
  it('reports a note past its deadline as not imported, replaces the worker, and imports the rest', async () => {
    let started = 0;
    const warnings: string[] = [];
    const { store, report } = importFolder({
      parseDeadlineMs: 1000,
      startParseWorker: (data) => {
        started++;
        return startSourceWorker(data);
      },
      warn: (message) => warnings.push(message),
    });
    const done = await report;
    expect(done.failed).toEqual([{ path: join(temp, 'q-10-hostile.md'), error: 'took longer than 1 s to read; not imported' }]);
    expect(done.added).toBe(30);
    expect(notePaths(store)).toHaveLength(30);
    expect(notePaths(store)).not.toContain('q-10-hostile.md');
    expect(started).toBe(2);
    expect(warnings).toEqual([]);
    // Every note asks 什么是 PPO: one card, the other 29 notes its sources. The first worker planned the
    // cards of the notes it read; its replacement plans none (its numbers would clash with the first's),
    // so the notes it read are decided while written, and join the same card.
    expect(store.db.prepare('SELECT COUNT(*) FROM cards').pluck().get()).toBe(1);
    expect(store.db.prepare('SELECT SUM(json_array_length(card_ids)) FROM note_card_sources').pluck().get()).toBe(29);
  }, 60_000);

  it('reports a note needing more than the heap ceiling as not imported, and imports the rest', async () => {
    const { store, report } = importFolder({
      parseMemoryMb: 48,
      startParseWorker: (data) => startSourceWorker(data, { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 }),
    });
    const done = await report;
    expect(done.failed).toEqual([{ path: join(temp, 'q-10-hostile.md'), error: 'needed more than 48 MB to read; not imported' }]);
    expect(notePaths(store)).toHaveLength(30);
  }, 60_000);
});

describe('a stored note read again with newer rules', () => {
  it('is parsed on the worker under the deadline: one the rules read too slowly is reported and left as stored, the rest are read again', async () => {
    const store = openStore(':memory:');
    stores.push(store);
    rmSync(join(temp, 'q-10-hostile.md'));
    importPaths(store, [temp]);
    // A store whose note, under the rules it was read with, was small; its stored source is now one the new rules parse for long.
    const hostileId = store.db.prepare("SELECT id FROM notes WHERE path = 'q-10.md'").pluck().get() as number;
    const textBefore = store.db.prepare('SELECT text FROM notes WHERE id = ?').pluck().get(hostileId) as string;
    store.db.prepare('UPDATE notes SET source = ? WHERE id = ?').run('# a\n'.repeat(400_000), hostileId);
    // And another note whose stored text an older reading left wrong: the reread puts it right.
    store.db.prepare("UPDATE notes SET text = 'old reading' WHERE path = 'q-20.md'").run();
    let started = 0;
    const report = await rereadStoredNotes(store, new SettingsRepository(store.db), {
      parseDeadlineMs: 1000,
      startParseWorker: (data) => {
        started++;
        return startSourceWorker(data);
      },
      warn: () => undefined,
    });
    expect(started).toBeGreaterThanOrEqual(2);
    expect(report?.failed).toHaveLength(1);
    expect(report?.failed[0]?.path).toBe('q-10.md');
    expect(report?.failed[0]?.error).toMatch(/second|deadline|took/i);
    expect(store.db.prepare('SELECT text FROM notes WHERE id = ?').pluck().get(hostileId)).toBe(textBefore);
    expect(store.db.prepare("SELECT text FROM notes WHERE path = 'q-20.md'").pluck().get()).toContain('什么是 PPO？');
    expect(report?.updated).toBe(29);
  }, 60_000);
});
