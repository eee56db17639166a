import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../db/open-store.js';
import { indexMentionsInBatches } from '../main/concepts/mentions.js';
import { importPaths, importPathsAsync } from '../main/import/import-notes.js';
import { appRoot } from '../main/app-paths.js';
import { DRILLS_MODES, inDrillsMode, modesOfRun, removeStore } from './drills-modes.js';
import { percentile } from './drill-sampling.js';
import type { DrillsMode } from './drills-modes.js';
import { ensureSyntheticLibrary } from './synthetic-library.js';

/**
 * npm run bench:import — imports a deterministic 10,000-note (~50 MB)
 * library into a fresh store and reports notes/s, MB/s and peak RSS, and
 * the time the concept mention index then takes (a background job in the app).
 * It measures the app's path — the async import, parsing on a worker thread
 * while the main thread writes — and, for comparison, the sync import (all
 * on one thread, as at first run and in tests) into another fresh store
 * (BENCH_SYNC=0 skips it). Then the same async import three ways, in turn
 * into fresh stores, BENCH_SHARE_RUNS (5) times each: with drills switched
 * off (LATTICE_BENCH_WITHOUT_DRILLS: no questions found, no cards written),
 * with questions found but no cards written (LATTICE_BENCH_WITHOUT_CARDS),
 * and with drills, for the share question finding alone and finding with
 * the cards take (issue 13: at most 10%; BENCH_WITHOUT_DRILLS=0 skips it).
 * Budget (DESIGN.md): ≤ 15 s for 10,000 notes on a 2-core machine.
 */

const NOTES = Number(process.env.BENCH_NOTES ?? 10_000);

/**
 * CPU seconds the main thread (the one that writes) has used, where Linux
 * tells it per thread (/proc/self/task/PID/stat; clock ticks of 1/100 s);
 * else undefined. Less noisy than wall time on a shared machine, and free
 * of the parse worker's share.
 */
function writingThreadCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    const ticks = Number(fields?.[11]) + Number(fields?.[12]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}
const libraryDir = join(appRoot(), 'bench-data', `library-${NOTES}`);

const generateStart = performance.now();
const { bytes } = ensureSyntheticLibrary(libraryDir, { notes: NOTES });
const generateSeconds = (performance.now() - generateStart) / 1000;

