import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import type { CardSchedule, CardStateCode } from '../../db/repositories/card-records.js';
import { ReviewLogRepository } from '../../db/repositories/review-log.js';
import { DrillScheduler } from '../drills/scheduler.js';
import { ProgressReader } from './progress.js';

/*
 * Every figure of the dashboard against values worked out by hand, on a
 * real store: cards made and graded by the scheduler, or, where a figure
 * needs a history that takes months to make (mature cards), grades written
 * through the review log's own repository.
 */

const DAY = 86_400_000;
let store: Store;
let clock: Date;
let scheduler: DrillScheduler;
let reader: ProgressReader;
let savedZone: string | undefined;

function inZone(zone: string): void {
  process.env.TZ = zone;
}

function addFolder(id: number, name: string): void {
  store.db.prepare("INSERT INTO libraries (id, root_path, name, created_at) VALUES (?, ?, ?, 'now')").run(id, `/${name}`, name);
}

function addNote(libraryId: number, title: string, tags: string[] = []): number {
  const text = `${title}\n为什么大模型大部分是 decoder only？\n因为……`;
  return Number(
    store.db
      .prepare(
        `INSERT INTO notes (library_id, path, title, source, content_hash, text, byte_size, tags, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'h', ?, 10, ?, 'now', 'now')`,
      )
      .run(libraryId, `${title}.md`, title, text, text, JSON.stringify(tags)).lastInsertRowid,
  );
}

let made = 0;
function addCard(noteId: number, id = `card-${++made}`): string {
  const n = ++made;
  scheduler.createCard({
    id,
    kind: 'found',
    noteId,
    question: { exact: `问题 ${id}：KV cache 为什么能加速推理？`, prefix: '', suffix: '', start: n * 10, end: n * 10 + 4 },
    answer: { exact: `答案 ${id}`, prefix: '', suffix: '', start: n * 10 + 5, end: n * 10 + 9 },
    contentHash: 'h',
  });
  return id;
}

/** Gives a card a memory state as if graded earlier (the schedule fields the figures read). */
function place(id: string, schedule: Partial<CardSchedule> & { state: CardStateCode; due: string }): void {
  scheduler.cards.saveSchedule(
    id,
    {
      stability: 10,
      difficulty: 5,
      elapsedDays: 0,
      scheduledDays: 10,
      learningSteps: 0,
      reps: 3,
      lapses: 0,
      lastReview: null,
      ...schedule,
    },
    clock.toISOString(),
  );
}

let logged = 0;
/** One grade in the log, made at `at`, of a card in `state` whose interval was `interval` days. */
function logGrade(
  cardId: string,
  at: string,
  rating: 1 | 2 | 3 | 4,
  options: { state?: CardStateCode; interval?: number; durationMs?: number } = {},
): void {
  const log = new ReviewLogRepository(store.db);
  const before: CardSchedule = {
    due: at,
    stability: 30,
    difficulty: 5,
    elapsedDays: options.interval ?? 30,
    scheduledDays: options.interval ?? 30,
    learningSteps: 0,
    reps: 5,
    lapses: 0,
    state: options.state ?? 2,
    lastReview: new Date(Date.parse(at) - (options.interval ?? 30) * DAY).toISOString(),
  };
  log.appendLog({
    reviewId: `logged-${++logged}`,
    cardId,
    rating,
    reviewedAt: at,
    scheduledAt: at,
    elapsedDays: options.interval ?? 30,
    durationMs: options.durationMs ?? 0,
    before,
    afterDue: at,
    afterState: 2,
  });
}

const dayOf = (report: ReturnType<ProgressReader['report']>, date: string) => report.heatmap.find((day) => day.date === date);

