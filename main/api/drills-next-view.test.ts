import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';

let work: string;
let app: Lattice;

const NOTE = `# 注意力机制面试题

### 为什么要除以 $\\sqrt{d_k}$？

点积的方差随 $d_k$ 增大，softmax 会饱和：

$$
\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V
$$

### 什么是 KV cache？

缓存之前各步的 $K$ 和 $V$，每步只算新 token。
`;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-drills-next-view-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  mkdirSync(join(work, 'notes'));
  writeFileSync(join(work, 'notes', 'attention.md'), NOTE);
  await app.call('library.import', { paths: [join(work, 'notes')] });
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('drills.next with its view', () => {
  it('carries the card exactly as drills.card shows it, only when asked', async () => {
    const plain = await app.call('drills.next', {});
    expect(plain).not.toBeNull();
    expect(plain).not.toHaveProperty('view');

    const next = await app.call('drills.next', { withView: true });
    expect(next?.card.id).toBe(plain?.card.id);
    expect(next?.view).toEqual(await app.call('drills.card', { cardId: next!.card.id }));
    expect(next?.view?.answerHtml).toContain('data-tex');
    expect(next?.view?.note?.title).toBe('注意力机制面试题');
  });

  it('a grade asked for what comes next brings the next card, as drills.next would give it after the grade', async () => {
    const first = await app.call('drills.next', {});
    const graded = await app.call('drills.grade', { cardId: first!.card.id, rating: 4, reviewId: 'g1', next: {} });
    expect(graded.isDuplicate).toBe(false);
    expect(graded.next?.card.id).not.toBe(first!.card.id);
    // The same card, faces and queue (the intervals are measured from each call's own moment).
    const again = await app.call('drills.next', { withView: true });
    expect({ ...graded.next, previews: undefined }).toEqual({ ...again, previews: undefined });
    expect(graded.next?.previews.map((p) => p.rating)).toEqual([1, 2, 3, 4]);
    expect(graded.next?.view?.card.question).toBe('什么是 KV cache？');
    expect(graded.next?.view?.answerHtml).toContain('每步只算新 token');

    // The last card: nothing comes next, said as null.
    const last = await app.call('drills.grade', {
      cardId: graded.next!.card.id,
      rating: 4,
      reviewId: 'g2',
      next: { deck: { kind: 'note', noteId: graded.next!.card.noteId! } },
    });
    expect(last.next).toBeNull();
    // Without `next`, a grade answers as before.
    await app.call('drills.undo', {});
    expect(await app.call('drills.grade', { cardId: graded.next!.card.id, rating: 3, reviewId: 'g3' })).not.toHaveProperty('next');
  });
});
