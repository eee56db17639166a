import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters, Rating } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import type { CardSchedule, NewCard } from '../../db/repositories/card-records.js';
import { SettingsRepository } from '../../db/repositories/settings.js';
import { DrillScheduler } from './scheduler.js';
import type { DrillRating } from './scheduler.js';
import { DrillSettingError } from './settings.js';
import { nextStudyDayStart } from './study-day.js';

const DAY = 86_400_000;
let store: Store;
let clock: Date;
let scheduler: DrillScheduler;
let noteId: number;

const at = (iso: string) => {
  clock = new Date(iso);
};
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

function addNote(path: string): number {
  store.db.prepare("INSERT OR IGNORE INTO libraries (id, root_path, name, created_at) VALUES (1, '/lib', 'lib', 'now')").run();
  const text = '为什么大模型大部分是decoder only\n因为……';
  return Number(
    store.db
      .prepare(
        `INSERT INTO notes (library_id, path, title, source, content_hash, text, byte_size, created_at, updated_at)
                VALUES (1, ?, 'n', ?, 'h', ?, 10, 'now', 'now')`,
      )
      .run(path, text, text).lastInsertRowid,
  );
}

let made = 0;
function card(overrides: Partial<NewCard> = {}): NewCard {
  made += 1;
  return {
    id: `card-${made}`,
    kind: 'found',
    noteId,
    question: { exact: `问题 ${made}`, prefix: '', suffix: '', start: made * 10, end: made * 10 + 4 },
    answer: { exact: `答案 ${made}`, prefix: '', suffix: '', start: made * 10 + 5, end: made * 10 + 9 },
    contentHash: 'h',
    ...overrides,
  };
}

/** What ts-fsrs itself computes, card for card, with the parameters Lattice promises. */
const reference = (retention = 0.9) => fsrs(generatorParameters({ request_retention: retention, enable_fuzz: true }));

function asStored(c: Card): CardSchedule {
  return {
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state as number as CardSchedule['state'],
    lastReview: c.last_review ? c.last_review.toISOString() : null,
  };
}

const logCount = () => store.db.prepare('SELECT COUNT(*) FROM review_log').pluck().get() as number;

beforeEach(() => {
  store = openStore(':memory:');
  at('2026-12-01T10:00:00.000Z');
  scheduler = new DrillScheduler(store.db, { now: () => clock });
  noteId = addNote('llm.md');
});
afterEach(() => store.close());

describe('grading follows ts-fsrs', () => {
  const steps: [number, DrillRating][] = [
    [0, 3],
    [10 * 60_000, 3],
    [3 * DAY, 2],
    [9 * DAY, 1],
    [10 * 60_000, 3],
    [2 * DAY, 4],
    [40 * DAY, 3],
  ];

  for (const retention of [0.9, 0.8]) {
    it(`gives the state and interval ts-fsrs computes for the same grades at the same times (retention ${retention})`, () => {
      scheduler.updateSettings({ desiredRetention: retention });
      const f = reference(retention);
      let expected = createEmptyCard(clock);
      const { id } = scheduler.createCard(card());
      for (const [wait, rating] of steps) {
        later(wait);
        const preview = scheduler.preview(id);
        const outcomes = f.repeat(expected, clock);
        expect(preview.map((p) => p.due)).toEqual([1, 2, 3, 4].map((g) => outcomes[g as Grade].card.due.toISOString()));
        expected = f.next(expected, clock, rating as number as Grade).card;
        const result = scheduler.grade({ cardId: id, rating });
        expect(result.isDuplicate).toBe(false);
        expect(result.card.schedule).toEqual(asStored(expected));
      }
      expect(scheduler.log.history(id).map((l) => l.rating)).toEqual(steps.map(([, r]) => r));
      expect(scheduler.cards.get(id)?.schedule.lapses).toBe(1);
    });
  }

  it('schedules a lower retention further out, as ts-fsrs does', () => {
    const f9 = reference(0.9);
    const f7 = reference(0.7);
    const first = f9.next(createEmptyCard(clock), clock, Rating.Easy).card;
    const reviewAt = new Date(first.due.getTime());
    const { id } = scheduler.createCard(card());
    scheduler.grade({ cardId: id, rating: 4 });
    clock = reviewAt;
    scheduler.updateSettings({ desiredRetention: 0.7 });
    const easy = scheduler.preview(id)[3];
    expect(easy?.due).toBe(f7.next(first, reviewAt, Rating.Easy).card.due.toISOString());
    expect(easy?.due).not.toBe(f9.next(first, reviewAt, Rating.Easy).card.due.toISOString());
  });

  it('writes one log row per grade with the state before, the time, the elapsed days and the duration', () => {
    const { id, schedule: before } = scheduler.createCard(card());
    scheduler.grade({ cardId: id, rating: 4, durationMs: 5400 });
    later(5 * DAY);
    const mid = scheduler.cards.get(id)!.schedule;
    scheduler.grade({ cardId: id, rating: 3, durationMs: 1200 });
    const log = scheduler.log.history(id);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ rating: 4, before, durationMs: 5400, elapsedDays: 0, reviewedAt: '2026-12-01T10:00:00.000Z' });
    expect(log[1]).toMatchObject({ rating: 3, before: mid, durationMs: 1200, elapsedDays: 5 });
  });
});

