/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openLattice } from '../main/app.js';
import { startHost } from './host-process.js';
import type { HostProcess } from './host-process.js';

/**
 * npm run bench:reader — the reader's budgets (DESIGN.md), measured in
 * Debian's Chromium against the browser host:
 *   host start → first note painted        ≤ 1 s
 *   a note with 100 formulas painted       ≤ 150 ms
 *   a cached Mermaid diagram re-shown      ≤ 100 ms
 * "Painted" is read from Chromium's own trace: the end of the first Paint
 * after the reader marked the content as on the page (its text, the math on
 * screen typeset, the diagram inserted), so neither polling from here nor
 * frame callbacks add to a figure. Medians over several runs; this is a
 * measurement, not a test.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const chromiumPath = process.env.LATTICE_CHROMIUM ?? '/usr/bin/chromium';
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const TRACE_CATEGORIES = ['devtools.timeline', 'blink.user_timing'];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  cat?: string;
}
interface TraceFile {
  traceEvents: TraceEvent[];
}

/** A recorded stretch of the page's life, to read marks and paints from (timestamps in µs). */
class Trace {
  constructor(private readonly events: TraceEvent[]) {}

  static read(path: string): Trace {
    return new Trace((JSON.parse(readFileSync(path, 'utf8')) as TraceFile).traceEvents);
  }

  /** When the page last set the performance mark `name` (NaN if it never did). */
  mark(name: string): number {
    const marks = this.events.filter((e) => e.name === name && (e.cat ?? '').includes('user_timing')).map((e) => e.ts);
    return marks.length ? Math.max(...marks) : NaN;
  }

  /** When the first Paint that began at or after `ts` ended. */
  paintedAfter(ts: number): number {
    const paint = this.events.filter((e) => e.name === 'Paint' && e.ph === 'X' && e.ts >= ts).sort((a, b) => a.ts - b.ts)[0];
    return paint ? paint.ts + (paint.dur ?? 0) : NaN;
  }
}

function formulaNote(): string {
  const lines = ['# 一百个公式', ''];
  for (let i = 0; i < 100; i++) {
    lines.push(
      i % 4 === 0
        ? `$$\\mathrm{softmax}\\left(\\frac{QK^\\top_{${i}}}{\\sqrt{d_k}}\\right)V_{${i}} = \\sum_{j=1}^{n} \\alpha_{${i}j} v_j$$`
        : `第 ${i} 个：$\\frac{x_{${i}}}{\\sqrt{d_k}} + \\beta_{${i}}$ 以及后面的文字。`,
      '',
    );
  }
  return lines.join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'lattice-bench-reader-'));
