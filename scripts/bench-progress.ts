/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { createEmptyCard } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';
import { openLattice } from '../main/app.js';
import { fromFsrsCard, fsrsFor } from '../main/drills/fsrs-card.js';
import { DrillScheduler } from '../main/drills/scheduler.js';
import { startHost } from './host-process.js';
import { seededRng } from './anchoring-edits.js';
import { percentile, someRating } from './drill-sampling.js';

/**
 * npm run bench:progress — the progress dashboard's budget (DESIGN.md):
 * with 10,000 cards and 100,000 review-log rows spread over a year, its
 * data at the API p95 ≤ 100 ms, and the dashboard painted ≤ 300 ms after
 * opening it.
 *
 * The cards come from 100 imported notes of 100 `###` questions each. Each
 * card starts being studied on a random day of the past year and is graded
 * (Again 10%, Hard 15%, Good 60%, Easy 15%) whenever ts-fsrs makes it due,
 * until today, so the log has the shape of a year of real study (many
 * grades early in a card's life, fewer later), cut at 100,000 rows.
 *
 * "Data at the API": what the dashboard asks for on opening — stats.progress
 * and drills.interview (readiness; with an interview date set, so it computes),
 * called through the handler table as a transport does. "Painted": Debian's
 * Chromium against the browser host, from the moment the person goes to
 * #/progress (a performance mark) to the end of the first Paint after the
 * dashboard marked its figures as in the page, read from Chromium's trace.
 * A measurement, not a test.
 */

const NOTES = 100;
const QUESTIONS_PER_NOTE = 100;
const LOG_ROWS = Number(process.env.BENCH_LOG_ROWS ?? 100_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 60);
const OPENINGS = Number(process.env.BENCH_OPENINGS ?? 20);
const WARM_UP = 3;
const DAY_MS = 86_400_000;
const chromiumPath = process.env.LATTICE_CHROMIUM ?? '/usr/bin/chromium';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  cat?: string;
}

const rand = seededRng(15);

function questionNote(n: number): string {
  const lines = [`---`, `tags: [面试, 题库${n % 7}]`, `---`, `# 面试题库 ${n}`, ''];
  for (let q = 0; q < QUESTIONS_PER_NOTE; q++) {
    lines.push(`### ${n}-${q} 为什么注意力要除以 $\\sqrt{d_k}$？第 ${q} 问`, '', `点积方差随 $d_k$ 增大，softmax 饱和（第 ${q} 条）。`, '');
  }
  return lines.join('\n');
}

/** A year of study, card by card, written as the scheduler writes grades; returns the rows written. */
function studyForAYear(dataDir: string): number {
  const lattice = openLattice({ dataDir, withStarter: false });
  const scheduler = new DrillScheduler(lattice.store.db);
  const f = fsrsFor(scheduler.settings().desiredRetention);
  const cards = scheduler.cards.listAll();
  const now = Date.now();
  let rows = 0;
  lattice.store.transaction(() => {
    for (const stored of cards) {
      if (rows >= LOG_ROWS) break;
      let t = now - 365 * DAY_MS + rand() * 250 * DAY_MS;
      let card: Card = createEmptyCard(new Date(t));
      while (t < now && rows < LOG_ROWS) {
        const rating = someRating(rand);
        const before = card;
        card = f.next(card, new Date(t), rating as number as Grade).card;
        const at = new Date(t).toISOString();
        const after = fromFsrsCard(card);
        scheduler.log.appendLog({
          reviewId: `${stored.id}-${rows}`,
          cardId: stored.id,
          rating,
          reviewedAt: at,
          scheduledAt: at,
          elapsedDays: before.last_review ? (t - before.last_review.getTime()) / DAY_MS : 0,
          durationMs: Math.round(3000 + rand() * 20_000),
          before: fromFsrsCard(before),
          afterDue: after.due,
          afterState: after.state,
        });
        rows++;
        // The person comes back when the card is due, within a few hours (or the next morning).
        t = Math.max(t + 60_000, card.due.getTime() + rand() * 8 * 3600_000);
      }
      if (card.reps > 0) scheduler.cards.saveSchedule(stored.id, fromFsrsCard(card), new Date(now).toISOString());
    }
  });
  lattice.store.db.pragma('optimize');
  lattice.close();
  return rows;
}

function summary(label: string, sorted: number[], budget: number): string {
  return `  ${label.padEnd(34)} p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(sorted, 95).toFixed(1).padStart(6)} ms   max ${(sorted.at(-1) ?? NaN).toFixed(1).padStart(6)} ms   (budget ${budget} ms)`;
}

