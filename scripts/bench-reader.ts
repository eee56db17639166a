/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { openLattice } from '../main/app.js';
import { startHost } from './host-process.js';

/**
 * npm run bench:reader — the reader's budgets (DESIGN.md), measured in
 * Debian's Chromium against the browser host:
 *   host start → first note painted        ≤ 1 s
 *   a note with 100 formulas painted       ≤ 150 ms
 *   a cached Mermaid diagram re-shown      ≤ 100 ms
 * Figures are medians over several runs; this is a measurement, not a test.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const chromiumPath = process.env.LATTICE_CHROMIUM ?? '/usr/bin/chromium';
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

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

/** From a trace of one note opening: ms from the request to the first paint after the note is on screen, and to all math typeset. */
function paintTiming(trace: TraceFile, id: number): { painted: number; complete: number } {
  const mark = (name: string): number => trace.traceEvents.find((e) => e.name === name && (e.cat ?? '').includes('user_timing'))?.ts ?? NaN;
  const requested = mark('lattice:note-requested');
  const onScreen = mark(`lattice:note-on-screen:${id}`);
  const paint = trace.traceEvents.filter((e) => e.name === 'Paint' && e.ph === 'X' && e.ts >= onScreen).sort((a, b) => a.ts - b.ts)[0];
  return {
    painted: paint ? (paint.ts + (paint.dur ?? 0) - requested) / 1000 : NaN,
    complete: (mark(`lattice:math-complete:${id}`) - requested) / 1000,
  };
}

function formulaNote(): string {
  const lines = ['# 一百个公式', ''];
  for (let i = 0; i < 100; i++) {
    lines.push(i % 4 === 0 ? `$$\\mathrm{softmax}\\left(\\frac{QK^\\top_{${i}}}{\\sqrt{d_k}}\\right)V_{${i}} = \\sum_{j=1}^{n} \\alpha_{${i}j} v_j$$` : `第 ${i} 个：$\\frac{x_{${i}}}{\\sqrt{d_k}} + \\beta_{${i}}$ 以及后面的文字。`, '');
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

  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const startup: number[] = [];
  const formulas: number[] = [];
  const formulasComplete: number[] = [];
  const diagrams: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // The browser tab exists before the host starts: opening a tab is the browser's cost, not Lattice's.
    const page = await browser.newPage();
    const host = await startHost(dataDir);
    // Host start → first note painted: open the app, then the first note, until its text and math are on screen.
    await page.goto(host.url, { waitUntil: 'domcontentloaded' });
    await page.evaluate((id) => (location.hash = `#/note/${id}`), diagramId);
    await page.locator('.note-body .katex').first().waitFor();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    startup.push(performance.now() - host.startedAt);

    // A note with 100 formulas: from the click to the first frame painted
    // with its text and typeset math (read from Chromium's own trace), and to
    // every formula of the note typeset (the reader does the rest in the background).
    const measure = (id: number, selector: string, count: number): Promise<number> =>
      page.evaluate(
        ({ id, selector, count }) =>
          new Promise<number>((resolve) => {
            const t0 = performance.now();
            location.hash = `#/note/${id}`;
            const check = (): void => {
              if (document.querySelectorAll(selector).length >= count) {
                requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
              } else requestAnimationFrame(check);
            };
            check();
          }),
        { id, selector, count },
      );
    await page.evaluate((id) => (location.hash = `#/note/${id}`), plainId);
    await page.locator('.note-body h1').waitFor();
    await page.waitForTimeout(300);
    const tracePath = join(work, `trace-${run}.json`);
    await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'blink.user_timing'] });
    await page.evaluate((id) => (location.hash = `#/note/${id}`), formulaId);
    await page.waitForFunction((id) => performance.getEntriesByName(`lattice:math-complete:${id}`).length > 0, formulaId);
    await browser.stopTracing();
    const timing = paintTiming(JSON.parse(readFileSync(tracePath, 'utf8')) as TraceFile, formulaId);
    formulas.push(timing.painted);
    formulasComplete.push(timing.complete);

    // Cached diagram: it was drawn on the first note; leave and come back.
    await page.evaluate((id) => (location.hash = `#/note/${id}`), diagramId);
    await page.locator('.mermaid-block .diagram svg').first().waitFor();
    await page.evaluate((id) => (location.hash = `#/note/${id}`), plainId);
    await page.locator('.note-body h1').waitFor();
    diagrams.push(await measure(diagramId, '.mermaid-block .diagram svg', 1));

    await page.close();
    host.stop();
  }
  await browser.close();
  const row = (name: string, values: number[], budget: number): string =>
    `${name.padEnd(38)}${median(values).toFixed(0).padStart(6)} ms   (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}; budget ${budget} ms)`;
  console.log(row('host start → first note painted', startup, 1000));
  console.log(row('100-formula note painted (first frame)', formulas, 150));
  console.log(row('  … all 100 formulas typeset', formulasComplete, 150));
  console.log(row('cached Mermaid diagram re-shown', diagrams, 100));
  console.log(JSON.stringify({ bench: 'reader', runs: RUNS, startupMs: Math.round(median(startup)), formulaNoteMs: Math.round(median(formulas)), formulaNoteCompleteMs: Math.round(median(formulasComplete)), cachedDiagramMs: Math.round(median(diagrams)) }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
