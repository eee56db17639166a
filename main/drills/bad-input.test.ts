import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { ANSWER_EXACT_MAX } from '../../db/repositories/card-records.js';
import type { CardRecord } from '../../db/repositories/card-records.js';
import { NoteRepository } from '../../db/repositories/notes.js';
import { importPaths } from '../import/import-notes.js';
import { DrillScheduler } from './scheduler.js';

// Notes no person would write on purpose, but that arrive anyway: each is
// imported for real (SQLite, the Markdown pipeline, the question finder).

let temp: string;
let store: Store;
let notes: NoteRepository;
let scheduler: DrillScheduler;
let clock: Date;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-bad-input-'));
  store = openStore(':memory:');
  notes = new NoteRepository(store.db);
  clock = new Date('2026-12-05T08:00:00.000Z');
  scheduler = new DrillScheduler(store.db, { now: () => clock });
});

afterEach(() => {
  store.close();
  rmSync(temp, { recursive: true, force: true });
});

function importNote(name: string, text: string): { id: number; cards: CardRecord[] } {
  writeFileSync(join(temp, name), text);
  const report = importPaths(store, [temp]);
  expect(report.failed).toEqual([]);
  const id = notes.versionsIn(1).get(name)?.id ?? -1;
  return { id, cards: scheduler.cards.listByNote(id) };
}

const logRows = (cardId: string): number =>
  store.db.prepare('SELECT COUNT(*) FROM review_log WHERE card_id = ?').pluck().get(cardId) as number;
const rawAnswer = (cardId: string): string => store.db.prepare('SELECT answer_exact FROM cards WHERE id = ?').pluck().get(cardId) as string;

describe('a note with a thousand questions', () => {
  const THOUSAND = Array.from(
    { length: 1000 },
    (_, i) => `### ${i + 1}. 为什么第 ${i + 1} 层的梯度会消失？\n\n因为第 ${i + 1} 层的激活饱和。\n`,
  ).join('\n');

  it('makes a thousand cards in the note’s order, and keeps them all when one question is deleted and another reworded', () => {
    const first = importNote('thousand.md', `# 一千题\n\n${THOUSAND}`);
    expect(first.cards).toHaveLength(1000);
    expect(first.cards[999]?.question.exact).toBe('为什么第 1000 层的梯度会消失？');
    expect(new Set(first.cards.map((card) => card.id)).size).toBe(1000);

    const edited = `# 一千题\n\n${THOUSAND}`
      .replace('### 500. 为什么第 500 层的梯度会消失？\n\n因为第 500 层的激活饱和。\n', '')
      .replace('为什么第 700 层的梯度会消失？', '为什么第 700 层的梯度总会消失？');
    const second = importNote('thousand.md', edited);
    const live = second.cards.filter((card) => !card.isOrphan);
    expect(live).toHaveLength(999);
    const ids = new Map(first.cards.map((card) => [card.id, card.question.exact]));
    // Every live card is the card it was (same id), on its own question.
    for (const card of live) {
      const was = ids.get(card.id);
      expect(was).toBeDefined();
      expect(card.question.exact.replace('总会', '会')).toBe(was);
    }
    const orphans = second.cards.filter((card) => card.isOrphan);
    expect(orphans.map((card) => card.question.exact)).toEqual(['为什么第 500 层的梯度会消失？']);
  });
});