describe('undo', () => {
  it('restores the exact previous state and removes the log row, one grade at a time', () => {
    const { id, schedule: fresh } = scheduler.createCard(card());
    scheduler.grade({ cardId: id, rating: 3 });
    const afterFirst = scheduler.cards.get(id)!.schedule;
    later(10 * 60_000);
    scheduler.grade({ cardId: id, rating: 1 });
    expect(logCount()).toBe(2);

    expect(scheduler.undo()?.card.schedule).toEqual(afterFirst);
    expect(logCount()).toBe(1);
    expect(scheduler.undo()?.card.schedule).toEqual(fresh);
    expect(logCount()).toBe(0);
    expect(scheduler.undo()).toBeUndefined();
    expect(scheduler.next()?.card.id).toBe(id);
  });

  it('undoes the last grade given even when the clock went backwards after it', () => {
    const a = scheduler.createCard(card()).id;
    const b = scheduler.createCard(card()).id;
    scheduler.grade({ cardId: a, rating: 3 });
    later(-3600_000);
    const bBefore = scheduler.cards.get(b)!.schedule;
    scheduler.grade({ cardId: b, rating: 3 });
    expect(scheduler.undo()?.undone.cardId).toBe(b);
    expect(scheduler.cards.get(b)?.schedule).toEqual(bBefore);
    expect(scheduler.log.history(a)).toHaveLength(1);
  });
});

describe('a grade sent twice counts once', () => {
  it('with the same review id', () => {
    const { id } = scheduler.createCard(card());
    const first = scheduler.grade({ cardId: id, rating: 3, reviewId: 'r-1' });
    later(5000);
    const again = scheduler.grade({ cardId: id, rating: 3, reviewId: 'r-1' });
    expect(again.isDuplicate).toBe(true);
    expect(again.card.schedule).toEqual(first.card.schedule);
    expect(logCount()).toBe(1);
    expect(() => scheduler.grade({ cardId: scheduler.createCard(card()).id, rating: 3, reviewId: 'r-1' })).toThrow(RangeError);
  });

  it('but a new review id is a new showing, even within the same second', () => {
    const { id } = scheduler.createCard(card());
    scheduler.grade({ cardId: id, rating: 1, reviewId: 'r-1' });
    later(300);
    expect(scheduler.grade({ cardId: id, rating: 1, reviewId: 'r-2' }).isDuplicate).toBe(false);
    expect(logCount()).toBe(2);
  });

  it('without a review id: within the same second with the same rating and the card unchanged, and not after', () => {
    const { id } = scheduler.createCard(card());
    scheduler.grade({ cardId: id, rating: 1 });
    later(400);
    expect(scheduler.grade({ cardId: id, rating: 1 }).isDuplicate).toBe(true);
    expect(logCount()).toBe(1);
    later(2000);
    expect(scheduler.grade({ cardId: id, rating: 1 }).isDuplicate).toBe(false);
    expect(logCount()).toBe(2);
  });
});

