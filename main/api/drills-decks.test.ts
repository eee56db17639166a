import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import type { DrillDeck } from './contract.js';

let work: string;
let app: Lattice;

const ATTENTION = `---
tags: [transformer, 面试]
---
# Attention 面试题

### 为什么要除以 $\\sqrt{d_k}$？

点积的方差随 $d_k$ 增大，softmax 会饱和：

$$\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$

### MHA 和 GQA 有什么区别？

| 方法 | KV 头数 |
| --- | --- |
| MHA | h |
| GQA | g |
`;

const RLHF = `# 对齐

1. 讲解一下 RLHF 的流程

   - SFT → RM → PPO
   - 奖励模型用成对比较训练

2. 为什么 PPO 要加 KL 惩罚

   防止策略偏离参考模型太远。
`;

const DPO = `# DPO 速记

Q：DPO 需要奖励模型吗？ A：不需要，直接用偏好数据优化 $\\log \\sigma$。
`;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-decks-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  mkdirSync(join(work, 'a'));
  mkdirSync(join(work, 'b'));
  writeFileSync(join(work, 'a', 'attention.md'), ATTENTION);
  writeFileSync(join(work, 'b', 'rlhf.md'), RLHF);
  writeFileSync(join(work, 'b', 'dpo.md'), DPO);
  await app.call('library.import', { paths: [join(work, 'a')] });
  await app.call('library.import', { paths: [join(work, 'b')] });
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

async function questionsOf(deck: DrillDeck): Promise<string[]> {
  const seen: string[] = [];
  for (let next = await app.call('drills.next', { deck }); next; next = await app.call('drills.next', { deck })) {
    seen.push(next.card.question);
    await app.call('drills.bury', { cardId: next.card.id });
  }
  return seen;
}

describe('drill decks', () => {
  it('lists everything, each folder, each tag and each note, with their counts', async () => {
    const decks = await app.call('drills.decks', {});
    const byLabel = Object.fromEntries(decks.map((d) => [`${d.deck.kind}:${d.label}`, d.cards]));
    expect(decks[0]).toMatchObject({ deck: { kind: 'all' }, cards: 5, due: 5 });
    expect(byLabel).toMatchObject({
      'library:a': 2,
      'library:b': 3,
      'tag:transformer': 2,
      'tag:面试': 2,
      'note:Attention 面试题': 2,
      'note:对齐': 2,
      'note:DPO 速记': 1,
    });
  });

  it('counts for each deck what a session of it has left today, within the day’s limits, as the session and the top bar count it', async () => {
    await app.call('drills.updateSettings', { newCardsPerDay: 2 });
    const notes = await app.call('notes.list', {});
    const dpo = notes.find((n) => n.path === 'dpo.md')!;
    const left = async (deck: DrillDeck) =>
      (await app.call('drills.decks', {})).find((d) => JSON.stringify(d.deck) === JSON.stringify(deck));
    // Five new cards, two a day: the list says two, not five.
    expect(await left({ kind: 'all' })).toMatchObject({ cards: 5, due: 2 });
    expect(await left({ kind: 'library', libraryId: dpo.libraryId })).toMatchObject({ cards: 3, due: 2 });
    expect(await left({ kind: 'note', noteId: dpo.id })).toMatchObject({ cards: 1, due: 1 });
    for (const deck of [{ kind: 'all' }, { kind: 'library', libraryId: dpo.libraryId }, { kind: 'note', noteId: dpo.id }] as DrillDeck[]) {
      expect((await left(deck))?.due).toBe((await app.call('drills.stats', { deck })).dueToday.total);
    }

    // One card learnt: one new card is left for the day, and its learning step is due later today.
    const first = await app.call('drills.next', {});
    await app.call('drills.grade', { cardId: first!.card.id, rating: 3 });
    expect(await left({ kind: 'all' })).toMatchObject({ cards: 5, due: 2 });
    expect((await app.call('drills.stats', {})).dueToday).toMatchObject({ learning: 1, new: 1, total: 2 });
  });

  it('draws a session from one note, one folder or one tag only', async () => {
    const notes = await app.call('notes.list', {});
    const rlhf = notes.find((n) => n.path === 'rlhf.md')!;
    expect(await questionsOf({ kind: 'note', noteId: rlhf.id })).toHaveLength(2);
    const stats = await app.call('drills.stats', {
      deck: { kind: 'library', libraryId: notes.find((n) => n.path === 'attention.md')!.libraryId },
    });
    expect(stats.dueToday.new).toBe(2);
    expect((await questionsOf({ kind: 'tag', tag: 'Transformer' })).sort()).toEqual(
      ['MHA 和 GQA 有什么区别？', '为什么要除以 \\sqrt{d_k}？'].sort(),
    );
  });

  it('draws a concept deck from the cards that name the concept or a linked one', async () => {
    await app.call('concepts.create', { name: 'PPO' });
    const dpo = await app.call('concepts.create', { name: 'DPO' });
    expect(await questionsOf({ kind: 'concept', conceptId: dpo.id })).toEqual(['DPO 需要奖励模型吗？']);
    await app.call('links.create', { from: 'PPO', to: 'DPO', type: 'contrasts-with' });
    const linked = await app.call('drills.stats', { deck: { kind: 'concept', conceptId: dpo.id } });
    // The PPO questions come in with the link (RLHF's answer names PPO too); the buried DPO card waits for tomorrow.
    expect(linked.dueToday.new).toBe(2);
    expect((await questionsOf({ kind: 'concept', conceptId: dpo.id })).sort()).toEqual(
      ['为什么 PPO 要加 KL 惩罚', '讲解一下 RLHF 的流程'].sort(),
    );
  });
});

