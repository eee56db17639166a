import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { openStore } from '../db/open-store.js';
import { openLattice } from '../main/app.js';
import { startHost } from './host-process.js';
import { NoteRepository } from '../db/repositories/notes.js';
import { SearchRepository } from '../db/repositories/search.js';
import { createContext } from '../main/api/context.js';
import { runSearch } from '../main/api/search.js';
import { appRoot } from '../main/app-paths.js';
import { indexMentionsAsync } from '../main/concepts/mentions.js';
import { importPathsAsync } from '../main/import/import-notes.js';
import { hostileNotes } from './hostile-notes.js';
import { ensureSyntheticLibrary } from './synthetic-library.js';

/**
 * npm run bench:hostile — the bounds of issue 14, measured:
 * 1. each hostile note (scripts/hostile-notes.ts), alone in a folder, imported
 *    as the app does (async import, parse worker with its deadline and heap
 *    ceiling), each in a fresh process: imported or refused, in how long, and
 *    the process's peak memory. Target: within 8 s and 600 MB.
 * 2. reads during an import: a synthetic library (BENCH_NOTES, default 3,000)
 *    imported (and its concept mentions then found, the app's background job)
 *    while a search and a note read are asked for every 20 ms on the
 *    same thread, as the host answers them: their latency (waiting included)
 *    p50/p99/max and the event loop's longest stall. Target: p99 ≤ 100 ms.
 * `node out/node/scripts/bench-hostile.js note NAME` runs one import of part 1,
 * `… reads` part 2 alone, `… reader` part 3 alone (needs `npm run build`).
 */

const MAX_SECONDS = 8;
const MAX_MB = 600;