describe('a question of 10,000 characters', () => {
  it('is stored as a card; its answer is kept bounded on the card and read whole from the note', () => {
    const question = `为什么${'很长的问题'.repeat(2000)}？`;
    const answer = `${'答案的一句话。'.repeat(1500)}`;
    const { cards } = importNote('long.md', `# 长\n\n### ${question}\n\n${answer}\n\n### 什么是 GQA？\n\n分组共享 KV。\n`);
    expect(cards).toHaveLength(2);
    const [long] = cards as [CardRecord];
    expect(long.question.exact).toBe(question);
    // The stored answer is bounded; the card as a session shows it has the whole answer.
    expect(rawAnswer(long.id).length).toBeLessThanOrEqual(ANSWER_EXACT_MAX);
    expect(scheduler.cards.get(long.id)?.answer?.exact).toBe(answer);
    // A list gives the bounded part; answerOf reads the rest from the note.
    expect(long.answer?.exact.length).toBeLessThanOrEqual(ANSWER_EXACT_MAX);
    expect(scheduler.cards.answerOf(long)).toBe(answer);
    const key = store.db.prepare('SELECT question_key FROM cards WHERE id = ?').pluck().get(long.id) as string;
    expect(key.length).toBeLessThanOrEqual(209);
    // Imported again unchanged: the same card, nothing orphaned.
    const again = importNote('long.md', `# 长\n\n### ${question}\n\n${answer}\n\n### 什么是 GQA？\n\n分组共享 KV。\n\n### 什么是 MQA？\n`);
    expect(again.cards.map((card) => [card.id, card.isOrphan])).toEqual([
      ...cards.map((card) => [card.id, false]),
      [again.cards[2]?.id, false],
    ]);
  });

  it('an orphaned card keeps its whole answer even though the note no longer has it', () => {
    const answer = `${'注意力的答案。'.repeat(100)}`;
    const { cards } = importNote('orphan.md', `# 笔记\n\n### 为什么要除以根号 dk？\n\n${answer}\n\n### 什么是 GQA？\n\n分组共享 KV。\n`);
    const [dk] = cards as [CardRecord];
    expect(rawAnswer(dk.id).length).toBeLessThanOrEqual(ANSWER_EXACT_MAX);
    importNote('orphan.md', `# 笔记\n\n### 什么是 GQA？\n\n分组共享 KV。\n`);
    const orphan = scheduler.cards.get(dk.id);
    expect(orphan?.isOrphan).toBe(true);
    expect(orphan?.answer?.exact).toBe(answer);
  });
});

describe('a heading with only punctuation', () => {
  it('is not a card', () => {
    const { cards } = importNote('punct.md', '# 笔记\n\n### ？？？\n\n### ……\n\n### ---\n\n### 为什么要用 RMSNorm？\n\n更省计算。\n');
    expect(cards.map((card) => card.question.exact)).toEqual(['为什么要用 RMSNorm？']);
  });
});

describe('a note re-imported while a session is open', () => {
  const NOTE = '# 笔记\n\n### 为什么要除以根号 dk？\n\n方差。\n\n### 什么是 GQA？\n\n分组共享 KV。\n';

  it('the grade of the card on screen still counts when its question was reworded meanwhile', () => {
    importNote('session.md', NOTE);
    const shown = scheduler.next();
    expect(shown?.card.question.exact).toBe('为什么要除以根号 dk？');
    importNote('session.md', NOTE.replace('为什么要除以根号 dk？', '为什么一定要除以根号 dk？'));
    clock = new Date(clock.getTime() + 8000);
    const result = scheduler.grade({ cardId: shown?.card.id ?? '', rating: 3, reviewId: 'shown-1' });
    expect(result.isDuplicate).toBe(false);
    expect(logRows(shown?.card.id ?? '')).toBe(1);
    const card = scheduler.cards.get(shown?.card.id ?? '');
    expect(card).toMatchObject({ isOrphan: false, question: { exact: '为什么一定要除以根号 dk？' }, schedule: { reps: 1 } });
  });

  it('a card whose question vanished meanwhile ends as an orphan with the grade kept; the grade sent again counts once', () => {
    importNote('session.md', NOTE);
    const shown = scheduler.next();
    importNote('session.md', '# 笔记\n\n### 什么是 GQA？\n\n分组共享 KV。\n');
    const id = shown?.card.id ?? '';
    expect(scheduler.cards.get(id)?.isOrphan).toBe(true);
    scheduler.grade({ cardId: id, rating: 3, reviewId: 'shown-1' });
    const twice = scheduler.grade({ cardId: id, rating: 3, reviewId: 'shown-1' });
    expect(twice.isDuplicate).toBe(true);
    expect(logRows(id)).toBe(1);
    expect(scheduler.cards.get(id)).toMatchObject({ isOrphan: true, isSuspended: true, schedule: { reps: 1 } });
    // The session goes on with the other card, never the orphan.
    expect(scheduler.next()?.card.question.exact).toBe('什么是 GQA？');
  });

  it('a grade given with a clock that moved backwards is kept, across a re-import', () => {
    importNote('session.md', NOTE);
    const id = scheduler.next()?.card.id ?? '';
    scheduler.grade({ cardId: id, rating: 3, reviewId: 'r1' });
    importNote('session.md', `${NOTE}\n### 什么是 MQA？\n\n一组 KV。\n`);
    clock = new Date(clock.getTime() - 3_600_000);
    scheduler.grade({ cardId: id, rating: 1, reviewId: 'r2' });
    expect(logRows(id)).toBe(2);
    expect(scheduler.cards.get(id)?.schedule.reps).toBe(2);
  });
});
