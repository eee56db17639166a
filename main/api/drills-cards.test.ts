import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import type { ApiError } from './contract.js';

let work: string;
let app: Lattice;

// A question bank in the style of real collections: ### questions with answers, two left unanswered.
const BANK = `---
title: 注意力题库
tags: [面试]
---
# 注意力题库

### 为什么要除以 $\\sqrt{d_k}$？

点积的方差随 $d_k$ 增大，softmax 会饱和。

### 什么是 GQA？

分组共享 KV 头，显存更省。

### KV cache 为什么能加速推理？

### MQA 和 GQA 有什么区别？
`;

// Bare question bullets with no answer yet (a stranger's to-do list of questions).
const TODO = `# 待整理

- 为什么大模型大部分是 decoder only？
- 如何优化 RAG？
`;

// Prose with formulas: where cards are made by hand.
const PROSE = `# Softmax 笔记

温度系数控制分布的平滑程度。缩放点积注意力写作 $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$，其中 $d_k$ 是键的维度。最后再乘以 V 得到输出。

Layer norm normalizes each token. It keeps activations in range, which stabilises training.
`;

let dir: string;

async function importAll(): Promise<void> {
  await app.call('library.import', { paths: [dir] });
}

async function noteId(title: string): Promise<number> {
  const notes = await app.call('notes.list', {});
  const found = notes.find((n) => n.title === title);
  if (!found) throw new Error(`no note ${title}`);
  return found.id;
}

async function errorOf(work: Promise<unknown>): Promise<ApiError> {
  try {
    await work;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('the call succeeded');
}

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-cards-'));
  dir = join(work, 'notes');
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'bank.md'), BANK);
  writeFileSync(join(dir, 'todo.md'), TODO);
  writeFileSync(join(dir, 'prose.md'), PROSE);
  await importAll();
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('questions still to answer', () => {
  it('are listed by note, never shown in a session nor counted as due, and enter review once answered', async () => {
    const unanswered = await app.call('drills.unanswered', {});
    expect(unanswered.map((u) => [u.note?.title, u.card.question])).toEqual([
      ['注意力题库', 'KV cache 为什么能加速推理？'],
      ['注意力题库', 'MQA 和 GQA 有什么区别？'],
      ['待整理', '为什么大模型大部分是 decoder only？'],
      ['待整理', '如何优化 RAG？'],
    ]);
    expect(unanswered[0]?.questionHtml).toContain('KV cache 为什么能加速推理？');

    const stats = await app.call('drills.stats', {});
    expect(stats.byState).toMatchObject({ new: 6, unanswered: 4 });
    expect(stats.dueToday.new).toBe(2);
    const decks = await app.call('drills.decks', {});
    expect(decks[0]).toMatchObject({ deck: { kind: 'all' }, cards: 2, due: 2 });

    // A whole session shows only the two answered questions.
    const seen: string[] = [];
    for (let next = await app.call('drills.next', {}); next; next = await app.call('drills.next', {})) {
      seen.push(next.card.question);
      await app.call('drills.bury', { cardId: next.card.id });
    }
    expect(seen).toEqual(['为什么要除以 \\sqrt{d_k}？', '什么是 GQA？']);

    // The person writes an answer with math: stored with the card, never in the file.
    const target = unanswered[0]!.card.id;
    const edited = await app.call('drills.edit', {
      cardId: target,
      answer: '缓存历史的 $K$、$V$，每步只算新 token：$O(n)$ 而非 $O(n^2)$。',
    });
    expect(edited.answerHtml).toContain('data-tex="O(n^2)"');
    expect((await app.call('drills.unanswered', {})).map((u) => u.card.id)).not.toContain(target);
    const after = await app.call('drills.stats', {});
    expect(after.byState.unanswered).toBe(3);
    // The two answered cards are buried until tomorrow: the new answer is the one card left today.
    expect(after.dueToday.new).toBe(1);
    const next = await app.call('drills.next', {});
    expect(next?.card.id).toBe(target);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(dir, 'bank.md'), 'utf8')).toBe(BANK);
  });

  it('narrow to a deck, and the note answering a question later takes it off the list', async () => {
    const todo = await noteId('待整理');
    expect((await app.call('drills.unanswered', { deck: { kind: 'note', noteId: todo } })).map((u) => u.card.question)).toEqual([
      '为什么大模型大部分是 decoder only？',
      '如何优化 RAG？',
    ]);
    writeFileSync(
      join(dir, 'bank.md'),
      BANK.replace('### KV cache 为什么能加速推理？\n', '### KV cache 为什么能加速推理？\n\n省去重复计算历史的 K 和 V。\n'),
    );
    await importAll();
    const left = await app.call('drills.unanswered', {});
    expect(left.map((u) => u.card.question)).not.toContain('KV cache 为什么能加速推理？');
    expect((await app.call('drills.stats', {})).byState.unanswered).toBe(3);
  });

  it('the preview of a typed answer typesets formulas through the one pipeline', async () => {
    const { html } = await app.call('annotations.previewComment', { markdown: '复杂度 $O(n^2)$' });
    expect(html).toContain('data-tex="O(n^2)"');
  });
});