const work = mkdtempSync(join(tmpdir(), 'lattice-bench-progress-'));
const dataDir = join(work, 'data');
const notesDir = join(work, 'notes');
try {
  mkdirSync(notesDir, { recursive: true });
  for (let n = 0; n < NOTES; n++) writeFileSync(join(notesDir, `questions-${String(n).padStart(3, '0')}.md`), questionNote(n));
  {
    const lattice = openLattice({ dataDir, withStarter: false });
    await lattice.call('library.import', { paths: [notesDir] });
    await lattice.idle();
    lattice.close();
  }
  const logRows = studyForAYear(dataDir);

  // At the API: both calls the dashboard makes, through the handler table.
  const progressMs: number[] = [];
  const interviewMs: number[] = [];
  const bothMs: number[] = [];
  /** CPU time the process spent on both calls: on a loaded machine, wall time also counts waiting for a core. */
  const bothCpuMs: number[] = [];
  let cardCount = 0;
  {
    const lattice = openLattice({ dataDir, withStarter: false });
    const inTwoWeeks = new Date(Date.now() + 14 * DAY_MS);
    const pad = (n: number) => String(n).padStart(2, '0');
    await lattice.call('drills.setInterview', {
      date: `${inTwoWeeks.getFullYear()}-${pad(inTwoWeeks.getMonth() + 1)}-${pad(inTwoWeeks.getDate())}`,
      decks: [],
    });
    const report = await lattice.call('stats.progress', {});
    cardCount = report.coverage.all.cards;
    for (let i = 0; i < CALLS + WARM_UP; i++) {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await lattice.call('stats.progress', {});
      const t1 = performance.now();
      await lattice.call('drills.interview', {});
      const t2 = performance.now();
      const spent = process.cpuUsage(cpu);
      if (i < WARM_UP) continue;
      bothCpuMs.push((spent.user + spent.system) / 1000);
      progressMs.push(t1 - t0);
      interviewMs.push(t2 - t1);
      bothMs.push(t2 - t0);
    }
    lattice.close();
  }
  for (const list of [progressMs, interviewMs, bothMs, bothCpuMs]) list.sort((a, b) => a - b);

  // Painted, in Chromium against the browser host.
  const host = await startHost(dataDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const paintedMs: number[] = [];
  try {
    // Opened on the library with reviews due, the app would show the dashboard by itself: the benchmark opens it.
    await page.addInitScript(() => sessionStorage.setItem('lattice.progressShownFirst', '1'));
    await page.goto(host.url);
    await page.locator('.note-card').first().waitFor();
    const open = async (): Promise<void> => {
      await page.evaluate(() => {
        performance.mark('bench:open');
        location.hash = '#/progress';
      });
      await page.getByTestId('progress-heatmap').waitFor();
      await page.waitForTimeout(150);
      await page.evaluate(() => (location.hash = '#/'));
      await page.locator('.note-card').first().waitFor();
      await page.waitForTimeout(150);
    };
    for (let i = 0; i < WARM_UP; i++) await open();
    const tracePath = join(work, 'trace.json');
    await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'blink.user_timing'] });
    for (let i = 0; i < OPENINGS; i++) await open();
    await browser.stopTracing();
    const events = (JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    const marks = (name: string): number[] =>
      [...new Set(events.filter((e) => e.name === name && (e.cat ?? '').includes('user_timing')).map((e) => e.ts))].sort((a, b) => a - b);
    const paints = events
      .filter((e) => e.name === 'Paint' && e.ph === 'X')
      .map((e) => ({ start: e.ts, end: e.ts + (e.dur ?? 0) }))
      .sort((a, b) => a.start - b.start);
    const shown = marks('lattice:progress-shown');
    for (const at of marks('bench:open')) {
      const figures = shown.find((ts) => ts >= at);
      const paint = figures === undefined ? undefined : paints.find((p) => p.start >= figures);
      if (paint) paintedMs.push((paint.end - at) / 1000);
    }
    paintedMs.sort((a, b) => a - b);
  } finally {
    await browser.close();
    await host.stop();
  }

  console.log(
    `store: ${cardCount} cards studied from ${NOTES} notes, ${logRows} review-log rows over the past year (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  console.log(`the dashboard's data at the API, over ${progressMs.length} calls:`);
  console.log(summary('stats.progress', progressMs, 100));
  console.log(summary('drills.interview (readiness)', interviewMs, 100));
  console.log(summary('both, one after the other', bothMs, 100));
  console.log(summary('both, CPU time of the process', bothCpuMs, 100));
  console.log(`the dashboard painted after opening it, over ${paintedMs.length} openings:`);
  console.log(summary('#/progress → figures painted', paintedMs, 300));
  console.log(
    JSON.stringify({
      bench: 'progress',
      cards: cardCount,
      logRows,
      apiP50Ms: Number(percentile(bothMs, 50).toFixed(1)),
      apiP95Ms: Number(percentile(bothMs, 95).toFixed(1)),
      apiCpuP95Ms: Number(percentile(bothCpuMs, 95).toFixed(1)),
      progressP95Ms: Number(percentile(progressMs, 95).toFixed(1)),
      interviewP95Ms: Number(percentile(interviewMs, 95).toFixed(1)),
      paintedP50Ms: Number(percentile(paintedMs, 50).toFixed(1)),
      paintedP95Ms: Number(percentile(paintedMs, 95).toFixed(1)),
    }),
  );
} finally {
  // BENCH_KEEP=1 leaves the store behind (its path is printed) to look into a figure.
  if (process.env.BENCH_KEEP) console.log(`store kept in ${dataDir}`);
  else rmSync(work, { recursive: true, force: true });
}
