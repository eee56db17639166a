import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters, Rating } from 'ts-fsrs';
import type { Grade } from 'ts-fsrs';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { DrillScheduler } from '../drills/scheduler.js';

let work: string;
let app: Lattice;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-drills-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

/** Cards are made by the question finder on import (not on this branch); the scheduler makes them here. */
function makeCard(id: string): void {
  new DrillScheduler(app.store.db).createCard({
    id,
    kind: 'manual',
    noteId: null,
    question: { exact: '为什么要除以 √d_k？', prefix: '', suffix: '', start: 0, end: 12 },
    answer: { exact: '防止点积过大，softmax 饱和', prefix: '', suffix: '', start: 13, end: 27 },
    contentHash: '',
  });
}

describe('drills.*', () => {
  it('shows the next card with its four intervals, grades it once, and undoes the grade', async () => {
    makeCard('c1');
    const next = await app.call('drills.next', {});
    expect(next).toMatchObject({ queue: 'new', card: { id: 'c1', question: '为什么要除以 √d_k？', state: 'new', answer: '防止点积过大，softmax 饱和' } });
    expect(next?.previews.map((p) => p.rating)).toEqual([1, 2, 3, 4]);
    const f = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: true }));
    const due = Date.parse(next!.previews[3]!.due) - next!.previews[3]!.intervalMs;
    expect(next?.previews[3]?.due).toBe(f.next(createEmptyCard(new Date(due)), new Date(due), Rating.Easy as Grade).card.due.toISOString());

    const first = await app.call('drills.grade', { cardId: 'c1', rating: 4, reviewId: 'r1', durationMs: 3000 });
    expect(first).toMatchObject({ isDuplicate: false, card: { state: 'review', reps: 1 } });
    expect(await app.call('drills.grade', { cardId: 'c1', rating: 4, reviewId: 'r1' })).toMatchObject({ isDuplicate: true, card: { reps: 1 } });
    expect(await app.call('drills.next', {})).toBeNull();
    expect(await app.call('drills.stats', {})).toMatchObject({ byState: { new: 0, review: 1 }, dueToday: { total: 0 }, reviewedToday: 1 });
    expect(await app.call('drills.undo', {})).toMatchObject({ card: { id: 'c1', state: 'new', reps: 0 } });
    expect(await app.call('drills.undo', {})).toBeNull();
  });

  it('buries and suspends, and keeps retention within 0.70–0.97', async () => {
    makeCard('c1');
    expect((await app.call('drills.bury', { cardId: 'c1' })).buriedUntil).not.toBeNull();
    expect(await app.call('drills.next', {})).toBeNull();
    expect(await app.call('drills.suspend', { cardId: 'c1', isSuspended: true })).toMatchObject({ isSuspended: true });
    expect(await app.call('drills.settings', {})).toMatchObject({ desiredRetention: 0.9 });
    await expect(app.call('drills.updateSettings', { desiredRetention: 0.99 })).rejects.toThrow();
    expect(await app.call('drills.updateSettings', { desiredRetention: 0.85 })).toMatchObject({ desiredRetention: 0.85 });
    await expect(app.call('drills.grade', { cardId: 'nope', rating: 3 })).rejects.toThrow(/no card nope/);
  });
});
