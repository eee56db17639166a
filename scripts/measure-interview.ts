import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmptyCard } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';
import { openStore } from '../db/open-store.js';
import { fromFsrsCard, fsrsFor } from '../main/drills/fsrs-card.js';
import { InterviewCardRepository } from '../db/repositories/interview-cards.js';
import { InterviewPlanner } from '../main/drills/interview.js';
import { localDate } from '../main/drills/interview-plan.js';
import { DrillScheduler } from '../main/drills/scheduler.js';
import { seededRng } from './anchoring-edits.js';
import { someRating } from './drill-sampling.js';

/**
 * node out/node/scripts/measure-interview.js — interview mode at 10,000
 * cards (3,000 never reviewed, 7,000 with a history simulated with ts-fsrs,
 * due between 30 days ago and 60 days ahead): the time of the forecast
 * (drills.interview), of the next "before the interview" card, and of a
 * mock draw, for interviews 3, 14 and 60 days away. A measurement, not a
 * test: the budget is "well under 100 ms" for the forecast.
 */

const CARDS = Number(process.env.MEASURE_CARDS ?? 10_000);
const RUNS = Number(process.env.MEASURE_RUNS ?? 40);
const DAY_MS = 86_400_000;

const rand = seededRng(13);

/** Wall-clock percentiles, and the median CPU time of the process (less moved by other work on a shared machine). */
function timings(work: () => unknown): { p50: number; p95: number; max: number; cpu: number } {
  const times: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < RUNS + 5; run += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    work();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    if (run >= 5) {
      times.push(wall);
      cpus.push((cpu.user + cpu.system) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), max: times[times.length - 1]!, cpu: cpus[Math.floor(cpus.length / 2)]! };
}

const dataDir = mkdtempSync(join(tmpdir(), 'lattice-measure-interview-'));
const store = openStore(join(dataDir, 'lattice.db'));
try {
  const scheduler = new DrillScheduler(store.db);
  const f = fsrsFor(0.9);
  const now = Date.now();
  store.transaction(() => {
    for (let i = 0; i < CARDS; i += 1) {
      const made = new Date(now - 400 * DAY_MS + i * 1000);
      const id = `m-${i}`;
      const source = {
        noteId: null,
        question: { exact: `问题 ${i}`, prefix: '', suffix: '', start: 0, end: 4 },
        answer: { exact: `答案 ${i}`, prefix: '', suffix: '', start: 5, end: 9 },
        contentHash: 'm',
      };
      let card: Card = createEmptyCard(new Date(0));
      if (i >= CARDS * 0.3) {
        let t = 0;
        const reviews = 2 + Math.floor(rand() * 14);
        for (let r = 0; r < reviews; r += 1) {
          card = f.next(card, new Date(t), someRating(rand) as Grade).card;
          t = Math.max(t + 60_000, card.due.getTime() + rand() * 6 * 3600_000);
        }
        const by = now + (rand() * 90 - 30) * DAY_MS - card.due.getTime();
        card = { ...card, due: new Date(card.due.getTime() + by), last_review: new Date(card.last_review!.getTime() + by) };
      } else {
        card = createEmptyCard(made);
      }
      scheduler.cards.create({ ...source, id, kind: 'found' }, fromFsrsCard(card), made.toISOString());
    }
  });
  store.db.pragma('optimize');
  const planner = new InterviewPlanner(store.db);
  const memories = new InterviewCardRepository(store.db);
  const nowIso = new Date().toISOString();
  console.log(`interview mode at ${CARDS} cards (${RUNS} runs each, after 5 of warm-up), times in ms:`);
  const read = timings(() => memories.available(nowIso));
  console.log(
    `  reading every card's memory (one query)  p50 ${read.p50.toFixed(1)}  p95 ${read.p95.toFixed(1)}  (cpu p50 ${read.cpu.toFixed(1)})`,
  );
  for (const days of [3, 14, 60]) {
    const day = new Date();
    day.setDate(day.getDate() + days);
    planner.setPlan({ date: localDate(day), decks: [] });
    const forecast = planner.forecast(() => '');
    const o = forecast.overall!;
    const fmt = (t: { p50: number; p95: number; max: number; cpu: number }) =>
      `p50 ${t.p50.toFixed(1)}  p95 ${t.p95.toFixed(1)}  max ${t.max.toFixed(1)}  (cpu p50 ${t.cpu.toFixed(1)})`;
    console.log(
      `  interview in ${days} days: ${o.below} of ${o.cards} below 85%, mean recall ${(o.recall! * 100).toFixed(1)}%, ` +
        `${o.reviewsNeeded} reviews (${o.reviewsPerDay} a day)`,
    );
    console.log(`    drills.interview (forecast)   ${fmt(timings(() => planner.forecast(() => '')))}`);
    console.log(`    drills.interviewNext (choose) ${fmt(timings(() => planner.next()))}`);
    console.log(`    drills.mock (draw 10)         ${fmt(timings(() => planner.mock([], 10)))}`);
  }
} finally {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