const dataDir = mkdtempSync(join(tmpdir(), 'lattice-bench-'));
const store = openStore(join(dataDir, 'lattice.db'));
/** Why the import parsed inline, if it did: then these are not the app's figures. */
const workerProblems: string[] = [];
const warn = (message: string): void => void workerProblems.push(message);
try {
  // As the app does it: the import, then the concept mention index as a background job.
  const start = performance.now();
  let written: number[] = [];
  const report = await importPathsAsync(store, [libraryDir], { deferMentions: (ids) => (written = ids), warn });
  const seconds = (performance.now() - start) / 1000;
  const indexStart = performance.now();
  for (const _ of indexMentionsInBatches(store, written)) {
    // the app yields to the event loop here; the benchmark just goes on
  }
  const indexSeconds = (performance.now() - indexStart) / 1000;

  const again = performance.now();
  const second = await importPathsAsync(store, [libraryDir], { warn });
  const reimportSeconds = (performance.now() - again) / 1000;

  let syncSeconds: number | undefined;
  if (process.env.BENCH_SYNC !== '0') {
    const syncStore = openStore(join(dataDir, 'sync.db'));
    try {
      const syncStart = performance.now();
      importPaths(syncStore, [libraryDir], { deferMentions: () => undefined });
      syncSeconds = (performance.now() - syncStart) / 1000;
    } finally {
      syncStore.close();
    }
  }

  // The drills share: imports into fresh stores with and without drills, alternately and each order
  // in turn, BENCH_SHARE_RUNS times each. Never the first import above: the first import of a
  // process runs cold (its code not yet compiled, the files not yet cached) and would charge
  // that to whichever side went first.
  const shareRuns = process.env.BENCH_WITHOUT_DRILLS === '0' ? 0 : Number(process.env.BENCH_SHARE_RUNS ?? 5);
  const wall: Record<DrillsMode, number[]> = { plain: [], finding: [], drills: [] };
  const cpu: Record<DrillsMode, number[]> = { plain: [], finding: [], drills: [] };
  const timedImport = async (mode: DrillsMode, run: number): Promise<void> => {
    const sharePath = join(dataDir, `share-${mode}-${run}.db`);
    const shareStore = openStore(sharePath);
    try {
      const shareStart = performance.now();
      const cpuStart = writingThreadCpuSeconds();
      await inDrillsMode(mode, () => importPathsAsync(shareStore, [libraryDir], { deferMentions: () => undefined, warn }));
      const cpuEnd = writingThreadCpuSeconds();
      if (cpuStart !== undefined && cpuEnd !== undefined) cpu[mode].push(cpuEnd - cpuStart);
      wall[mode].push((performance.now() - shareStart) / 1000);
    } finally {
      shareStore.close();
      removeStore(sharePath);
    }
  };
  for (let run = 0; run < shareRuns; run++) {
    for (const mode of modesOfRun(run)) await timedImport(mode, run);
  }
  const best = (values: number[]): number | undefined => (values.length === 0 ? undefined : Math.min(...values));
  const plainSeconds = best(wall.plain);
  const findingSeconds = best(wall.finding);
  const drillsSeconds = best(wall.drills);
  /**
   * The extra time of a mode over the import without drills, as a share of
   * that import: run by run, each mode against the import without drills of
   * its own run, and the median of those. The imports of a run follow each
   * other, so a slow spell of this shared VM (a run of any mode can take 30%
   * longer than the next) weighs on both sides of each difference; the best
   * times of each mode would pair imports of different runs, and the one
   * lucky run of the import without drills would inflate every share.
   */
  const pairedShares = (of: Record<DrillsMode, number[]>, mode: DrillsMode): number[] =>
    of.plain.length === of[mode].length
      ? of[mode].map((t, run) => ((t - (of.plain[run] as number)) / (of.plain[run] as number)) * 100)
      : [];
  /** The median (nearest rank: the lower middle of an even count), undefined for no runs. */
  const median = (values: number[]): number | undefined =>
    values.length === 0
      ? undefined
      : percentile(
          [...values].sort((a, b) => a - b),
          50,
        );
  const pairedShare = (of: Record<DrillsMode, number[]>, mode: DrillsMode): string => {
    const shares = pairedShares(of, mode);
    const middle = median(shares);
    return middle === undefined ? 'skipped' : `${middle.toFixed(1)}% (runs: ${shares.map((share) => `${share.toFixed(1)}%`).join(', ')})`;
  };
  const medianShare = (mode: DrillsMode): number | null => {
    const middle = median(pairedShares(wall, mode));
    return middle === undefined ? null : Number(middle.toFixed(1));
  };
  const shareRows = (label: string, mode: DrillsMode, budget: string): string[][] => [
    [label, shareRuns === 0 ? 'skipped' : `${pairedShare(wall, mode)}${budget}`],
    ['  writing thread CPU, the same', shareRuns === 0 || cpu.plain.length === 0 ? 'not measured' : pairedShare(cpu, mode)],
  ];
  const listed = (of: Record<DrillsMode, number[]>): string =>
    DRILLS_MODES.map((mode) => (best(of[mode]) ?? 0).toFixed(2)).join(' s / ') +
    ` s (runs: ${DRILLS_MODES.map((mode) => of[mode].map((t) => t.toFixed(2)).join(', ')).join(' / ')})`;
  const cards = store.db.prepare('SELECT COUNT(*) FROM cards').pluck().get() as number;
  const sources = store.repositories.cards.sources.count();

  const mb = bytes / 1024 / 1024;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const rows = [
    ['notes', String(report.added)],
    ['library size', `${mb.toFixed(1)} MB`],
    ['import time', `${seconds.toFixed(2)} s (budget 15 s)`],
    ['cards made', `${cards} (+ ${sources} extra sources)`],
    [`without drills / finding only / with drills (best of ${shareRuns} runs)`, shareRuns === 0 ? 'skipped' : listed(wall)],
    ['writing thread CPU, the same', shareRuns === 0 || cpu.plain.length === 0 ? 'not measured' : listed(cpu)],
    ...shareRows('question finding alone, run by run (median)', 'finding', ''),
    ...shareRows('drills share (finding + cards), run by run (median)', 'drills', '; budget 10%'),
    ['parse worker', workerProblems.length === 0 ? 'yes' : `no: ${workerProblems.join('; ')}`],
    ['sync import (one thread)', syncSeconds === undefined ? 'skipped' : `${syncSeconds.toFixed(2)} s`],
    ['+ concept index (background)', `${indexSeconds.toFixed(2)} s`],
    ['notes/s', (report.added / seconds).toFixed(0)],
    ['MB/s', (mb / seconds).toFixed(2)],
    ['re-import (unchanged)', `${reimportSeconds.toFixed(2)} s, ${second.unchanged} unchanged`],
    ['failed', String(report.failed.length)],
    ['peak RSS', `${peakRssMb.toFixed(0)} MB`],
    ['(library generation)', `${generateSeconds.toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => (k ?? '').length)) + 2;
  for (const [k, v] of rows) console.log(`${(k ?? '').padEnd(width)}${v ?? ''}`);
  console.log(
    JSON.stringify({
      bench: 'import',
      notes: report.added,
      mb: Number(mb.toFixed(1)),
      seconds: Number(seconds.toFixed(2)),
      notesPerSecond: Math.round(report.added / seconds),
      mbPerSecond: Number((mb / seconds).toFixed(2)),
      reimportSeconds: Number(reimportSeconds.toFixed(2)),
      conceptIndexSeconds: Number(indexSeconds.toFixed(2)),
      parseWorker: workerProblems.length === 0,
      syncSeconds: syncSeconds === undefined ? null : Number(syncSeconds.toFixed(2)),
      withoutDrillsSeconds: plainSeconds === undefined ? null : Number(plainSeconds.toFixed(2)),
      findingOnlySeconds: findingSeconds === undefined ? null : Number(findingSeconds.toFixed(2)),
      withDrillsSeconds: drillsSeconds === undefined ? null : Number(drillsSeconds.toFixed(2)),
      findingSharePercent: medianShare('finding'),
      drillsSharePercent: medianShare('drills'),
      cards,
      cardSources: sources,
      peakRssMb: Math.round(peakRssMb),
    }),
  );
  if (report.failed.length > 0 || workerProblems.length > 0) process.exitCode = 1;
} finally {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