describe('cards made from a selection', () => {
  it('keeps the typed question, anchors the selection as the answer, and follows the note on re-import', async () => {
    const prose = await noteId('Softmax 笔记');
    const note = await app.call('notes.get', { id: prose });
    const start = note.text.indexOf('温度系数控制分布的平滑程度');
    const end = start + '温度系数控制分布的平滑程度'.length;
    const view = await app.call('drills.create', { noteId: prose, start, end, question: '温度系数 $T$ 控制什么？' });
    expect(view.card).toMatchObject({
      kind: 'manual',
      questionOverride: '温度系数 $T$ 控制什么？',
      answer: '温度系数控制分布的平滑程度',
      state: 'new',
    });
    expect(view.questionHtml).toContain('data-tex="T"');
    expect(view.answerHtml).toBe('<p>温度系数控制分布的平滑程度</p>');
    expect(view.note?.title).toBe('Softmax 笔记');
    expect((await app.call('drills.next', {}))?.card.id).not.toBe(undefined);

    // The finder never finds this card; an edit elsewhere in the note must not orphan it.
    writeFileSync(join(dir, 'prose.md'), PROSE.replace('# Softmax 笔记\n', '# Softmax 笔记\n\n开头加了一段新的引言。\n'));
    await importAll();
    const moved = await app.call('drills.card', { cardId: view.card.id });
    expect(moved.card).toMatchObject({ isOrphan: false, answer: '温度系数控制分布的平滑程度' });
    expect(moved.match?.start).toBeGreaterThan(start);
    // Its text gone, it is an orphan with its grades; put back, it returns.
    await app.call('drills.grade', { cardId: view.card.id, rating: 3 });
    writeFileSync(join(dir, 'prose.md'), PROSE.replace('温度系数控制分布的平滑程度。', ''));
    await importAll();
    expect((await app.call('drills.orphans', {})).map((o) => [o.card.id, o.reviews])).toEqual([[view.card.id, 1]]);
    writeFileSync(join(dir, 'prose.md'), PROSE);
    await importAll();
    expect(await app.call('drills.orphans', {})).toEqual([]);
    expect((await app.call('drills.card', { cardId: view.card.id })).card).toMatchObject({ isOrphan: false, isSuspended: false, reps: 1 });
  });

  it('typesets the formulas inside a selected answer and refuses a bad span or an empty question', async () => {
    const prose = await noteId('Softmax 笔记');
    const note = await app.call('notes.get', { id: prose });
    const start = note.text.indexOf('缩放点积注意力');
    const end = note.text.indexOf('的维度') + 3;
    const view = await app.call('drills.create', { noteId: prose, start, end, question: '缩放点积注意力怎么写？' });
    expect(view.answerHtml).toContain(
      '<span class="math math-inline" data-tex="\\mathrm{softmax}(QK^T/\\sqrt{d_k})V" data-display="false">',
    );
    expect(view.answerHtml).toContain('data-tex="d_k"');
    expect(view.answerHtml).toContain('缩放点积注意力写作 ');

    expect(await errorOf(app.call('drills.create', { noteId: prose, start: 5, end: 5, question: '？' }))).toMatchObject({
      type: 'Invalid',
    });
    expect(await errorOf(app.call('drills.create', { noteId: prose, start: 0, end: note.text.length + 1, question: '？' }))).toMatchObject({
      type: 'Invalid',
    });
    expect(await errorOf(app.call('drills.create', { noteId: prose, start, end, question: '   ' }))).toMatchObject({ type: 'Invalid' });
    expect(await errorOf(app.call('drills.create', { noteId: 9999, start, end, question: '？' }))).toMatchObject({ type: 'NotFound' });
  });

  it('never lets hostile text into the card', async () => {
    writeFileSync(join(dir, 'evil.md'), '# Evil\n\n正文 `<img src=x onerror=alert(1)>` 结束。\n');
    await importAll();
    const evil = await noteId('Evil');
    const note = await app.call('notes.get', { id: evil });
    const view = await app.call('drills.create', {
      noteId: evil,
      start: note.text.indexOf('正文'),
      end: note.text.indexOf('结束'),
      question: '<script>alert(1)</script>问',
    });
    expect(view.answerHtml).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(view.questionHtml).not.toContain('<script>');
  });
});