describe('drills.card', () => {
  it('renders question and answer from the note as the reader does: formulas, tables, lists, inline answers', async () => {
    const cards = await app.call('drills.list', {});
    const view = async (question: RegExp) => app.call('drills.card', { cardId: cards.find((c) => question.test(c.question))!.id });

    const scaled = await view(/除以/);
    expect(scaled.questionHtml).toContain('data-tex');
    expect(scaled.questionHtml).not.toContain('###');
    expect(scaled.answerHtml).toContain('softmax 会饱和');
    expect(scaled.answerHtml).toContain('\\frac{QK^T}{\\sqrt{d_k}}');
    expect(scaled.answerHtml).not.toContain('MHA'); // the next question is not part of this answer
    expect(scaled.section).not.toBeNull();
    expect(scaled.note?.title).toBe('Attention 面试题');

    const table = await view(/GQA/);
    expect(table.answerHtml).toContain('<table');

    const numbered = await view(/RLHF/);
    expect(numbered.questionHtml).not.toMatch(/>\s*1\./);
    expect(numbered.answerHtml).toContain('<li>SFT → RM → PPO</li>');
    expect(numbered.answerHtml).not.toContain('<pre');

    const inline = await view(/DPO/);
    expect(inline.questionHtml).toContain('DPO 需要奖励模型吗？');
    expect(inline.questionHtml).not.toContain('不需要');
    expect(inline.answerHtml).toContain('不需要');
    expect(inline.answerHtml).toContain('data-tex');
  });

  it('shows what the person typed instead of the note, goes back on an empty edit, and deletes only on request', async () => {
    const [card] = await app.call('drills.list', {});
    const edited = await app.call('drills.edit', { cardId: card!.id, answer: '**我的答案**：$x^2$' });
    expect(edited.answerHtml).toContain('<strong>我的答案</strong>');
    expect(edited.card.answerOverride).toBe('**我的答案**：$x^2$');
    const back = await app.call('drills.edit', { cardId: card!.id, answer: '  ' });
    expect(back.card.answerOverride).toBeNull();
    expect(await app.call('drills.delete', { cardId: card!.id })).toEqual({ id: card!.id });
    await expect(app.call('drills.card', { cardId: card!.id })).rejects.toMatchObject({ type: 'NotFound' });
  });

  it('never lets a hostile note put script into a card', async () => {
    writeFileSync(
      join(work, 'b', 'evil.md'),
      '# x\n\n### 为什么 <script>alert(1)</script> 危险？\n\n<img src=x onerror=alert(1)> [a](javascript:alert(1))\n',
    );
    await app.call('library.import', { paths: [join(work, 'b')] });
    const cards = await app.call('drills.list', {});
    const evil = cards.find((c) => c.question.includes('危险'));
    expect(evil).toBeDefined();
    const view = await app.call('drills.card', { cardId: evil!.id });
    expect(`${view.questionHtml}${view.answerHtml}`).not.toMatch(/<script|onerror=|href="javascript:/i);
  });
});
