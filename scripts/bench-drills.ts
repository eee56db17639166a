import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmptyCard } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';
import { openStore } from '../db/open-store.js';
import { fromFsrsCard, fsrsFor } from '../main/drills/fsrs-card.js';
import { DrillScheduler } from '../main/drills/scheduler.js';
import type { DrillRating } from '../main/drills/scheduler.js';
import { importPaths } from '../main/import/import-notes.js';
import { appRoot } from '../main/app-paths.js';
import { runReanchoring } from './drills-reanchoring.js';
import { ensureSyntheticLibrary } from './synthetic-library.js';
import { seededRng } from './anchoring-edits.js';
import { percentile, someRating } from './drill-sampling.js';
import { inDrillsMode, modesOfRun, removeStore } from './drills-modes.js';
import type { DrillsMode } from './drills-modes.js';

/**
 * npm run bench:drills — three parts.
 *
 * 1. Import overhead: a synthetic library (BENCH_IMPORT_NOTES, 2,000 notes
 *    of the bench:import generator) imported on one thread into fresh stores
 *    with and without drills (LATTICE_BENCH_WITHOUT_DRILLS), alternately,
 *    best of BENCH_IMPORT_RUNS each: question finding + card writing as a
 *    share of the import. Budget (issue 13): at most 10%.
 * 2. Re-anchoring (drills-reanchoring.ts): random edits to question notes,
 *    re-imported round after round. Targets: kept ≥ 95%, wrong ≤ 0.5%.
 * 3. The review loop, below: a store of 10,000 cards (3,000 never reviewed,
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

const rand = seededRng(13);

const ms = (value: number): string => value.toFixed(2);
const shift = (date: Date | undefined, by: number): Date | undefined => (date ? new Date(date.getTime() + by) : undefined);

const dataDir = mkdtempSync(join(tmpdir(), 'lattice-bench-drills-'));
let isOverBudget = false;

// 1. Import overhead.
{
  const notes = Number(process.env.BENCH_IMPORT_NOTES ?? 2000);
  const runs = Number(process.env.BENCH_IMPORT_RUNS ?? 3);
  const libraryDir = join(appRoot(), 'bench-data', `library-${notes}`);
  ensureSyntheticLibrary(libraryDir, { notes });
  const timed = (mode: DrillsMode, run: number): { ms: number; cpuMs: number; cards: number; sources: number } => {
    const importPath = join(dataDir, `import-${mode}-${run}.db`);
    const importStore = openStore(importPath);
    try {
      const cpu = process.cpuUsage();
      const start = performance.now();
      inDrillsMode(mode, () => importPaths(importStore, [libraryDir], { deferMentions: () => undefined }));
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      const count = (sql: string) => importStore.db.prepare(sql).pluck().get() as number;
      return {
        ms,
        cpuMs: (used.user + used.system) / 1000,
        cards: count('SELECT COUNT(*) FROM cards'),
        sources: importStore.repositories.cards.sources.count(),
      };
    } finally {
      importStore.close();
      removeStore(importPath);
    }
  };
  const wall: Record<DrillsMode, number[]> = { plain: [], finding: [], drills: [] };
  const cpu: Record<DrillsMode, number[]> = { plain: [], finding: [], drills: [] };
  let counts = { cards: 0, sources: 0 };
  // A warm-up import first: the process's first import runs cold (code not yet compiled, files not yet cached).
  timed('plain', -1);
  for (let run = 0; run < runs; run += 1) {
    for (const mode of modesOfRun(run)) {
      const result = timed(mode, run);
      wall[mode].push(result.ms);
      cpu[mode].push(result.cpuMs);
      if (mode === 'drills') counts = { cards: result.cards, sources: result.sources };
    }
  }
  const best = (values: number[]): number => Math.min(...values);
  const share = (mode: DrillsMode, of: Record<DrillsMode, number[]>): number => (best(of[mode]) - best(of.plain)) / best(of.plain);
  console.log(
    `bench:drills — import overhead: ${notes} synthetic notes, one thread, best of ${runs} after a warm-up; ${counts.cards} cards, ${counts.sources} extra sources`,
  );
  const line = (label: string, mode: DrillsMode): void =>
    console.log(`  ${label.padEnd(36)}${(best(wall[mode]) / 1000).toFixed(2)} s wall, ${(best(cpu[mode]) / 1000).toFixed(2)} s CPU`);
  line('import without drills', 'plain');
  line('import finding questions, no cards', 'finding');
  line('import with drills', 'drills');
  const overhead = share('drills', wall);
  const isOver = overhead > 0.1;
  isOverBudget ||= isOver;
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
  console.log(`  question finding alone              ${pct(share('finding', wall))} of the import (CPU ${pct(share('finding', cpu))})`);
  console.log(
    `  question finding + cards            ${pct(overhead)} of the import (CPU ${pct(share('drills', cpu))})${isOver ? '  over budget (10%)' : ''}`,
  );
}

// 2. Re-anchoring after random edits.
{
  const notes = Number(process.env.BENCH_REANCHOR_NOTES ?? 200);
  const rounds = Number(process.env.BENCH_REANCHOR_ROUNDS ?? 3);
  const reanchorStore = openStore(join(dataDir, 'reanchor.db'));
  try {
    const start = performance.now();
    const result = runReanchoring(reanchorStore, join(dataDir, 'reanchor-notes'), { notes, rounds, maxEdits: 5 });
    const seconds = (performance.now() - start) / 1000;
    const pct = (n: number, d: number): string => `${d === 0 ? '0.0' : ((n / d) * 100).toFixed(1)}%`;
    console.log(
      `re-anchoring: ${notes} question notes, ${rounds} rounds of 1–5 random edits per note, re-imported each round (${seconds.toFixed(1)} s); ${result.untracked} cards the model could not name`,
    );
    console.log(
      `${'round'.padEnd(8)}${'cards'.padStart(7)}${'kept'.padStart(8)}${'lost'.padStart(7)}${'wrong'.padStart(7)}${'orphaned'.padStart(10)}${'grades lost'.padStart(13)}  edits`,
    );
    result.rounds.forEach((round, i) => {
      const edits = Object.entries(round.edits)
        .map(([type, n]) => `${type} ${n}`)
        .join(', ');
      console.log(
        `${String(i + 1).padEnd(8)}${String(round.cards).padStart(7)}${String(round.kept).padStart(8)}${String(round.lost).padStart(7)}${String(round.wrong).padStart(7)}${String(round.orphaned).padStart(10)}${String(round.lostGrades).padStart(13)}  ${edits}`,
      );
      for (const example of round.examples) console.log(`          wrong: ${example}`);
    });
    const { total } = result;
    const surviving = total.kept + total.lost + total.wrong;
    const keptShare = surviving === 0 ? 1 : total.kept / surviving;
    const wrongShare = total.cards === 0 ? 0 : total.wrong / total.cards;
    const isOver = keptShare < 0.95 || wrongShare > 0.005 || total.lostGrades > 0;
    isOverBudget ||= isOver;
    console.log(
      `  kept ${pct(total.kept, surviving)} of cards whose question survived (target ≥ 95%), wrong question ${pct(total.wrong, total.cards)} (target ≤ 0.5%), orphaned with their question deleted ${total.orphaned}, grades lost ${total.lostGrades}${isOver ? '  MISSED' : ''}`,
    );
  } finally {
    reanchorStore.close();
  }
}

// 3. The review loop.
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
  store.transaction(() => {
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
        const rating = someRating(rand);
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
      scheduler.grade({ cardId: next.card.id, rating: someRating(rand), durationMs: 4000 });
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
  console.log(
    `review loop — ${CARDS} cards (${NEVER_REVIEWED} new), ${logRows} review-log rows, store ${(statSync(join(dataDir, 'lattice.db')).size / 1024 / 1024).toFixed(1)} MB, built in ${(buildMs / 1000).toFixed(1)} s`,
  );
  console.log(`${'step'.padEnd(44)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
  const row = (name: string, t: number[], budget?: number) => {
    const isOver = budget !== undefined && percentile(t, 95) > budget;
    isOverBudget ||= isOver;
    console.log(
      `${name.padEnd(44)}${ms(percentile(t, 50)).padStart(9)}${ms(percentile(t, 95)).padStart(9)}${ms(percentile(t, 99)).padStart(9)}${isOver ? `  over budget (${budget} ms)` : ''}`,
    );
  };
  for (const [name, s] of [
    ['reviews due', reviewsSession],
    ['review limit spent', newSession],
  ] as const) {
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