describe('cloze cards from a highlight', () => {
  it('hide the highlighted words in their sentence; the words are the answer', async () => {
    const prose = await noteId('Softmax 笔记');
    const note = await app.call('notes.get', { id: prose });
    const start = note.text.indexOf('平滑程度');
    const highlight = await app.call('annotations.create', { noteId: prose, start, end: start + 4 });
    const view = await app.call('drills.cloze', { annotationId: highlight.id });
    expect(view.card).toMatchObject({ kind: 'cloze', answer: '平滑程度', question: '温度系数控制分布的平滑程度。' });
    expect(view.questionHtml).toBe('<p>温度系数控制分布的<span class="cloze-gap">[……]</span>。</p>');
    expect(view.answerHtml).toBe('<p>平滑程度</p>');
    expect((await app.call('drills.stats', {})).dueToday.new).toBe(3);

    // Latin sentences end at a full stop followed by a space; a formula in the sentence is typeset.
    const ln = note.text.indexOf('activations');
    const latin = await app.call('annotations.create', { noteId: prose, start: ln, end: ln + 'activations'.length });
    expect((await app.call('drills.cloze', { annotationId: latin.id })).card.question).toBe(
      'It keeps activations in range, which stabilises training.',
    );
    const dk = note.text.indexOf('其中');
    const withMath = await app.call('annotations.create', { noteId: prose, start: dk, end: dk + 2 });
    const mathView = await app.call('drills.cloze', { annotationId: withMath.id });
    expect(mathView.questionHtml).toContain('data-tex="\\mathrm{softmax}(QK^T/\\sqrt{d_k})V"');
    expect(mathView.questionHtml).toContain('<span class="cloze-gap">[……]</span> <span class="math math-inline" data-tex="d_k"');
  });

  it('bound a long sentence to about 300 characters around the highlight', async () => {
    const long = `# 长句\n\n${'前'.repeat(400)}关键词${'后'.repeat(400)}。\n`;
    writeFileSync(join(dir, 'long.md'), long);
    await importAll();
    const id = await noteId('长句');
    const note = await app.call('notes.get', { id });
    const at = note.text.indexOf('关键词');
    const highlight = await app.call('annotations.create', { noteId: id, start: at, end: at + 3 });
    const { card } = await app.call('drills.cloze', { annotationId: highlight.id });
    expect(card.question.length).toBeLessThanOrEqual(300);
    expect(card.question).toContain('前关键词后');
    expect(await errorOf(app.call('drills.cloze', { annotationId: 'no-such' }))).toMatchObject({ type: 'NotFound' });
  });
});

