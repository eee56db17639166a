import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmptyCard } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';
import { openStore } from '../db/open-store.js';
import { fromFsrsCard, fsrsFor } from '../main/drills/fsrs-card.js';
import { DrillScheduler } from '../main/drills/scheduler.js';
import type { DrillRating } from '../main/drills/scheduler.js';

/**
 * npm run bench:drills — a store of 10,000 cards (3,000 never reviewed,
 * 7,000 with 14–15 grades each: 100,000 review-log rows, simulated with
 * ts-fsrs so stabilities and due dates are what real use produces, about a
 * third overdue), then the review loop a session runs: choose and load the
 * next card with its four interval previews, and grade it. Budget (issue 13):
 * choosing and loading the next card p95 ≤ 20 ms.
 */

const CARDS = Number(process.env.BENCH_CARDS ?? 10_000);
const LOG_ROWS = Number(process.env.BENCH_LOG_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const NEVER_REVIEWED = Math.round(CARDS * 0.3);
const DAY_MS = 86_400_000;

/** A small deterministic generator, so every run builds the same store. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(13);

/** Again 10%, Hard 15%, Good 60%, Easy 15%: roughly what people press. */
function someRating(): DrillRating {
  const r = rand();
  return r < 0.1 ? 1 : r < 0.25 ? 2 : r < 0.85 ? 3 : 4;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const ms = (value: number): string => value.toFixed(2);
const shift = (date: Date | undefined, by: number): Date | undefined => (date ? new Date(date.getTime() + by) : undefined);

const dataDir = mkdtempSync(join(tmpdir(), 'lattice-bench-drills-'));
const store = openStore(join(dataDir, 'lattice.db'));
try {
  const scheduler = new DrillScheduler(store.db);
  const repo = scheduler.cards;
  const f = fsrsFor(scheduler.settings().desiredRetention);
  const now = Date.now();
  const reviewed = CARDS - NEVER_REVIEWED;
  const baseReviews = Math.floor(LOG_ROWS / reviewed);
  const withExtra = LOG_ROWS - baseReviews * reviewed;

  const buildStart = performance.now();
  repo.transaction(() => {
    for (let i = 0; i < CARDS; i += 1) {
      const id = `bench-${String(i).padStart(5, '0')}`;
      const made = new Date(now - 400 * DAY_MS + i * 1000);
      const source = {
        noteId: null,
        question: { exact: `问题 ${i}：为什么要除以 √d_k？`, prefix: '', suffix: '', start: 0, end: 16 },
        answer: { exact: `答案 ${i}`, prefix: '', suffix: '', start: 17, end: 22 },
        contentHash: 'bench',
      };
      if (i >= reviewed) {
        repo.create({ ...source, id, kind: 'found' }, fromFsrsCard(createEmptyCard(made)), made.toISOString());
        continue;
      }
      // Simulate the card's history from a start of 0, reviewing each time it falls due (a few hours late),
      // then move the whole history so its next due date lands between 30 days ago and 60 days ahead.
      const reviews = baseReviews + (i < withExtra ? 1 : 0);
      let card: Card = createEmptyCard(new Date(0));
      let t = 0;
      const history: { rating: DrillRating; at: number; before: Card; after: Card }[] = [];
      for (let r = 0; r < reviews; r += 1) {
        const rating = someRating();
        const after = f.next(card, new Date(t), rating as number as Grade).card;
        history.push({ rating, at: t, before: card, after });
        card = after;
        t = Math.max(t + 60_000, card.due.getTime() + rand() * 6 * 3600_000);
      }
      const by = now + (rand() * 90 - 30) * DAY_MS - card.due.getTime();
      const moved = (c: Card): Card => ({ ...c, due: shift(c.due, by)!, last_review: shift(c.last_review, by) });
      repo.create({ ...source, id, kind: 'found' }, fromFsrsCard(moved(history[0]!.before)), made.toISOString());
      for (const step of history) {
        const at = new Date(step.at + by).toISOString();
        const after = fromFsrsCard(moved(step.after));
        scheduler.log.appendLog({
          reviewId: `${id}-${step.at}`,
          cardId: id,
          rating: step.rating,
          reviewedAt: at,
          scheduledAt: at,
          elapsedDays: step.before.last_review ? (step.at - step.before.last_review.getTime()) / DAY_MS : 0,
          durationMs: Math.round(3000 + rand() * 20_000),
          before: fromFsrsCard(moved(step.before)),
          afterDue: after.due,
          afterState: after.state,
        });
      }
      repo.saveSchedule(id, fromFsrsCard(moved(card)), new Date(now).toISOString());
    }
  });
  store.db.pragma('optimize');
  const buildMs = performance.now() - buildStart;

  /** One session of RUNS grades (after 20 of warm-up: prepared statements, page cache, JIT). */
  const session = () => {
    const choose: number[] = [];
    const grade: number[] = [];
    const queues = { learning: 0, review: 0, new: 0 };
    for (let run = 0; run < RUNS + 20; run += 1) {
      const t0 = performance.now();
      const next = scheduler.next();
      if (!next) throw new Error('bench:drills ran out of cards to show');
      const previews = scheduler.preview(next.card.id);
      const t1 = performance.now();
      scheduler.grade({ cardId: next.card.id, rating: someRating(), durationMs: 4000 });
      const t2 = performance.now();
      if (previews.length !== 4) throw new Error('preview must give four intervals');
      if (run < 20) continue;
      choose.push(t1 - t0);
      grade.push(t2 - t1);
      queues[next.queue] += 1;
    }
    return { choose: choose.sort((a, b) => a - b), grade: grade.sort((a, b) => a - b), queues };
  };
  // Reviews first (limits high enough that a card is always due), then a day
  // whose review limit is spent: the choice falls through to new cards.
  scheduler.updateSettings({ newCardsPerDay: 1000, maxReviewsPerDay: 100_000 });
  const reviewsSession = session();
  scheduler.updateSettings({ maxReviewsPerDay: 0 });
  const newSession = session();

  const statsTimes: number[] = [];
  for (let run = 0; run < 100; run += 1) {
    const t0 = performance.now();
    scheduler.stats();
    statsTimes.push(performance.now() - t0);
  }
  statsTimes.sort((a, b) => a - b);

  const logRows = store.db.prepare('SELECT COUNT(*) FROM review_log').pluck().get() as number;
  console.log(`bench:drills — ${CARDS} cards (${NEVER_REVIEWED} new), ${logRows} review-log rows, store ${(statSync(join(dataDir, 'lattice.db')).size / 1024 / 1024).toFixed(1)} MB, built in ${(buildMs / 1000).toFixed(1)} s`);
  console.log(`${'step'.padEnd(44)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
  let isOverBudget = false;
  const row = (name: string, t: number[], budget?: number) => {
    const isOver = budget !== undefined && percentile(t, 95) > budget;
    isOverBudget ||= isOver;
    console.log(`${name.padEnd(44)}${ms(percentile(t, 50)).padStart(9)}${ms(percentile(t, 95)).padStart(9)}${ms(percentile(t, 99)).padStart(9)}${isOver ? `  over budget (${budget} ms)` : ''}`);
  };
  for (const [name, s] of [['reviews due', reviewsSession], ['review limit spent', newSession]] as const) {
    console.log(`${name}: ${RUNS} grades; shown by queue: learning ${s.queues.learning}, review ${s.queues.review}, new ${s.queues.new}`);
    row('  next card (choose, load, 4 previews)', s.choose, 20);
    row('  grade (state + log row, one transaction)', s.grade);
  }
  row('due counts for the top bar (drills.stats)', statsTimes);
  if (isOverBudget) process.exitCode = 1;
} finally {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
