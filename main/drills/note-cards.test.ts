import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import type { CardRecord } from '../../db/repositories/card-records.js';
import { NoteRepository } from '../../db/repositories/notes.js';
import { importPaths } from '../import/import-notes.js';
import { buildNoteContent } from '../import/note-content.js';
import { CONTEXT_SEPARATOR, orderedCardId } from './note-cards.js';
import { DrillScheduler } from './scheduler.js';

// Notes in the styles of real collections: numbered paragraphs (with `11、`
// and `4.在…`) under category headings, and a bank of `###` questions.
const NUMBERED = `---
tags: [面试]
---
# 大模型面试题

## 模型结构

1. 为什么大模型大部分是decoder only
因为 decoder-only 的训练效率高，zero-shot 能力强。

2. 讲解一下 LayerNorm 和 BatchNorm 的区别
LayerNorm 在特征维上归一化；
BatchNorm 在 batch 维上归一化。

## 推理

11、如何优化rag
先改检索，再改生成。

4.在模型实际部署过程中，如何降低显存占用？
量化、PagedAttention、KV cache 复用。
`;

const BANK = `# Transformer 题库

### 为什么要除以根号 dk？

点积的方差随维度增大，softmax 会饱和。

### 什么是 GQA？

分组共享 KV，介于 MHA 与 MQA 之间。

- 节省显存
- 推理更快

### 多头注意力的作用是什么？
`;

let temp: string;
let store: Store;
let notes: NoteRepository;
let scheduler: DrillScheduler;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-cards-'));
  store = openStore(':memory:');
  notes = new NoteRepository(store.db);
  scheduler = new DrillScheduler(store.db);
});

afterEach(() => {
  store.close();
  rmSync(temp, { recursive: true, force: true });
});

function importNote(name: string, text: string): { id: number; cards: CardRecord[]; text: string } {
  writeFileSync(join(temp, name), text);
  const report = importPaths(store, [temp]);
  expect(report.failed).toEqual([]);
  const id = notes.versionsIn(1).get(name)?.id ?? 0;
  const stored = notes.get(id);
  return { id, cards: scheduler.cards.listByNote(id), text: stored?.text ?? '' };
}

const logRows = (cardId: string): number =>
  store.db.prepare('SELECT COUNT(*) FROM review_log WHERE card_id = ?').pluck().get(cardId) as number;

describe('cards made on import', () => {
  for (const [name, source] of [
    ['numbered.md', NUMBERED],
    ['bank.md', BANK],
  ] as const) {
    it(`${name}: one found card per question the finder sees, anchored on its question and its answer`, () => {
      const { cards, text } = importNote(name, source);
      const questions = buildNoteContent(new TextEncoder().encode(source), name).questions;
      expect(questions.length).toBeGreaterThan(2);
      expect(cards.map((card) => card.question.exact)).toEqual(questions.map((q) => q.text));
      cards.forEach((card, i) => {
        const question = questions[i];
        expect(card.kind).toBe('found');
        expect(card.isOrphan).toBe(false);
        expect(card.schedule.state).toBe(0);
        expect(text.slice(card.question.start, card.question.end)).toBe(card.question.exact);
        expect(card.answer && { start: card.answer.start, end: card.answer.end }).toEqual(question?.answer ?? null);
        expect(card.context).toBe(question?.context.join(CONTEXT_SEPARATOR));
      });
    });
  }

  it('spot checks by hand: the numbered note', () => {
    const { cards } = importNote('numbered.md', NUMBERED);
    expect(cards.map((card) => card.question.exact)).toEqual([
      '为什么大模型大部分是decoder only',
      '讲解一下 LayerNorm 和 BatchNorm 的区别',
      '如何优化rag',
      '在模型实际部署过程中，如何降低显存占用？',
    ]);
    expect(cards[1]?.answer?.exact).toBe('LayerNorm 在特征维上归一化；\nBatchNorm 在 batch 维上归一化。');
    expect(cards[2]?.context).toBe('推理');
  });

  it('spot checks by hand: the ### bank, a question with no answer yet has no answer anchor', () => {
    const { cards } = importNote('bank.md', BANK);
    expect(cards.map((card) => [card.question.exact, card.answer === null])).toEqual([
      ['为什么要除以根号 dk？', false],
      ['什么是 GQA？', false],
      ['多头注意力的作用是什么？', true],
    ]);
    expect(cards[1]?.answer?.exact).toContain('推理更快');
  });

  it('new cards come to a session in the note’s order', () => {
    const { cards } = importNote('numbered.md', NUMBERED);
    const order: string[] = [];
    for (let card = scheduler.cards.nextNew(new Date().toISOString()); card; card = scheduler.cards.nextNew(new Date().toISOString())) {
      order.push(card.id);
      scheduler.cards.setSuspended(card.id, true, new Date().toISOString());
    }
    expect(order).toEqual(cards.map((card) => card.id));
  });

  it('an unchanged file imported again leaves its cards as they are', () => {
    const first = importNote('bank.md', BANK);
    const again = importNote('bank.md', BANK);
    expect(again.cards).toEqual(first.cards);
  });
});