beforeEach(() => {
  savedZone = process.env.TZ;
  inZone('Europe/London');
  store = openStore(':memory:');
  clock = new Date('2026-12-02T12:00:00Z');
  scheduler = new DrillScheduler(store.db, { now: () => clock });
  reader = new ProgressReader(store.db, { now: () => clock });
  addFolder(1, 'interview');
});
afterEach(() => {
  store.close();
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

describe('the dashboard with no history', () => {
  it('shows a year of empty days, no retention, nothing due and nothing covered', () => {
    addCard(addNote(1, 'Transformer'));
    const report = reader.report();
    expect(report.today).toBe('2026-12-02');
    expect(report.heatmap).toHaveLength(365);
    expect(report.heatmap[0]!.date).toBe('2025-12-03');
    expect(report.heatmap.at(-1)).toEqual({ date: '2026-12-02', reviews: 0, timeMs: 0 });
    expect(report.heatmap.every((day) => day.reviews === 0 && day.timeMs === 0)).toBe(true);
    expect(report.streak).toBe(0);
    expect(report.retention.weeks).toHaveLength(12);
    expect(report.retention.weeks.at(-1)).toEqual({ period: '2026-11-30', reviews: 0, passed: 0, retention: null });
    expect(report.retention.months.map((month) => month.period)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(report.retention.months.every((month) => month.retention === null)).toBe(true);
    expect(report.forecast.dates).toHaveLength(30);
    expect(report.forecast.dates[0]).toBe('2026-12-02');
    expect(report.forecast.dates.at(-1)).toBe('2026-12-31');
    expect(report.forecast.series).toEqual([]);
    expect(report.coverage.all).toEqual({ deck: { kind: 'all' }, label: '', cards: 1, reviewed: 0, aboveTarget: 0 });
    expect(report.weakest).toEqual([]);
    expect(report.stats.byState.new).toBe(1);
  });

  it('with no card at all, every list is empty and nothing fails', () => {
    const report = reader.report();
    expect(report.coverage).toEqual({
      all: { deck: { kind: 'all' }, label: '', cards: 0, reviewed: 0, aboveTarget: 0 },
      folders: [],
      tags: [],
      notes: [],
    });
    expect(report.forecast.series).toEqual([]);
  });
});

describe('one review', () => {
  it('counts on today, with its time, starts a streak, is due again today and covers its card', () => {
    const note = addNote(1, 'Transformer');
    const graded = addCard(note);
    addCard(note);
    scheduler.grade({ cardId: graded, rating: 3, durationMs: 12_345 });
    const report = reader.report();
    expect(report.heatmap.at(-1)).toEqual({ date: '2026-12-02', reviews: 1, timeMs: 12_345 });
    expect(report.heatmap.reduce((sum, day) => sum + day.reviews, 0)).toBe(1);
    expect(report.streak).toBe(1);
    // A new card graded Good goes to its next learning step, minutes away: due today.
    expect(report.forecast.series).toEqual([
      { deck: { kind: 'note', noteId: note }, label: 'Transformer', counts: [1, ...Array<number>(29).fill(0)] },
    ]);
    // Just reviewed: recall now is 1, above the desired 90%; the other card was never reviewed.
    expect(report.coverage.all).toMatchObject({ cards: 2, reviewed: 1, aboveTarget: 1 });
    expect(report.weakest).toHaveLength(1);
    expect(report.weakest[0]).toMatchObject({ cardId: graded, recall: 1, lapses: 0, reps: 1, note: { id: note, title: 'Transformer' } });
    expect(report.weakest[0]!.question).toContain('KV cache 为什么能加速推理？');
    // A grade of a new card is no review of a mature card.
    expect(report.retention.weeks.at(-1)).toMatchObject({ reviews: 0, retention: null });
  });
});

describe('study days', () => {
  it('a grade before the day-start hour belongs to the evening before; the streak runs across days', () => {
    const id = addCard(addNote(1, 'Transformer'));
    // London in winter is UTC: 03:30 is before the 4 a.m. start, so it is 1 December's study day.
    logGrade(id, '2026-12-02T03:30:00.000Z', 3, { durationMs: 1000 });
    logGrade(id, '2026-12-01T10:00:00.000Z', 3, { durationMs: 2000 });
    logGrade(id, '2026-11-30T10:00:00.000Z', 3);
    logGrade(id, '2026-11-28T10:00:00.000Z', 3);
    const report = reader.report();
    expect(dayOf(report, '2026-12-01')).toEqual({ date: '2026-12-01', reviews: 2, timeMs: 3000 });
    expect(dayOf(report, '2026-12-02')!.reviews).toBe(0);
    // Today has no grade yet: the streak counts back from yesterday (1 Dec, 30 Nov), 29 Nov broke it.
    expect(report.streak).toBe(2);
  });

  it('follows the study-day hour set in Settings', () => {
    const id = addCard(addNote(1, 'Transformer'));
    scheduler.updateSettings({ dayStartHour: 0 });
    logGrade(id, '2026-12-02T03:30:00.000Z', 3);
    expect(dayOf(reader.report(), '2026-12-02')!.reviews).toBe(1);
  });

  it('puts grades on the local days of the time zone the person is in now (they moved from Shanghai to London)', () => {
    const id = addCard(addNote(1, 'Transformer'));
    // 20:30 UTC on 30 November is 04:30 on 1 December in Shanghai, 20:30 on 30 November in London.
    logGrade(id, '2026-11-30T20:30:00.000Z', 3);
    inZone('Asia/Shanghai');
    expect(dayOf(reader.report(), '2026-12-01')!.reviews).toBe(1);
    expect(dayOf(reader.report(), '2026-11-30')!.reviews).toBe(0);
    inZone('Europe/London');
    expect(dayOf(reader.report(), '2026-11-30')!.reviews).toBe(1);
    expect(dayOf(reader.report(), '2026-12-01')!.reviews).toBe(0);
  });

  it('keeps the day-start hour across a daylight-saving change (a 23-hour study day)', () => {
    inZone('America/New_York');
    clock = new Date('2026-03-10T16:00:00Z');
    const id = addCard(addNote(1, 'Transformer'));
    // Clocks go forward at 2 a.m. on 8 March: 8 March's study day starts 04:00 EDT = 08:00 UTC, not 09:00.
    logGrade(id, '2026-03-08T08:30:00.000Z', 3);
    logGrade(id, '2026-03-08T07:30:00.000Z', 3);
    const report = reader.report();
    expect(dayOf(report, '2026-03-08')!.reviews).toBe(1);
    expect(dayOf(report, '2026-03-07')!.reviews).toBe(1);
  });

  it('counts a grade made after the clock was moved back on the day the clock said, and loses none', () => {
    const id = addCard(addNote(1, 'Transformer'));
    scheduler.grade({ cardId: id, rating: 3 });
    clock = new Date('2026-12-01T12:00:00Z');
    scheduler.grade({ cardId: id, rating: 3 });
    clock = new Date('2026-12-02T12:30:00Z');
    const report = reader.report();
    expect(dayOf(report, '2026-12-01')!.reviews).toBe(1);
    expect(dayOf(report, '2026-12-02')!.reviews).toBe(1);
    expect(report.heatmap.reduce((sum, day) => sum + day.reviews, 0)).toBe(2);
  });

  it('sees a change to an earlier day between two openings: a grade made under a clock set back, an undo', () => {
    const id = addCard(addNote(1, 'Transformer'));
    logGrade(id, '2026-11-30T10:00:00.000Z', 3);
    expect(dayOf(reader.report(), '2026-11-30')!.reviews).toBe(1);
    clock = new Date('2026-12-01T10:00:00Z');
    scheduler.grade({ cardId: id, rating: 3 });
    clock = new Date('2026-12-02T12:00:00Z');
    expect(dayOf(reader.report(), '2026-12-01')!.reviews).toBe(1);
    scheduler.undo();
    expect(dayOf(reader.report(), '2026-12-01')!.reviews).toBe(0);
    expect(dayOf(reader.report(), '2026-11-30')!.reviews).toBe(1);
  });

  it('counts today a grade made while the clock ran ahead', () => {
    const id = addCard(addNote(1, 'Transformer'));
    clock = new Date('2026-12-09T12:00:00Z');
    scheduler.grade({ cardId: id, rating: 3 });
    clock = new Date('2026-12-02T12:00:00Z');
    expect(reader.report().heatmap.at(-1)!.reviews).toBe(1);
  });
});

describe('true retention', () => {
  it('is the share of reviews of mature cards (interval ≥ 21 days) not graded Again, per week and per month', () => {
    const id = addCard(addNote(1, 'Transformer'));
    // Week of Monday 16 November: four mature reviews, one Again → 3/4.
    logGrade(id, '2026-11-16T10:00:00.000Z', 3);
    logGrade(id, '2026-11-17T10:00:00.000Z', 3);
    logGrade(id, '2026-11-18T10:00:00.000Z', 1);
    logGrade(id, '2026-11-22T10:00:00.000Z', 4, { interval: 21 });
    // Not counted: a young card (20 days), a relearning card, a learning card.
    logGrade(id, '2026-11-18T11:00:00.000Z', 1, { interval: 20 });
    logGrade(id, '2026-11-18T12:00:00.000Z', 1, { state: 3, interval: 40 });
    logGrade(id, '2026-11-18T13:00:00.000Z', 1, { state: 1, interval: 40 });
    // Week of 23 November: two mature reviews, both Again → 0.
    logGrade(id, '2026-11-23T10:00:00.000Z', 1);
    logGrade(id, '2026-11-29T10:00:00.000Z', 1);
    // Week of 30 November, month of December: one, Hard (not Again) → 1.
    logGrade(id, '2026-12-01T10:00:00.000Z', 2);
    const { weeks, months } = reader.report().retention;
    expect(weeks.slice(-3)).toEqual([
      { period: '2026-11-16', reviews: 4, passed: 3, retention: 0.75 },
      { period: '2026-11-23', reviews: 2, passed: 0, retention: 0 },
      { period: '2026-11-30', reviews: 1, passed: 1, retention: 1 },
    ]);
    expect(weeks[0]).toEqual({ period: '2026-09-14', reviews: 0, passed: 0, retention: null });
    expect(months.slice(-2)).toEqual([
      { period: '2026-11', reviews: 6, passed: 3, retention: 0.5 },
      { period: '2026-12', reviews: 1, passed: 1, retention: 1 },
    ]);
  });

  it('leaves out grades older than the heatmap’s year, which holds the twelve months whole', () => {
    const id = addCard(addNote(1, 'Transformer'));
    logGrade(id, '2026-01-01T10:00:00.000Z', 1);
    logGrade(id, '2025-12-02T10:00:00.000Z', 3);
    const report = reader.report();
    expect(report.retention.months[0]).toEqual({ period: '2026-01', reviews: 1, passed: 0, retention: 0 });
    expect(report.heatmap.reduce((sum, day) => sum + day.reviews, 0)).toBe(1);
  });
});

describe('forecast', () => {
  it('stacks the next 30 days by folder; overdue cards count today; new, suspended and later cards are left out', () => {
    addFolder(2, 'rag');
    const a = addNote(1, 'Transformer');
    const b = addNote(2, 'RAG');
    const iso = (days: number) => new Date(clock.getTime() + days * DAY).toISOString();
    place(addCard(a), { state: 2, due: iso(-3) });
    place(addCard(a), { state: 2, due: iso(2) });
    place(addCard(a), { state: 3, due: iso(0.01) });
    place(addCard(b), { state: 2, due: iso(2) });
    place(addCard(b), { state: 2, due: iso(29) });
    place(addCard(b), { state: 2, due: iso(30) });
    addCard(b);
    const suspended = addCard(b);
    place(suspended, { state: 2, due: iso(1) });
    scheduler.setSuspended(suspended, true);
    const buried = addCard(a);
    place(buried, { state: 2, due: iso(0) });
    scheduler.buryUntilTomorrow(buried);

    const { series, dates } = reader.report().forecast;
    const zeros = () => Array<number>(30).fill(0);
    const countsA = zeros();
    countsA[0] = 2;
    countsA[1] = 1;
    countsA[2] = 1;
    const countsB = zeros();
    countsB[2] = 1;
    countsB[29] = 1;
    expect(dates[29]).toBe('2026-12-31');
    expect(series).toEqual([
      { deck: { kind: 'library', libraryId: 1 }, label: 'interview', counts: countsA },
      { deck: { kind: 'library', libraryId: 2 }, label: 'rag', counts: countsB },
    ]);
  });

  it('stacks by note when every due card is in one folder: the six with most cards due, then the rest together', () => {
    const iso = new Date(clock.getTime() + DAY).toISOString();
    const notes = Array.from({ length: 8 }, (_, i) => addNote(1, `note ${i + 1}`));
    notes.forEach((note, i) => {
      for (let k = 0; k <= 8 - i; k++) place(addCard(note), { state: 2, due: iso });
    });
    const { series } = reader.report().forecast;
    expect(series.map((stack) => [stack.label, stack.counts[1]])).toEqual([
      ['note 1', 9],
      ['note 2', 8],
      ['note 3', 7],
      ['note 4', 6],
      ['note 5', 5],
      ['note 6', 4],
      ['', 3 + 2],
    ]);
  });
});

describe('coverage and the weakest cards', () => {
  it('per folder, tag and note: reviewed at least once, and at or above the desired retention now', () => {
    addFolder(2, 'rag');
    const transformer = addNote(1, 'Transformer', ['LLM', 'llm', '面试']);
    const rag = addNote(2, 'RAG', ['面试']);
    const ago = (days: number) => new Date(clock.getTime() - days * DAY).toISOString();
    const fresh = addCard(transformer);
    place(fresh, { state: 2, due: ago(-10), lastReview: ago(0), stability: 10 });
    const faded = addCard(transformer);
    place(faded, { state: 2, due: ago(90), lastReview: ago(100), stability: 10, lapses: 1 });
    addCard(transformer);
    const forgotten = addCard(rag);
    place(forgotten, { state: 2, due: ago(90), lastReview: ago(100), stability: 10, lapses: 4 });
    const fading = addCard(rag);
    place(fading, { state: 2, due: ago(10), lastReview: ago(20), stability: 10 });
    // Suspended cards are set aside by the person: not counted.
    const suspended = addCard(rag);
    scheduler.setSuspended(suspended, true);

    const report = reader.report();
    expect(report.coverage.all).toMatchObject({ cards: 5, reviewed: 4, aboveTarget: 1 });
    expect(report.coverage.folders).toEqual([
      { deck: { kind: 'library', libraryId: 1 }, label: 'interview', cards: 3, reviewed: 2, aboveTarget: 1 },
      { deck: { kind: 'library', libraryId: 2 }, label: 'rag', cards: 2, reviewed: 2, aboveTarget: 0 },
    ]);
    // "LLM" and "llm" are one tag, counted once; least covered first.
    expect(report.coverage.tags).toEqual([
      { deck: { kind: 'tag', tag: 'LLM' }, label: 'LLM', cards: 3, reviewed: 2, aboveTarget: 1 },
      { deck: { kind: 'tag', tag: '面试' }, label: '面试', cards: 5, reviewed: 4, aboveTarget: 1 },
    ]);
    expect(report.coverage.notes.map((note) => [note.label, note.cards, note.reviewed, note.aboveTarget])).toEqual([
      ['Transformer', 3, 2, 1],
      ['RAG', 2, 2, 0],
    ]);

    // Weakest: lowest recall first (100 days on a 10-day memory), the most lapses first among equals.
    expect(report.weakest.map((card) => card.cardId)).toEqual([forgotten, faded, fading, fresh]);
    const [first, second, third, fourth] = report.weakest.map((card) => card.recall);
    expect(first).toBe(second);
    // FSRS-6: recall is 90% after as many days as the stability; below that after twice as many.
    expect(third).toBeLessThan(0.9);
    expect(third).toBeGreaterThan(first!);
    expect(fourth).toBe(1);
    expect(report.weakest[0]).toMatchObject({ lapses: 4, note: { id: rag, title: 'RAG' } });
  });

  it('lists at most 20 weakest cards', () => {
    const note = addNote(1, 'Transformer');
    for (let i = 0; i < 25; i++)
      place(addCard(note), { state: 2, due: clock.toISOString(), lastReview: new Date(clock.getTime() - i * DAY).toISOString() });
    expect(reader.report().weakest).toHaveLength(20);
  });
});