it('records a grade given with a clock that moved backwards, scheduling from the last review', () => {
  const f = reference();
  const { id } = scheduler.createCard(card());
  let expected = createEmptyCard(clock);
  expected = f.next(expected, clock, Rating.Easy).card;
  scheduler.grade({ cardId: id, rating: 4 });
  const lastReview = clock;
  later(-2 * DAY);
  const result = scheduler.grade({ cardId: id, rating: 3 });
  expect(result.isDuplicate).toBe(false);
  expect(logCount()).toBe(2);
  expect(result.log).toMatchObject({ reviewedAt: clock.toISOString(), scheduledAt: lastReview.toISOString(), elapsedDays: 0 });
  expect(result.card.schedule).toEqual(asStored(f.next(expected, lastReview, Rating.Good).card));
  expect(Date.parse(result.card.schedule.due)).toBeGreaterThan(lastReview.getTime());
});

describe('desired retention', () => {
  it('defaults to 0.90 and accepts 0.70 to 0.97 only', () => {
    expect(scheduler.settings().desiredRetention).toBe(0.9);
    for (const bad of [0.69, 0.98, 1, 0, Number.NaN]) {
      expect(() => scheduler.updateSettings({ desiredRetention: bad })).toThrow(DrillSettingError);
    }
    expect(scheduler.settings().desiredRetention).toBe(0.9);
    expect(scheduler.updateSettings({ desiredRetention: 0.7 }).desiredRetention).toBe(0.7);
    expect(scheduler.updateSettings({ desiredRetention: 0.97 }).desiredRetention).toBe(0.97);
  });

  it('stores nothing when one of several changes is out of range, and reads a bad stored value as the default', () => {
    expect(() => scheduler.updateSettings({ newCardsPerDay: 5, desiredRetention: 2 })).toThrow(DrillSettingError);
    expect(scheduler.settings().newCardsPerDay).toBe(20);
    new SettingsRepository(store.db).set('drills.desiredRetention', '0.5');
    expect(scheduler.settings().desiredRetention).toBe(0.9);
  });
});

describe('choosing the next card', () => {
  it('introduces at most the day’s new cards', () => {
    scheduler.updateSettings({ newCardsPerDay: 2 });
    const ids = [1, 2, 3].map(() => scheduler.createCard(card()).id);
    const shown: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const next = scheduler.next();
      if (!next) break;
      expect(next.queue).toBe('new');
      shown.push(next.card.id);
      scheduler.grade({ cardId: next.card.id, rating: 4 });
    }
    expect(shown).toEqual(ids.slice(0, 2));
    expect(scheduler.next()).toBeUndefined();
    clock = nextStudyDayStart(clock, scheduler.settings().dayStartHour);
    expect(scheduler.next()?.card.id).toBe(ids[2]);
  });

  it('shows learning steps first and holds reviews to the day’s maximum', () => {
    scheduler.updateSettings({ newCardsPerDay: 0, maxReviewsPerDay: 1 });
    const a = scheduler.createCard(card()).id;
    const b = scheduler.createCard(card()).id;
    scheduler.updateSettings({ newCardsPerDay: 10 });
    scheduler.grade({ cardId: a, rating: 4 });
    scheduler.grade({ cardId: b, rating: 4 });
    scheduler.updateSettings({ newCardsPerDay: 0 });
    later(60 * DAY);
    const first = scheduler.next();
    expect(first?.queue).toBe('review');
    scheduler.grade({ cardId: first!.card.id, rating: 1 });
    // The lapse is a relearning step: it is never held back by the review limit.
    later(10 * 60_000);
    const relearn = scheduler.next();
    expect(relearn).toMatchObject({ queue: 'learning', card: { id: first!.card.id } });
    scheduler.grade({ cardId: relearn!.card.id, rating: 4 });
    expect(scheduler.next()).toBeUndefined();
    scheduler.updateSettings({ maxReviewsPerDay: 2 });
    expect(scheduler.next()?.queue).toBe('review');
  });

  it('skips a buried card until the next study day and a suspended one until restored', () => {
    const a = scheduler.createCard(card()).id;
    const b = scheduler.createCard(card()).id;
    scheduler.buryUntilTomorrow(a);
    expect(scheduler.next()?.card.id).toBe(b);
    scheduler.setSuspended(b, true);
    expect(scheduler.next()).toBeUndefined();
    scheduler.setSuspended(b, false);
    expect(scheduler.next()?.card.id).toBe(b);
    clock = nextStudyDayStart(clock, scheduler.settings().dayStartHour);
    expect(scheduler.next()?.card.id).toBe(a);
  });
});