describe('cards keep their identity when the note is edited', () => {
  it('a reworded question keeps its card and history; a new question gets a card; a deleted one is a suspended orphan with its grades', () => {
    const first = importNote('numbered.md', NUMBERED);
    const [decoder, norms, rag] = first.cards as [CardRecord, CardRecord, CardRecord, CardRecord];
    scheduler.grade({ cardId: decoder.id, rating: 3 });
    scheduler.grade({ cardId: rag.id, rating: 1 });
    scheduler.grade({ cardId: rag.id, rating: 3 });
    const graded = scheduler.cards.get(decoder.id);

    // Reword the first question by a few characters, delete the RAG question
    // with its answer, and ask a new one.
    const edited = NUMBERED.replace('为什么大模型大部分是decoder only', '为什么现在的大模型大多是decoder only')
      .replace('11、如何优化rag\n先改检索，再改生成。\n\n', '')
      .concat('\n5. 什么是 speculative decoding？\n小模型起草，大模型验证。\n');
    const second = importNote('numbered.md', edited);
    const questions = buildNoteContent(new TextEncoder().encode(edited), 'numbered.md').questions;

    const live = second.cards.filter((card) => !card.isOrphan);
    expect(live.map((card) => card.question.exact)).toEqual(questions.map((q) => q.text));
    expect(live.map((card) => card.question.exact)).toEqual([
      '为什么现在的大模型大多是decoder only',
      '讲解一下 LayerNorm 和 BatchNorm 的区别',
      '在模型实际部署过程中，如何降低显存占用？',
      '什么是 speculative decoding？',
    ]);
    // The reworded question: same card, same schedule, same log, new anchors.
    expect(live[0]?.id).toBe(decoder.id);
    expect(live[0]?.schedule).toEqual(graded?.schedule);
    expect(logRows(decoder.id)).toBe(1);
    expect(live[0]?.answer?.exact).toBe('因为 decoder-only 的训练效率高，zero-shot 能力强。');
    expect(second.text.slice(live[0]?.question.start, live[0]?.question.end)).toBe('为什么现在的大模型大多是decoder only');
    expect(live[1]?.id).toBe(norms.id);
    // Every live card's file lines are those of its question in the new version.
    expect(live.map((card) => card.lines)).toEqual(
      questions.map((q) => ({ line: q.line, answerFirstLine: q.answerFirstLine, answerLastLine: q.answerLastLine })),
    );
    // The new question: a new card, never one of the old ones.
    const fresh = live[3] as CardRecord;
    expect(first.cards.map((card) => card.id)).not.toContain(fresh.id);
    expect(fresh.schedule.state).toBe(0);
    // The deleted question: its card stays, suspended, an orphan with its two grades.
    const orphan = scheduler.cards.get(rag.id);
    expect(orphan).toMatchObject({ isOrphan: true, isSuspended: true, noteId: second.id });
    expect(logRows(rag.id)).toBe(2);
    expect(scheduler.cards.listOrphans().map((card) => card.id)).toEqual([rag.id]);
  });

  it('a card is never moved onto another question: two questions swapped in place keep their own cards', () => {
    const first = importNote('bank.md', BANK);
    const swapped = BANK.replace('### 为什么要除以根号 dk？\n\n点积的方差随维度增大，softmax 会饱和。\n\n', '').replace(
      '### 多头注意力的作用是什么？\n',
      '### 多头注意力的作用是什么？\n\n### 为什么要除以根号 dk？\n\n点积的方差随维度增大，softmax 会饱和。\n',
    );
    const second = importNote('bank.md', swapped);
    const byQuestion = (cards: CardRecord[]) => new Map(cards.map((card) => [card.question.exact, card.id]));
    expect(byQuestion(second.cards)).toEqual(byQuestion(first.cards));
    expect(second.cards.every((card) => !card.isOrphan)).toBe(true);
    const dk = second.cards.find((card) => card.question.exact === '为什么要除以根号 dk？');
    expect(dk?.answer?.exact).toBe('点积的方差随维度增大，softmax 会饱和。');
  });

  it('a question put back picks up its orphaned card, history and all', () => {
    const first = importNote('bank.md', BANK);
    const gqa = first.cards[1] as CardRecord;
    scheduler.grade({ cardId: gqa.id, rating: 4 });
    const without = BANK.replace('### 什么是 GQA？\n\n分组共享 KV，介于 MHA 与 MQA 之间。\n\n- 节省显存\n- 推理更快\n\n', '');
    importNote('bank.md', without);
    expect(scheduler.cards.get(gqa.id)).toMatchObject({ isOrphan: true, isSuspended: true });
    const back = importNote('bank.md', BANK);
    expect(back.cards.map((card) => card.id)).toEqual(first.cards.map((card) => card.id));
    expect(scheduler.cards.get(gqa.id)).toMatchObject({ isOrphan: false, isSuspended: false });
    expect(logRows(gqa.id)).toBe(1);
  });
});