describe('orphans and suspended cards', () => {
  it('a question deleted from its note is an orphan with its grades; re-attach takes an ungraded question’s place', async () => {
    const bank = await noteId('注意力题库');
    const gqa = (await app.call('drills.list', { noteId: bank })).find((c) => c.question === '什么是 GQA？')!;
    await app.call('drills.grade', { cardId: gqa.id, rating: 3 });
    await app.call('drills.grade', { cardId: gqa.id, rating: 3, reviewId: 'second' });
    writeFileSync(
      join(dir, 'bank.md'),
      BANK.replace('### 什么是 GQA？\n\n分组共享 KV 头，显存更省。\n\n', '### GQA 的分组怎么选？\n\n按显存与质量折中。\n\n'),
    );
    await importAll();

    const orphans = await app.call('drills.orphans', {});
    expect(orphans).toHaveLength(1);
    expect(orphans[0]).toMatchObject({
      question: '什么是 GQA？',
      note: { id: bank, title: '注意力题库' },
      reviews: 2,
      card: { id: gqa.id, isOrphan: true, isSuspended: true, reps: 2 },
    });
    expect(orphans[0]?.orphanedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const targets = await app.call('drills.targets', { noteId: bank });
    const fresh = targets.find((t) => t.question === 'GQA 的分组怎么选？')!;
    expect(fresh).toMatchObject({ reviews: 0, hasAnswer: true, kind: 'found' });
    expect(targets.map((t) => t.cardId)).not.toContain(gqa.id);

    const done = await app.call('drills.reattach', { cardId: gqa.id, targetCardId: fresh.cardId });
    expect(done).toMatchObject({
      card: { id: gqa.id, isOrphan: false, isSuspended: false, question: 'GQA 的分组怎么选？', answer: '按显存与质量折中。', reps: 2 },
      target: { id: fresh.cardId, outcome: 'deleted' },
    });
    expect(await app.call('drills.orphans', {})).toEqual([]);
    expect(await errorOf(app.call('drills.card', { cardId: fresh.cardId }))).toMatchObject({ type: 'NotFound' });

    // It stays there on the next import, history and all.
    writeFileSync(
      join(dir, 'bank.md'),
      BANK.replace('### 什么是 GQA？\n\n分组共享 KV 头，显存更省。\n\n', '### GQA 的分组怎么选？\n\n按显存与质量折中。\n\n') +
        '\n### 新加的问题？\n\n答。\n',
    );
    await importAll();
    expect((await app.call('drills.card', { cardId: gqa.id })).card).toMatchObject({
      isOrphan: false,
      question: 'GQA 的分组怎么选？',
      reps: 2,
    });
    expect(await app.call('drills.orphans', {})).toEqual([]);
  });

  it('refuses to displace a graded card unless asked, then keeps it as an orphan with its grades', async () => {
    const bank = await noteId('注意力题库');
    const cards = await app.call('drills.list', { noteId: bank });
    const gqa = cards.find((c) => c.question === '什么是 GQA？')!;
    const dk = cards.find((c) => c.question.startsWith('为什么要除以'))!;
    await app.call('drills.grade', { cardId: gqa.id, rating: 3 });
    await app.call('drills.grade', { cardId: dk.id, rating: 1 });
    writeFileSync(join(dir, 'bank.md'), BANK.replace('### 什么是 GQA？\n\n分组共享 KV 头，显存更省。\n\n', ''));
    await importAll();

    const refused = await errorOf(app.call('drills.reattach', { cardId: gqa.id, targetCardId: dk.id }));
    expect(refused).toMatchObject({ type: 'Invalid' });
    expect(refused.message).toContain('1 review');
    expect((await app.call('drills.orphans', {})).map((o) => o.card.id)).toEqual([gqa.id]);

    const done = await app.call('drills.reattach', { cardId: gqa.id, targetCardId: dk.id, ifTargetReviewed: 'orphan' });
    expect(done.target).toEqual({ id: dk.id, outcome: 'orphaned' });
    const orphans = await app.call('drills.orphans', {});
    expect(orphans.map((o) => [o.card.id, o.reviews])).toEqual([[dk.id, 1]]);
    // The displaced card never takes the question back on a re-import.
    await app.call('library.import', { paths: [dir] });
    writeFileSync(join(dir, 'bank.md'), BANK.replace('### 什么是 GQA？\n\n分组共享 KV 头，显存更省。\n\n', '') + '\n');
    await importAll();
    expect((await app.call('drills.card', { cardId: gqa.id })).card).toMatchObject({ isOrphan: false, reps: 1 });
    expect((await app.call('drills.orphans', {})).map((o) => o.card.id)).toEqual([dk.id]);

    expect(await errorOf(app.call('drills.reattach', { cardId: dk.id, targetCardId: dk.id }))).toMatchObject({ type: 'Invalid' });
    expect(await errorOf(app.call('drills.reattach', { cardId: gqa.id, targetCardId: dk.id }))).toMatchObject({ type: 'Invalid' });
    expect(await errorOf(app.call('drills.reattach', { cardId: 'nope', targetCardId: dk.id }))).toMatchObject({ type: 'NotFound' });
    expect(await errorOf(app.call('drills.targets', { noteId: 9999 }))).toMatchObject({ type: 'NotFound' });

    await app.call('drills.delete', { cardId: dk.id });
    expect(await app.call('drills.orphans', {})).toEqual([]);
  });

  it('lists suspended cards (not orphans) with their reviews, and restores them', async () => {
    const bank = await noteId('注意力题库');
    const gqa = (await app.call('drills.list', { noteId: bank })).find((c) => c.question === '什么是 GQA？')!;
    await app.call('drills.grade', { cardId: gqa.id, rating: 4 });
    await app.call('drills.suspend', { cardId: gqa.id, isSuspended: true });
    expect(await app.call('drills.suspended', {})).toMatchObject([
      { card: { id: gqa.id, isSuspended: true }, question: '什么是 GQA？', note: { title: '注意力题库' }, reviews: 1, orphanedAt: null },
    ]);
    await app.call('drills.suspend', { cardId: gqa.id, isSuspended: false });
    expect(await app.call('drills.suspended', {})).toEqual([]);
  });
});