const dataDir = join(work, 'data');
const notesDir = join(work, 'notes');
try {
  // Prepare the data directory once (starter library + the 100-formula note) so start-up is a warm start.
  const { mkdirSync } = await import('node:fs');
  mkdirSync(notesDir, { recursive: true });
  writeFileSync(join(notesDir, 'hundred-formulas.md'), formulaNote());
  const lattice = openLattice({ dataDir });
  await lattice.call('library.import', { paths: [notesDir] });
  const notes = await lattice.call('notes.list', {});
  lattice.close();
  const formulaId = notes.find((n) => n.title === '一百个公式')?.id;
  const diagramId = notes.find((n) => n.diagrams > 0)?.id;
  const plainId = notes.find((n) => n.diagrams === 0 && n.id !== formulaId)?.id;
  if (!formulaId || !diagramId || !plainId) throw new Error('benchmark notes missing');

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const tracePath = join(work, 'trace.json');
  const traced = async (page: Page, action: () => Promise<void>): Promise<Trace> => {
    await browser.startTracing(page, { path: tracePath, categories: TRACE_CATEGORIES });
    await action();
    await page.waitForTimeout(200); // let the frames after it be recorded
    await browser.stopTracing();
    return Trace.read(tracePath);
  };
  const onScreen = (page: Page, id: number): Promise<unknown> =>
    page.waitForFunction((id) => performance.getEntriesByName(`lattice:note-on-screen:${id}`).length > 0, id);

  /**
   * Host start → first note painted, in a tab that exists before the host
   * starts (opening a tab is the browser's cost, not Lattice's): open the app,
   * then the first note, until its text and on-screen math are painted. The
   * trace's clock is tied to wall-clock time through the on-screen mark, which
   * both clocks saw. Leaves the host running, for the caller to use and stop.
   */
  const measureStartup = async (page: Page, port: number): Promise<{ ms: number; host: HostProcess }> => {
    // A person does not start Lattice while the browser is still tearing down the last tab's process.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let host: HostProcess | undefined;
    const trace = await traced(page, async () => {
      host = await startHost(dataDir, port);
      await page.goto(host.url, { waitUntil: 'domcontentloaded' });
      await page.evaluate((id) => (location.hash = `#/note/${id}`), diagramId);
      await onScreen(page, diagramId);
    });
    if (!host) throw new Error('host did not start');
    const mark = `lattice:note-on-screen:${diagramId}`;
    const markWallClock = await page.evaluate(
      (name) => performance.timeOrigin + (performance.getEntriesByName(name)[0]?.startTime ?? NaN),
      mark,
    );
    const paintedWallClock = markWallClock + (trace.paintedAfter(trace.mark(mark)) - trace.mark(mark)) / 1000;
    return { ms: paintedWallClock - (performance.timeOrigin + host.startedAt), host };
  };

  // Launched again on the port it had (as `lattice serve` does by default),
  // the browser has the app's hashed scripts cached and compiled: the usual
  // case after the first launch. One launch first fills the cache and picks the port.
  // (browser.newPage() would open a fresh context each time, with an empty cache.)
  const returning = await browser.newContext();
  let samePort: number;
  {
    const page = await returning.newPage();
    const { host } = await measureStartup(page, 0);
    samePort = Number(new URL(host.url).port);
    await host.stop();
    await page.close();
  }

  const startup: number[] = [];
  const relaunch: number[] = [];
  const formulas: number[] = [];
  const formulasComplete: number[] = [];
  const diagrams: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const again = await returning.newPage();
    const second = await measureStartup(again, samePort);
    relaunch.push(second.ms);
    await second.host.stop();
    await again.close();

    const page = await browser.newPage();
    const first = await measureStartup(page, 0);
    startup.push(first.ms);
    /** Opens a note the way a link does, marking the moment for the trace. */
    const open = (id: number): Promise<void> =>
      page.evaluate((id) => {
        performance.mark('bench:open');
        location.hash = `#/note/${id}`;
      }, id);

    // A note with 100 formulas: from the click to the first frame painted with
    // its text and the math on screen typeset, and to every formula typeset
    // (the reader does the rest in the background, after that first frame).
    await open(plainId);
    await onScreen(page, plainId);
    await page.waitForTimeout(300);
    const formulaTrace = await traced(page, async () => {
      await open(formulaId);
      await page.waitForFunction((id) => performance.getEntriesByName(`lattice:math-complete:${id}`).length > 0, formulaId);
    });
    const formulaOpened = formulaTrace.mark('bench:open');
    formulas.push((formulaTrace.paintedAfter(formulaTrace.mark(`lattice:note-on-screen:${formulaId}`)) - formulaOpened) / 1000);
    formulasComplete.push((formulaTrace.mark(`lattice:math-complete:${formulaId}`) - formulaOpened) / 1000);

    // Cached diagram: it was drawn on the first note; leave and come back, until
    // the frame that shows the note with its diagram is painted.
    await open(diagramId);
    await page.locator('.mermaid-block .diagram svg').first().waitFor();
    await open(plainId);
    await onScreen(page, plainId);
    await page.waitForTimeout(300);
    const diagramTrace = await traced(page, async () => {
      await open(diagramId);
      await page.locator('.mermaid-block .diagram svg').first().waitFor();
    });
    const shown = Math.max(diagramTrace.mark(`lattice:note-on-screen:${diagramId}`), diagramTrace.mark('lattice:diagram-shown'));
    diagrams.push((diagramTrace.paintedAfter(shown) - diagramTrace.mark('bench:open')) / 1000);

    await page.close();
    await first.host.stop();
  }
  await returning.close();
  await browser.close();
  const row = (name: string, values: number[], budget: number): string =>
    `${name.padEnd(38)}${median(values).toFixed(0).padStart(6)} ms   (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}; budget ${budget} ms)`;
  console.log(row('host start → first note painted', startup, 1000));
  console.log(row('  … relaunched on the same port', relaunch, 1000));
  console.log(row('100-formula note painted (first frame)', formulas, 150));
  console.log(
    `${'  … all 100 formulas typeset (background)'.padEnd(38)}${median(formulasComplete).toFixed(0).padStart(6)} ms   (min ${Math.min(...formulasComplete).toFixed(0)}, max ${Math.max(...formulasComplete).toFixed(0)})`,
  );
  console.log(row('cached Mermaid diagram re-shown', diagrams, 100));
  console.log(
    JSON.stringify({
      bench: 'reader',
      runs: RUNS,
      startupMs: Math.round(median(startup)),
      relaunchMs: Math.round(median(relaunch)),
      formulaNoteMs: Math.round(median(formulas)),
      formulaNoteCompleteMs: Math.round(median(formulasComplete)),
      cachedDiagramMs: Math.round(median(diagrams)),
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