describe('orderedCardId', () => {
  it('makes UUIDs that sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => orderedCardId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('questions a card cannot anchor on', () => {
  it('an empty question span makes no card, so re-imports never pile up orphans', async () => {
    const { syncNoteCards } = await import('./note-cards.js');
    const text = '为什么？\n因为。';
    const empty = {
      text: '',
      kind: 'heading' as const,
      context: [],
      answer: null,
      span: { start: 0, end: 0 },
      line: 1,
      answerFirstLine: null,
      answerLastLine: null,
    };
    const real = {
      ...empty,
      text: '为什么？',
      span: { start: 0, end: 4 },
      answer: { start: 5, end: 8 },
      answerFirstLine: 2,
      answerLastLine: 2,
    };
    store.db.pragma('foreign_keys = OFF');
    const sync = syncNoteCards(scheduler.cards, 7, { text, contentHash: 'h', questions: [empty, real] }, new Date().toISOString(), []);
    expect(sync).toEqual({ created: 1, kept: 0, orphaned: 0, shared: 0, promoted: 0 });
    const again = syncNoteCards(
      scheduler.cards,
      7,
      { text, contentHash: 'h', questions: [empty, real] },
      new Date().toISOString(),
      scheduler.cards.listByNote(7),
    );
    expect(again).toEqual({ created: 0, kept: 1, orphaned: 0, shared: 0, promoted: 0 });
    expect(scheduler.cards.listByNote(7).map((card) => [card.question.exact, card.answer?.exact])).toEqual([['为什么？', '因为。']]);
  });
});

describe('a note whose file is deleted', () => {
  it('has its cards leave the sessions as orphans with their history, and get them back when the file returns', () => {
    const first = importNote('bank.md', BANK);
    const gqa = first.cards[1] as CardRecord;
    scheduler.grade({ cardId: gqa.id, rating: 3 });
    const graded = scheduler.cards.get(gqa.id)?.schedule;
    unlinkSync(join(temp, 'bank.md'));
    expect(importPaths(store, [temp]).removed).toBe(1);
    const gone = scheduler.cards.listByNote(first.id);
    expect(gone.map((card) => [card.id, card.isOrphan, card.isSuspended])).toEqual(first.cards.map((card) => [card.id, true, true]));
    expect(scheduler.next()).toBeUndefined();
    expect(logRows(gqa.id)).toBe(1);

    // The same file back: the same cards, on their questions again, the grade kept.
    const back = importNote('bank.md', BANK);
    expect(back.id).toBe(first.id);
    expect(back.cards.map((card) => [card.id, card.isOrphan, card.isSuspended, card.question.exact])).toEqual(
      first.cards.map((card) => [card.id, false, false, card.question.exact]),
    );
    expect(scheduler.cards.get(gqa.id)?.schedule).toEqual(graded);
    expect(logRows(gqa.id)).toBe(1);
    expect(scheduler.next()).toBeDefined();
  });
});