it('keeps an orphaned card’s history when its note is deleted, suspended and out of sessions', () => {
  const { id } = scheduler.createCard(card());
  scheduler.grade({ cardId: id, rating: 3 });
  later(10 * 60_000);
  scheduler.grade({ cardId: id, rating: 3 });
  store.db.prepare('DELETE FROM libraries WHERE id = 1').run();
  const orphan = scheduler.cards.get(id);
  expect(orphan).toMatchObject({ noteId: null, isOrphan: true, isSuspended: true });
  expect(orphan?.orphanedAt).not.toBeNull();
  expect(scheduler.log.history(id)).toHaveLength(2);
  expect(scheduler.cards.listOrphans().map((c) => c.id)).toEqual([id]);
  later(30 * DAY);
  expect(scheduler.next()).toBeUndefined();
  expect(scheduler.setSuspended(id, false).isSuspended).toBe(true);
  // A session open when the note went keeps grading the card it shows: the grade is kept, the card stays an orphan.
  const graded = scheduler.grade({ cardId: id, rating: 3 });
  expect(graded.card).toMatchObject({ isOrphan: true, isSuspended: true, noteId: null });
  expect(scheduler.log.history(id)).toHaveLength(3);
});

it('gives the retrievability ts-fsrs predicts for a date', () => {
  const f = reference();
  const { id } = scheduler.createCard(card());
  const expected = f.next(createEmptyCard(clock), clock, Rating.Easy).card;
  scheduler.grade({ cardId: id, rating: 4 });
  const interview = new Date(clock.getTime() + 14 * DAY);
  expect(scheduler.retrievability(id, interview)).toBe(f.get_retrievability(expected, interview, false));
  expect(scheduler.retrievability(scheduler.createCard(card()).id, interview)).toBe(0);
});

it('counts what is left today within the limits, by state, and the grades given today', () => {
  scheduler.updateSettings({ newCardsPerDay: 3 });
  const ids = [1, 2, 3, 4, 5].map(() => scheduler.createCard(card()).id);
  expect(scheduler.stats()).toMatchObject({
    byState: { new: 5, learning: 0, review: 0, suspended: 0, orphan: 0 },
    dueToday: { learning: 0, review: 0, new: 3, total: 3 },
    reviewedToday: 0,
    desiredRetention: 0.9,
  });
  scheduler.grade({ cardId: ids[0]!, rating: 1 });
  scheduler.setSuspended(ids[4]!, true);
  expect(scheduler.stats().dueToday).toEqual({ learning: 1, review: 0, new: 2, total: 3 });
  expect(scheduler.stats()).toMatchObject({ byState: { new: 4, learning: 1, suspended: 1 }, reviewedToday: 1 });
  clock = nextStudyDayStart(clock, scheduler.settings().dayStartHour);
  expect(scheduler.stats()).toMatchObject({ reviewedToday: 0, dueToday: { learning: 1, new: 3 } });
});
