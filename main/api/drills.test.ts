import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(next).toMatchObject({
      queue: 'new',
      card: { id: 'c1', question: '为什么要除以 √d_k？', state: 'new', answer: '防止点积过大，softmax 饱和' },
    });
    expect(next?.previews.map((p) => p.rating)).toEqual([1, 2, 3, 4]);
    const f = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: true }));
    const due = Date.parse(next!.previews[3]!.due) - next!.previews[3]!.intervalMs;
    expect(next?.previews[3]?.due).toBe(f.next(createEmptyCard(new Date(due)), new Date(due), Rating.Easy as Grade).card.due.toISOString());

    const first = await app.call('drills.grade', { cardId: 'c1', rating: 4, reviewId: 'r1', durationMs: 3000 });
    expect(first).toMatchObject({ isDuplicate: false, card: { state: 'review', reps: 1 } });
    expect(await app.call('drills.grade', { cardId: 'c1', rating: 4, reviewId: 'r1' })).toMatchObject({
      isDuplicate: true,
      card: { reps: 1 },
    });
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

describe('drills.list', () => {
  const BANK =
    '# 题库\n\n### 为什么要除以根号 dk？\n\n点积的方差随维度增大。\n\n### 什么是 GQA？\n\n分组共享 KV。\n\n### KV cache 为什么能加速推理？\n';

  it('lists a note’s cards in reading order; a deleted question’s card shows as an orphan with no lines, a suspended one as suspended', async () => {
    const dir = join(work, 'notes');
    mkdirSync(dir);
    writeFileSync(join(dir, 'bank.md'), BANK);
    await app.call('library.import', { paths: [dir] });
    const [note] = await app.call('notes.list', {});
    const noteId = note?.id ?? 0;
    const before = await app.call('drills.list', { noteId });
    expect(before.map((c) => [c.question, c.line, c.answerFirstLine, c.answerLastLine, c.state, c.path])).toEqual([
      ['为什么要除以根号 dk？', 3, 5, 5, 'new', note?.absolutePath],
      ['什么是 GQA？', 7, 9, 9, 'new', note?.absolutePath],
      ['KV cache 为什么能加速推理？', 11, null, null, 'new', note?.absolutePath],
    ]);
    const [dk, gqa, kv] = before;
    await app.call('drills.grade', { cardId: gqa?.id ?? '', rating: 3 });
    await app.call('drills.suspend', { cardId: kv?.id ?? '', isSuspended: true });

    writeFileSync(join(dir, 'bank.md'), BANK.replace('### 什么是 GQA？\n\n分组共享 KV。\n\n', ''));
    await app.call('library.import', { paths: [dir] });
    const after = await app.call('drills.list', { noteId });
    expect(after.map((c) => [c.id, c.line, c.answerFirstLine, c.state])).toEqual([
      [dk?.id, 3, 5, 'new'],
      [gqa?.id, null, null, 'orphan'],
      [kv?.id, 7, null, 'suspended'],
    ]);
    expect((await app.call('drills.list', {})).map((c) => c.id)).toEqual(after.map((c) => c.id));
  });

  it('refuses a note id that is not a positive integer and names one that does not exist', async () => {
    await expect(app.call('drills.list', { noteId: 0 })).rejects.toThrow();
    await expect(app.call('drills.list', { noteId: 'x' } as unknown as { noteId: number })).rejects.toThrow();
    await expect(app.call('drills.list', { noteId: 4242 })).rejects.toThrow(/4242/);
  });
});
