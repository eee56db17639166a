import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters } from 'ts-fsrs';
import type { Grade } from 'ts-fsrs';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { localDate } from '../drills/interview-plan.js';

let work: string;
let app: Lattice;

const TRANSFORMER = `---
tags: [transformer]
---
# Transformer 面试题

### 为什么要除以 $\\sqrt{d_k}$？

点积方差为 $d_k$：

$$\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$

### 讲解一下 RoPE 的原理

用旋转矩阵 $R_\\theta$ 编码相对位置。
`;

const ALIGN = `# 对齐

1. 讲解一下 RLHF 的流程

   - SFT → RM → PPO

2. DPO 和 PPO 有什么不同

   DPO 不需要奖励模型。

## 还没整理

- 如何评估奖励模型？
`;

const inDays = (days: number) => {
  const day = new Date();
  day.setDate(day.getDate() + days);
  return localDate(day);
};

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-interview-api-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  mkdirSync(join(work, 'a'));
  mkdirSync(join(work, 'b'));
  writeFileSync(join(work, 'a', 'transformer.md'), TRANSFORMER);
  writeFileSync(join(work, 'b', 'align.md'), ALIGN);
  await app.call('library.import', { paths: [join(work, 'a')] });
  await app.call('library.import', { paths: [join(work, 'b')] });
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('drills.interview and drills.setInterview', () => {
  it('has no plan at first, then stores the date and decks and answers with the forecast per deck', async () => {
    expect(await app.call('drills.interview', {})).toMatchObject({
      plan: { date: null, decks: [] },
      daysLeft: null,
      target: 0.85,
      decks: [],
    });
    const libraries = await app.call('library.list', {});
    const a = libraries.find((l) => l.name === 'a')!;
    const date = inDays(14);
    const set = await app.call('drills.setInterview', {
      date,
      decks: [
        { kind: 'library', libraryId: a.id },
        { kind: 'tag', tag: 'transformer' },
      ],
    });
    expect(set.plan).toEqual({
      date,
      decks: [
        { kind: 'library', libraryId: a.id },
        { kind: 'tag', tag: 'transformer' },
      ],
    });
    expect(set.daysLeft).toBe(14);
    expect(set.decks.map((d) => ({ label: d.label, cards: d.cards, recall: d.recall, below: d.below }))).toEqual([
      { label: 'a', cards: 2, recall: 0, below: 2 },
      { label: 'transformer', cards: 2, recall: 0, below: 2 },
    ]);
    expect(set.overall).toMatchObject({ cards: 2, below: 2 });
    expect(set.overall!.reviewsPerDay).toBe(Math.ceil(set.overall!.reviewsNeeded / 14));
    expect(await app.call('drills.interview', {})).toEqual(set);
  });

  it('names a concept deck by its concept, and a note deck by its note', async () => {
    const rope = await app.call('concepts.create', { name: 'RoPE' });
    const note = (await app.call('notes.list', {})).find((n) => n.path === 'align.md')!;
    const set = await app.call('drills.setInterview', {
      date: inDays(2),
      decks: [
        { kind: 'concept', conceptId: rope.id },
        { kind: 'note', noteId: note.id },
      ],
    });
    // 对齐 asks three questions; one (如何评估奖励模型？) is still to answer, in no session until it is.
    expect(set.decks.map((d) => [d.label, d.cards, d.toAnswer])).toEqual([
      ['RoPE', 1, 0],
      ['对齐', 2, 1],
    ]);
  });

  it('refuses a date in the past or not a date, with a message that says so, and keeps the plan', async () => {
    await app.call('drills.setInterview', { date: inDays(3), decks: [] });
    await expect(app.call('drills.setInterview', { date: inDays(-1), decks: [] })).rejects.toMatchObject({
      type: 'Invalid',
      message: expect.stringMatching(/in the past/),
    });
    await expect(app.call('drills.setInterview', { date: '2027-13-01', decks: [] })).rejects.toMatchObject({ type: 'Invalid' });
    await expect(app.call('drills.setInterview', { date: inDays(3), decks: [{ kind: 'nope' }] } as never)).rejects.toMatchObject({
      type: 'Invalid',
    });
    expect((await app.call('drills.interview', {})).plan.date).toBe(inDays(3));
    const cleared = await app.call('drills.setInterview', { date: null, decks: [] });
    expect(cleared).toMatchObject({ plan: { date: null }, overall: null });
  });
});

describe('drills.interviewNext', () => {
  it('gives the session card with its queue and the intervals ts-fsrs computes, and nothing without a date', async () => {
    expect(await app.call('drills.interviewNext', {})).toBeNull();
    await app.call('drills.setInterview', { date: inDays(7), decks: [{ kind: 'tag', tag: 'transformer' }] });
    const next = await app.call('drills.interviewNext', {});
    expect(next).toMatchObject({ queue: 'new', card: { question: '为什么要除以 \\sqrt{d_k}？', state: 'new' } });
    const f = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: true }));
    const at = new Date(Date.parse(next!.previews[2]!.due) - next!.previews[2]!.intervalMs);
    expect(next!.previews[2]!.due).toBe(f.next(createEmptyCard(at), at, 3 as Grade).card.due.toISOString());
    await app.call('drills.grade', { cardId: next!.card.id, rating: 3 });
    expect((await app.call('drills.interviewNext', {}))?.card.question).toBe('讲解一下 RoPE 的原理');
  });
});

describe('drills.mock', () => {
  it('draws answered cards across the decks as the review screen shows them, and bounds the count', async () => {
    const views = await app.call('drills.mock', { decks: [], count: 10 });
    // Four answered questions; the one still to answer is never drawn.
    expect(views).toHaveLength(4);
    expect(views.map((v) => v.card.question)).not.toContain('如何评估奖励模型？');
    const scaled = views.find((v) => v.card.question.includes('d_k'))!;
    expect(scaled.questionHtml).toContain('data-tex');
    expect(scaled.answerHtml).toContain('\\frac{QK^T}{\\sqrt{d_k}}');
    expect(scaled.note?.title).toBe('Transformer 面试题');
    const one = await app.call('drills.mock', { decks: [{ kind: 'tag', tag: 'transformer' }], count: 1 });
    expect(one).toHaveLength(1);
    expect(one[0]!.note?.title).toBe('Transformer 面试题');
    await expect(app.call('drills.mock', { decks: [], count: 0 })).rejects.toMatchObject({ type: 'Invalid' });
    await expect(app.call('drills.mock', { decks: [], count: 51 })).rejects.toMatchObject({ type: 'Invalid' });
    // A grade in a mock is an ordinary grade.
    expect(await app.call('drills.grade', { cardId: one[0]!.card.id, rating: 1 })).toMatchObject({ card: { state: 'learning', reps: 1 } });
  });
});
