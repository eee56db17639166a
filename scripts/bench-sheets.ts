/**
 * npm run bench:sheets — exporting a 30-page cheat sheet to PDF (budget ≤ 5 s).
 *
 * A fresh data directory with the starter library; one sheet, two columns,
 * A4, 9 pt, filled with every section of every starter note (formulas,
 * tables, code, Mermaid diagrams) until the PDF has at least 30 pages. The
 * diagrams are drawn once beforehand, as the app's renderer does (it caches
 * drawings by source hash and hands them to the export); the timed part is
 * what a person waits for after pressing "Export PDF": resolving the items,
 * building the self-contained HTML, and printing it in headless Chromium.
 * The CLI's path, which also draws the diagrams, is timed as well.
 *
 * Environment: LATTICE_CHROMIUM (default: found like the app finds it),
 * BENCH_RUNS (default 3; the median is reported).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLattice } from '../main/app.js';
import { starterNotesDir } from '../main/app-paths.js';
import { drawDiagramsWithChromium, findChromium, findMermaidBundle } from '../main/sheets/chromium.js';

const TARGET_PAGES = 30;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Pages of a PDF, counted from its page objects. */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const chromium = findChromium();
  const bundle = findMermaidBundle();
  if (!chromium || !bundle) throw new Error('bench:sheets needs Chromium (LATTICE_CHROMIUM) and node_modules/mermaid');
  const dataDir = mkdtempSync(join(tmpdir(), 'lattice-bench-sheets-'));
  const app = openLattice({ dataDir, starterDir: starterNotesDir() });
  try {
    const sheet = await app.call('sheets.create', { title: 'Bench · 面试速查 30 页', layout: { columns: 2, paper: 'A4', fontSize: 9 } });
    const notes = await app.call('notes.list', {});
    const sections: { noteId: number; slug: string }[] = [];
    for (const summary of notes) {
      const note = await app.call('notes.get', { id: summary.id });
      for (const s of note.sectionList) if (s.level >= 2) sections.push({ noteId: note.id, slug: s.slug });
    }
    let added = 0;
    let pages = 0;
    let svgs: Record<string, string> = {};
    const fill = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        const s = sections[added % sections.length] as { noteId: number; slug: string };
        await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId: s.noteId, section: s.slug } });
        added++;
      }
    };
    await fill(sections.length);
    for (;;) {
      const { diagrams } = await app.call('sheets.diagrams', { id: sheet.id });
      const missing = diagrams.filter((d) => !(d.hash in svgs));
      svgs = { ...svgs, ...Object.fromEntries(await drawDiagramsWithChromium(missing, chromium, bundle)) };
      const pdf = await app.call('sheets.export', { id: sheet.id, format: 'pdf', svgs });
      pages = pageCount(Buffer.from(pdf.content ?? '', 'base64'));
      if (pages >= TARGET_PAGES) break;
      await fill(Math.ceil((added * (TARGET_PAGES - pages)) / Math.max(pages, 1)) + 1);
    }

    const timed: number[] = [];
    let last: Buffer = Buffer.alloc(0);
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const pdf = await app.call('sheets.export', { id: sheet.id, format: 'pdf', svgs });
      timed.push((performance.now() - started) / 1000);
      last = Buffer.from(pdf.content, 'base64');
    }
    const cli: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await app.call('sheets.export', { id: sheet.id, format: 'pdf' });
      cli.push((performance.now() - started) / 1000);
    }
    const out = join(tmpdir(), 'lattice-bench-sheet.pdf');
    writeFileSync(out, last);
    const items = (await app.call('sheets.get', { id: sheet.id })).items.length;
    console.log(`sheet: ${items} items, ${Object.keys(svgs).length} diagrams, ${pageCount(last)} pages (A4, 2 columns, 9 pt) → ${out}`);
    console.log(
      `export PDF, diagrams drawn by the app:   ${median(timed).toFixed(2)} s median of ${RUNS} (${timed.map((t) => t.toFixed(2)).join(', ')})   budget ≤ 5 s`,
    );
    console.log(
      `export PDF, CLI (draws diagrams too):    ${median(cli).toFixed(2)} s median of ${RUNS} (${cli.map((t) => t.toFixed(2)).join(', ')})`,
    );
  } finally {
    await app.idle();
    app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
