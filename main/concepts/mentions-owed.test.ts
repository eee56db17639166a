import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { openLattice } from '../app.js';
import { databasePath } from '../app-paths.js';
import { importPathsAsync } from '../import/import-notes.js';

// A kill after an import's notes are written but before the background job
// has found their concept mentions (npm run check:crash found it) must not
// leave those notes without mentions for good: the next import skips them,
// unchanged. What they are owed is kept with them and found on opening.

let work: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-owed-'));
  mkdirSync(join(work, 'notes'));
  writeFileSync(join(work, 'notes', 'align.md'), '---\nconcepts: [PPO]\n---\n# 对齐\n\n## PPO\n\nPPO 是一种强化学习算法。\n');
  writeFileSync(join(work, 'notes', 'rlhf.md'), '# RLHF\n\nSFT 之后用 PPO 优化策略，PPO 需要奖励模型。\n');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const mentionsOfPpo = (db: ReturnType<typeof openStore>['db']): number =>
  (
    db
      .prepare(
        "SELECT COALESCE(SUM(m.occurrences), 0) AS n FROM concept_mentions m JOIN concepts c ON c.id = m.concept_id WHERE c.name = 'PPO' AND m.kind = 'mentions'",
      )
      .get() as { n: number }
  ).n;

describe('concept mentions owed by an interrupted import', () => {
  it('are found when the store opens again, and a finished import owes nothing', async () => {
    const dataDir = join(work, 'data');
    mkdirSync(dataDir);
    // A store the app made (reading and derivation rules current, so nothing is read again on opening)…
    openLattice({ dataDir, withStarter: false }).close();
    // …then the import as the app runs it, "killed" before its deferred mentions job ran.
    const store = openStore(databasePath(dataDir));
    await importPathsAsync(store, [join(work, 'notes')], { deferMentions: () => undefined });
    expect(mentionsOfPpo(store.db)).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM mentions_owed').get()).toEqual({ n: 2 });
    store.close();

    const app = openLattice({ dataDir, withStarter: false });
    try {
      await app.idle();
      expect(mentionsOfPpo(app.store.db)).toBeGreaterThanOrEqual(3);
      expect(app.store.db.prepare('SELECT COUNT(*) AS n FROM mentions_owed').get()).toEqual({ n: 0 });
      // An import that runs to the end settles what it owes.
      writeFileSync(join(work, 'notes', 'dpo.md'), '# DPO\n\nDPO 不需要 PPO 的奖励模型。\n');
      await app.call('library.import', { paths: [join(work, 'notes')] });
      await app.idle();
      expect(app.store.db.prepare('SELECT COUNT(*) AS n FROM mentions_owed').get()).toEqual({ n: 0 });
      expect(mentionsOfPpo(app.store.db)).toBeGreaterThanOrEqual(4);
    } finally {
      app.close();
    }
  });
});