async function importOneHostile(name: string): Promise<void> {
  const note = hostileNotes().find((candidate) => candidate.name === name);
  if (!note) throw new Error(`no hostile note ${name}`);
  const dir = mkdtempSync(join(tmpdir(), 'lattice-hostile-'));
  try {
    const folder = join(dir, 'notes');
    mkdirSync(folder);
    writeFileSync(join(folder, note.name), note.source);
    writeFileSync(join(folder, 'ordinary.md'), '# 注意力\n\n## 为什么除以根号 d_k？\n\n点积随维度增大。\n');
    const store = openStore(join(dir, 'lattice.db'));
    const started = performance.now();
    const report = await importPathsAsync(store, [folder], { deferMentions: () => undefined });
    const seconds = (performance.now() - started) / 1000;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    store.close();
    const failed = report.failed.find((f) => f.path.endsWith(note.name));
    const warnings = report.warnings.filter((w) => w.path.endsWith(note.name)).map((w) => w.warning);
    console.log(
      JSON.stringify({
        name,
        what: note.what,
        mb: Math.round((note.source.length / 1024 / 1024) * 10) / 10,
        outcome: failed ? `refused: ${failed.error}` : 'imported',
        warnings,
        seconds: Math.round(seconds * 100) / 100,
        peakMb: Math.round(peakMb),
        ordinaryImported: report.added - (failed ? 0 : 1) === 1,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function readsDuringImport(): Promise<void> {
  const notes = Number(process.env.BENCH_NOTES ?? 3_000);
  const libraryDir = join(appRoot(), 'bench-data', `library-${notes}`);
  ensureSyntheticLibrary(libraryDir, { notes });
  const dir = mkdtempSync(join(tmpdir(), 'lattice-hostile-reads-'));
  const store = openStore(join(dir, 'lattice.db'));
  const noteRepository = new NoteRepository(store.db);
  const search = new SearchRepository(store.db);
  const ctx = createContext(store, dir);
  const latencies: number[] = [];
  /** The reads' own cost, without the wait: what no pacing of the import can lower. */
  const readCosts: number[] = [];
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let isImporting = true;
  const queries = ['注意力', 'KV 缓存', 'softmax', '显存'];
  let asked = 0;
  // A read asked every 20 ms; its latency runs from when it was asked to when it was answered.
  const reader = (async () => {
    while (isImporting) {
      const askedAt = performance.now();
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      const readAt = performance.now();
      runSearch(ctx, search, { q: queries[asked % queries.length] ?? '注意力', limit: 20 });
      const first = noteRepository.list({})[0];
      if (first) noteRepository.get(first.id);
      asked++;
      latencies.push(performance.now() - askedAt);
      readCosts.push(performance.now() - readAt);
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
    }
  })();
  delay.enable();
  const started = performance.now();
  let written: number[] = [];
  const report = await importPathsAsync(store, [libraryDir], { deferMentions: (ids) => (written = ids) });
  const seconds = (performance.now() - started) / 1000;
  // Then, as the app does, the concept mentions of the notes written, as a background job.
  const mentionsStarted = performance.now();
  await indexMentionsAsync(store, written);
  const mentionsSeconds = (performance.now() - mentionsStarted) / 1000;
  isImporting = false;
  await reader;
  delay.disable();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      notes,
      added: report.added,
      importSeconds: Math.round(seconds * 10) / 10,
      mentionsSeconds: Math.round(mentionsSeconds * 10) / 10,
      reads: sorted.length,
      p50Ms: Math.round(percentile(sorted, 50)),
      p99Ms: Math.round(percentile(sorted, 99)),
      maxMs: Math.round(sorted.at(-1) ?? 0),
      longestStallMs: Math.round(delay.max / 1e6),
      readCostP50Ms: Math.round(
        percentile(
          [...readCosts].sort((a, b) => a - b),
          50,
        ),
      ),
      p99Target: percentile(sorted, 99) <= 100 ? 'met' : 'missed',
    }),
  );
}

/**
 * 3. The reader: the hostile notes that are imported, opened in Debian's
 * Chromium against the browser host. First screen: from asking for the note
 * to the reader marking its first screen painted (data-first-screen, set in
 * the frame after it is on the page); whole: until the last part is appended.
 * Polled from here, so a few milliseconds high. Target: first screen ≤ 1 s.
 */
async function readerFirstScreens(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'lattice-hostile-reader-'));
  const dataDir = join(work, 'data');
  const notesDir = join(work, 'notes');
  mkdirSync(notesDir, { recursive: true });
  for (const note of hostileNotes()) writeFileSync(join(notesDir, note.name), note.source);
  const lattice = openLattice({ dataDir });
  await lattice.call('library.import', { paths: [notesDir] });
  // The import's background work (concept mentions) is done, as it is once a person opens a note after an import.
  await lattice.idle();
  // BENCH_ONLY=formulas.md opens that note alone; BENCH_ONLY=emphasis.md,formulas.md those, in that order.
  const only = process.env.BENCH_ONLY?.split(',');
  const notes = (await lattice.call('notes.list', {}))
    .filter((n) => hostileNotes().some((h) => n.path === h.name) && (!only || only.includes(n.path)))
    .sort((a, b) => (only ? only.indexOf(a.path) - only.indexOf(b.path) : 0));
  lattice.close();
  const host = await startHost(dataDir);
  const browser = await chromium.launch({
    executablePath: process.env.LATTICE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.waitForSelector('.note-card');
    for (const note of notes) {
      await page.evaluate(() => (location.hash = '#/'));
      await page.waitForSelector('.note-card');
      // BENCH_PROFILE=DIR: the page's JavaScript sampled from asking for the note to its first screen (DIR/NAME.cpuprofile).
      const profiler = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
      if (profiler) {
        await profiler.send('Profiler.enable');
        await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
        await profiler.send('Profiler.start');
      }
      const asked = Date.now();
      await page.evaluate((id) => (location.hash = `#/note/${id}`), note.id);
      let firstMs: number | string = 'not within 60 s';
      let wholeMs: number | string = 'not within 60 s';
      try {
        await page.waitForSelector('.note-body[data-first-screen]', { state: 'attached', timeout: 60_000 });
        firstMs = Date.now() - asked;
        if (profiler) {
          const { profile } = await profiler.send('Profiler.stop');
          writeFileSync(join(process.env.BENCH_PROFILE ?? '', `${note.path}.cpuprofile`), JSON.stringify(profile));
          await profiler.detach();
        }
        await page.waitForSelector('.note-body[data-complete]', { state: 'attached', timeout: 60_000 });
        wholeMs = Date.now() - asked;
      } catch {
        // reported as not reached
      }
      // Then until the page answers again: the work placed after the whole note is on the page
      // (annotations, concept links, formulas on screen) holds the tab that long.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      const idleMs = Date.now() - asked;
      // Of which the wait for the store's answer (notes.open over HTTP).
      // And of a long note's head (painted as its first screen), with the note's details asked for alongside.
      const [answerMs, headAnswerMs] = await page.evaluate(() => {
        const at = (name: string): number => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
        const requested = at('lattice:note-requested');
        // A note short enough to come whole has no head: the last head mark is an earlier note's.
        const head = at('lattice:note-head-received');
        return [Math.round(at('lattice:note-received') - requested), head >= requested ? Math.round(head - requested) : NaN];
      });
      const isMet = typeof firstMs === 'number' && firstMs <= 1000;
      console.log(
        `${isMet ? 'met   ' : 'MISSED'} ${JSON.stringify({ name: note.path, firstScreenMs: firstMs, headAnswerMs: Number.isNaN(headAnswerMs) ? null : headAnswerMs, storeAnswerMs: answerMs, wholeNoteMs: wholeMs, pageIdleMs: idleMs })}`,
      );
    }
  } finally {
    await browser.close();
    await host.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'reader') {
  await readerFirstScreens();
} else if (process.argv[2] === 'note') {
  await importOneHostile(process.argv[3] ?? '');
} else if (process.argv[2] === 'reads') {
  await readsDuringImport();
} else {
  console.log(
    `Hostile notes, each imported alone beside an ordinary note (target: imported or refused within ${MAX_SECONDS} s and ${MAX_MB} MB)`,
  );
  for (const note of hostileNotes()) {
    try {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), 'note', note.name], {
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 1 << 24,
      });
      const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { seconds: number; peakMb: number };
      const isMet = result.seconds <= MAX_SECONDS && result.peakMb <= MAX_MB;
      console.log(`${isMet ? 'met   ' : 'MISSED'} ${out.trim().split('\n').at(-1)}`);
    } catch (error) {
      console.log(`MISSED ${note.name}: ${(error as Error).message.slice(0, 300)}`);
    }
  }
  console.log('Reads during an import (target: p99 ≤ 100 ms)');
  await readsDuringImport();
  console.log('The reader (target: first screen ≤ 1 s)');
  await readerFirstScreens();
}
