import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { appRoot } from '../main/app-paths.js';
import { openLattice } from '../main/app.js';
import { startHost } from './host-process.js';
import { ensureSyntheticLibrary } from './synthetic-library.js';

/**
 * npm run bench:memory — the memory budget of DESIGN.md: a 10,000-note
 * library, idle, ≤ 350 MB across all processes. It imports the synthetic
 * library of bench:import into a fresh data directory, starts the browser
 * host, opens the library and a note in Chromium, waits, and sums the memory
 * of the host and of every Chromium process.
 *
 * Each process is counted by its proportional set size (PSS: shared pages
 * split between the processes sharing them), because Chromium's processes
 * share most of their code and adding their RSS would count it many times.
 * RSS sums are printed too. Linux only (/proc).
 */

const NOTES = Number(process.env.BENCH_NOTES ?? 10_000);
const IDLE_MS = 10_000;
const root = appRoot();
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Usage {
  pssMb: number;
  rssMb: number;
  processes: number;
}

function readKb(file: string, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0; // the process ended while we looked
  }
}

/** Every live process whose ancestry includes `pid`, itself included. */
function processTree(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may hold spaces and parentheses; the parent pid follows the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // gone already
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  return tree.filter((p) => existsSync(`/proc/${p}`));
}

function usageOf(pids: number[]): Usage {
  let pss = 0;
  let rss = 0;
  for (const pid of pids) {
    pss += readKb(`/proc/${pid}/smaps_rollup`, 'Pss');
    rss += readKb(`/proc/${pid}/status`, 'VmRSS');
  }
  return { pssMb: pss / 1024, rssMb: rss / 1024, processes: pids.length };
}

const libraryDir = join(root, 'bench-data', `library-${NOTES}`);
ensureSyntheticLibrary(libraryDir, { notes: NOTES });
const work = mkdtempSync(join(tmpdir(), 'lattice-bench-memory-'));
const dataDir = join(work, 'data');
try {
  const importStart = performance.now();
  const lattice = openLattice({ dataDir });
  await lattice.call('library.import', { paths: [libraryDir] });
  await lattice.idle();
  const notes = await lattice.call('notes.list', {});
  lattice.close();
  console.log(`imported ${notes.length} notes in ${((performance.now() - importStart) / 1000).toFixed(1)} s`);
  const someNote = notes.find((n) => n.formulas > 0 && n.diagrams > 0) ?? notes[0];
  if (!someNote) throw new Error('nothing imported');

  const host = await startHost(dataDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    // Chromium's own cost, for scale: the same browser showing a blank page.
    const page = await browser.newPage();
    await page.setContent('<p>Lattice</p>');
    await page.waitForTimeout(3_000);
    const hostPidsBefore = processTree(host.pid);
    const blank = usageOf(processTree(process.pid).filter((pid) => pid !== process.pid && !hostPidsBefore.includes(pid)));
    // As a person would: the library of 10,000 notes, one note with its math and diagram, back to the library.
    await page.goto(host.url);
    await page.locator('.note-card').first().waitFor();
    await page.evaluate((id) => (location.hash = `#/note/${id}`), someNote.id);
    await page.locator('.note-body').first().waitFor();
    await page.waitForTimeout(2_000);
    await page.evaluate(() => (location.hash = '#/'));
    await page.locator('.note-card').first().waitFor();
    await page.waitForTimeout(IDLE_MS);

    // Chromium runs as children of this script (Playwright launched it); the host is ours too but counted apart.
    const hostPids = processTree(host.pid);
    const browserPids = processTree(process.pid).filter((pid) => pid !== process.pid && !hostPids.includes(pid));
    const hostUsage = usageOf(hostPids);
    const browserUsage = usageOf(browserPids);
    const total = hostUsage.pssMb + browserUsage.pssMb;
    const row = (name: string, u: Usage): string =>
      `${name.padEnd(28)}${u.pssMb.toFixed(0).padStart(6)} MB PSS  ${u.rssMb.toFixed(0).padStart(6)} MB RSS  (${u.processes} processes)`;
    console.log(row('browser host (Node)', hostUsage));
    console.log(row('Chromium (all processes)', browserUsage));
    console.log(`${'total, idle'.padEnd(28)}${total.toFixed(0).padStart(6)} MB PSS  (budget 350 MB)`);
    console.log(row('(Chromium on a blank page)', blank));
    console.log(
      `${"Lattice's share".padEnd(28)}${(total - blank.pssMb).toFixed(0).padStart(6)} MB PSS  (total minus the blank-page browser)`,
    );
    console.log(
      JSON.stringify({
        bench: 'memory',
        notes: notes.length,
        hostPssMb: Math.round(hostUsage.pssMb),
        browserPssMb: Math.round(browserUsage.pssMb),
        totalPssMb: Math.round(total),
        blankBrowserPssMb: Math.round(blank.pssMb),
        latticeShareMb: Math.round(total - blank.pssMb),
      }),
    );
  } finally {
    await browser.close();
    await host.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
