import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { databasePath } from '../app-paths.js';
import { DrillScheduler } from '../drills/scheduler.js';
import { runCli } from './test-support.js';
import type { CliRun } from './test-support.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-cli-drills-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lattice = (...argv: string[]): Promise<CliRun> => runCli(argv, { dataDir: join(work, 'data'), cwd: work });

describe('lattice drills stats', () => {
  it('prints cards by state, due today, reviewed today and retention, as text or JSON', async () => {
    expect((await lattice('drills', 'stats', '--json')).code).toBe(0);
    // Cards come from question finding on import (not yet wired); make two the way it will.
    const store = openStore(databasePath(join(work, 'data')));
    const scheduler = new DrillScheduler(store.db);
    for (const id of ['a', 'b']) {
      scheduler.createCard({
        id,
        kind: 'manual',
        noteId: null,
        question: { exact: `${id}：KV cache 为什么能加速推理？`, prefix: '', suffix: '', start: 0, end: 20 },
        answer: null,
        contentHash: '',
      });
    }
    scheduler.grade({ cardId: 'a', rating: 4 });
    store.close();

    const json = await lattice('drills', 'stats', '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      byState: { new: 1, learning: 0, review: 1, relearning: 0, suspended: 0, orphan: 0 },
      dueToday: { learning: 0, review: 0, new: 1, total: 1 },
      reviewedToday: 1,
      desiredRetention: 0.9,
    });
    const text = await lattice('drills', 'stats');
    expect(text.stdout).toContain('due today: 1 (0 learning, 0 review, 1 new)');
    expect(text.stdout).toContain('desired retention: 90%');
    expect((await lattice('drills', 'shuffle')).code).toBe(2);
  });
});
