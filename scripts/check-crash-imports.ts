import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../db/open-store.js';
import { CardRepository } from '../db/repositories/cards.js';
import { StoreHealthRepository } from '../db/repositories/store-health.js';
import { appRoot } from '../main/app-paths.js';
import { seededRng } from './anchoring-edits.js';
import { crashLibraryFiles, writeCrashLibrary } from './crash-library.js';
import type { CrashVersion } from './crash-library.js';
import { recordGolden, verifyStore } from './crash-store-check.js';
import type { Golden, StoreVerdict } from './crash-store-check.js';
import { startHost } from './host-process.js';
import { hostClient } from './host-client.js';

/**
 * SIGKILL in the middle of imports, many times, and after each kill the store
 * must open, pass SQLite's checks and hold only whole notes (crash-store-check.ts).
 * Two ways in, alternating chain by chain: `lattice import` from a terminal,
 * and the browser host importing a folder uploaded by its page. Within a
 * chain the same data directory is killed CRASH_CHAIN times, importing the
 * library's two versions in turn (so later imports update, keep and orphan
 * cards, replace search rows), then imported once more to the end: it must
 * then hold every note of that version, whole (a store that only survives
 * but cannot finish is a failure too). Kill times are drawn from clean
 * imports of the same kind (see killTime): spread over start-up, migrations,
 * the starter library, scanning, parsing, writing, the concept mentions and
 * closing, with half of them while notes are being committed. One chain in
 * four starts from an empty data directory, so kills also land in the
 * migrations and the starter library's import; the others from a copy of a
 * store that has only the starter library.
 *
 * Knobs: CRASH_IMPORT_KILLS (200), CRASH_NOTES (30 notes of ~2.5 KB),
 * CRASH_CHAIN (5), CRASH_SEED (random; printed, to replay a run).
 */

const KILLS = Number(process.env.CRASH_IMPORT_KILLS ?? 200);
const NOTES = Number(process.env.CRASH_NOTES ?? 30);
const CHAIN = Number(process.env.CRASH_CHAIN ?? 5);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

type Mode = 'cli' | 'host';

interface Run {
  /** Whether SIGKILL ended it (false: it finished before its kill time). */
  isKilled: boolean;
  /** performance.now() when its kill clock started, and how long it ran from there. */
  startedAt: number;
  ms: number;
}

/** `lattice ARGS… --data-dir DIR`, killed after `killAfterMs` unless it finished first. */
function runCli(args: string[], dataDir: string, killAfterMs?: number): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(appRoot(), 'bin', 'lattice.js'), ...args, '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (signal === 'SIGKILL') return resolve({ isKilled: true, startedAt: started, ms });
      if (code !== 0) return reject(new Error(`lattice ${args[0]} exited ${code}: ${stderr.slice(0, 500)}`));
      resolve({ isKilled: false, startedAt: started, ms });
    });
  });
}

/** The browser host importing the library uploaded at `version`; the host is killed `killAfterMs` after the upload is sent. */
async function runHostUpload(dataDir: string, version: CrashVersion, killAfterMs?: number): Promise<Run> {
  const host = await startHost(dataDir, 0, true);
  const files = crashLibraryFiles(NOTES, version);
  const started = performance.now();
  let isKilled = false;
  // An upload answered before its kill time is killed at that time all the same: the concept mentions run on in the background.
  const killed =
    killAfterMs === undefined
      ? Promise.resolve()
      : new Promise<void>((resolve) =>
          setTimeout(() => {
            isKilled = true;
            try {
              process.kill(host.pid, 'SIGKILL');
            } catch {
              // already gone: stop() below reports how
            }
            resolve();
          }, killAfterMs),
        );
  try {
    await hostClient(host.url).call('library.importUpload', { name: 'crash', files, allPaths: files.map((file) => file.path) });
  } catch (error) {
    if (!isKilled) throw error;
  }
  const ms = performance.now() - started;
  await killed;
  // stop() waits for the process to be gone (its SIGTERM reaches no one after a SIGKILL).
  await host.stop();
  return { isKilled, startedAt: started, ms };
}

async function runOnce(mode: Mode, libraryDir: string, dataDir: string, version: CrashVersion, killAfterMs?: number): Promise<Run> {
  if (mode === 'host') return runHostUpload(dataDir, version, killAfterMs);
  writeCrashLibrary(libraryDir, NOTES, version);
  return runCli(['import', libraryDir], dataDir, killAfterMs);
}

/**
 * Watches the store in `dataDir` while an unkilled import runs, from another
 * connection (WAL lets it read while the import writes): when the first and
 * the last note of `version` became visible, i.e. were committed.
 */
function watchCommits(dataDir: string, version: CrashVersion): () => { first: number; last: number } {
  const hashes = new Set(
    crashLibraryFiles(NOTES, version).map((file) => createHash('sha256').update(Buffer.from(file.content, 'utf8')).digest('hex')),
  );
  let db: BetterSqlite3.Database | undefined;
  let health: StoreHealthRepository | undefined;
  let seen = -1;
  let first = Number.NaN;
  let last = Number.NaN;
  const poll = (): void => {
    try {
      db ??= new BetterSqlite3(join(dataDir, 'lattice.db'), { readonly: true, fileMustExist: true });
      health ??= new StoreHealthRepository(db);
      const count = health.countAt(hashes);
      if (seen === -1) seen = count;
      if (count > seen && Number.isNaN(first)) first = performance.now();
      if (count === NOTES && Number.isNaN(last)) last = performance.now();
      seen = Math.max(seen, count);
    } catch {
      // not created or not migrated yet
    }
  };
  const timer = setInterval(poll, 5);
  return () => {
    clearInterval(timer);
    poll();
    db?.close();
    return { first, last };
  };
}

function ensureClean(verdict: StoreVerdict, what: string, version: CrashVersion): void {
  const problems = [...verdict.storeProblems, ...verdict.noteProblems, ...verdict.mentionProblems];
  if (problems.length > 0 || verdict.atVersion[version] !== NOTES) {
    throw new Error(
      `${what}: a clean import does not pass the checks itself (${verdict.atVersion[version]}/${NOTES} notes at ${version}): ${problems.slice(0, 5).join('; ')}`,
    );
  }
}

/**
 * What an attempt has to do: load the starter library into a fresh data
 * directory first, add the library to a store that has only the starter
 * library, or update it to the other version.
 */
type Work = 'starter' | 'adds' | 'updates';

interface CleanRuns {
  golden: Golden;
  /** A data directory holding only the starter library: most chains start from a copy (the starter import is long, and one chain in four covers it). */
  template: string;
  /** How long each kind of import takes unkilled, and when its notes were committed (ms from its start): see killTime. */
  windowMs: Record<`${Mode}:${Work}`, { end: number; firstCommit: number; lastCommit: number }>;
}

/**
 * Clean imports, never killed: their facts are what every note must equal, and
 * their durations set each kind's kill window. Each way in is also checked as
 * the kills will be, so the checks are known to pass a store nothing killed.
 */
async function cleanRuns(work: string): Promise<CleanRuns> {
  const golden: Golden = new Map();
  const libraryDir = join(work, 'clean-library');
  const template = join(work, 'template');
  await runCli(['stats'], template);
  const windowMs = {} as CleanRuns['windowMs'];
  const timed = async (mode: Mode, work: Work, dataDir: string, version: CrashVersion): Promise<void> => {
    const stopWatching = watchCommits(dataDir, version);
    const run = await runOnce(mode, libraryDir, dataDir, version);
    const commits = stopWatching();
    if (Number.isNaN(commits.first) || Number.isNaN(commits.last)) throw new Error(`${mode} ${work}: the notes' commits were not seen`);
    windowMs[`${mode}:${work}`] = { end: run.ms, firstCommit: commits.first - run.startedAt, lastCommit: commits.last - run.startedAt };
  };
  for (const mode of ['cli', 'host'] as const) {
    const fresh = join(work, `clean-${mode}-fresh`);
    const fromTemplate = join(work, `clean-${mode}`);
    cpSync(template, fromTemplate, { recursive: true });
    await timed(mode, 'starter', fresh, 'a');
    recordGolden(golden, fresh, 'a');
    await timed(mode, 'adds', fromTemplate, 'a');
    await timed(mode, 'updates', fromTemplate, 'b');
    recordGolden(golden, fromTemplate, 'b');
    await runOnce(mode, libraryDir, fromTemplate, 'a');
    ensureClean(verifyStore(fromTemplate, golden, true), `${mode}: a, b, a`, 'a');
    ensureClean(verifyStore(fresh, golden, true), `${mode}: a into a fresh data directory`, 'a');
  }
  seesHalfNotes(join(work, 'clean-cli'), golden);
  // The host's answer comes before its background job (the concept mentions) ends: its windows reach past it.
  for (const work of ['starter', 'adds', 'updates'] as const) windowMs[`host:${work}`].end *= 1.5;
  const ms = (value: number): number => Math.round(value);
  console.log(
    `clean imports (ms from start: notes committed from–to, end): ${Object.entries(windowMs)
      .map(([kind, w]) => `${kind} ${ms(w.firstCommit)}–${ms(w.lastCommit)}, ${ms(w.end)}`)
      .join('; ')}`,
  );
  return { golden, template, windowMs };
}

/**
 * The check must be able to fail: a copy of a clean store with one card of a
 * note taken away (as a kill between a note and its cards would leave it) has
 * to be reported as holding half a note.
 */
function seesHalfNotes(cleanDir: string, golden: Golden): void {
  const planted = `${cleanDir}-planted`;
  cpSync(cleanDir, planted, { recursive: true });
  const store = openStore(join(planted, 'lattice.db'));
  try {
    const cards = new CardRepository(store.db);
    const card = cards.listAll().find((candidate) => candidate.noteId !== null && !candidate.isOrphan);
    if (!card) throw new Error('the clean store has no card to take away');
    cards.delete(card.id);
  } finally {
    store.close();
  }
  const verdict = verifyStore(planted, golden);
  if (verdict.storeProblems.length > 0 || !verdict.noteProblems.some((problem) => problem.includes('cardQuestions'))) {
    throw new Error(`the check does not see a note missing a card: ${JSON.stringify(verdict)}`);
  }
  console.log(`self-test: a note missing one card is reported (${verdict.noteProblems[0]?.slice(0, 80)}…)`);
}

/**
 * When to kill: half the kills anywhere from the start to the end of a clean
 * import of the same kind (start-up, migrations, scanning, parsing, writing,
 * mentions, closing, in proportion to the time each takes), half while its
 * notes are being committed, where a kill can leave the most half-done.
 */
function killTime(rand: () => number, window: CleanRuns['windowMs'][`${Mode}:${Work}`]): number {
  if (rand() < 0.5) return rand() * window.end;
  const from = Math.max(0, window.firstCommit - 20);
  return from + rand() * (window.lastCommit + 20 - from);
}

export interface ImportCrashFigures {
  kills: number;
  byMode: Record<Mode, number>;
  /** Where the kills fell, judged by the store afterwards: no note of the version being imported yet, some, or all (mentions, closing). */
  landed: { beforeNotes: number; amidNotes: number; afterNotes: number };
  finishedBeforeKill: number;
  corruptedStores: number;
  storesWithHalfNotes: number;
  chains: number;
  recovered: number;
  /** Notes that, once their chain was imported to the end, still lacked the concept mentions a clean import finds. */
  notesWithoutMentions: number;
  seconds: number;
}

/** Runs the import crash check and returns its figures (failures are printed as they happen). */
export async function checkImportCrashes(): Promise<ImportCrashFigures> {
  const begun = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'lattice-crash-imports-'));
  const failures = join(tmpdir(), 'lattice-crash-failures');
  const rand = seededRng(SEED);
  console.log(`import crash check: ${KILLS} kills, ${NOTES} notes, chains of ${CHAIN}, seed ${SEED} (CRASH_SEED=${SEED} replays it)`);
  const figures: ImportCrashFigures = {
    kills: 0,
    byMode: { cli: 0, host: 0 },
    landed: { beforeNotes: 0, amidNotes: 0, afterNotes: 0 },
    finishedBeforeKill: 0,
    corruptedStores: 0,
    storesWithHalfNotes: 0,
    chains: 0,
    recovered: 0,
    notesWithoutMentions: 0,
    seconds: 0,
  };
  try {
    const { golden, template, windowMs } = await cleanRuns(work);
    const libraryDir = join(work, 'library');
    for (let chain = 0; figures.kills < KILLS; chain++) {
      const mode: Mode = chain % 2 === 0 ? 'cli' : 'host';
      const dataDir = join(work, `data-${chain}`);
      const isFresh = chain % 8 < 2;
      if (!isFresh) cpSync(template, dataDir, { recursive: true });
      let version: CrashVersion = 'a';
      for (let attempt = 0; attempt < CHAIN && figures.kills < KILLS; attempt++) {
        version = attempt % 2 === 0 ? 'a' : 'b';
        const work: Work = attempt > 0 ? 'updates' : isFresh ? 'starter' : 'adds';
        const run = await runOnce(mode, libraryDir, dataDir, version, killTime(rand, windowMs[`${mode}:${work}`]));
        if (run.isKilled) {
          figures.kills++;
          figures.byMode[mode]++;
        } else {
          figures.finishedBeforeKill++;
          // The machine is quicker now than during the clean run: draw later kills from a window closer to what imports take now.
          const window = windowMs[`${mode}:${work}`];
          const scale = (0.7 * window.end + 0.3 * run.ms) / window.end;
          windowMs[`${mode}:${work}`] = {
            end: window.end * scale,
            firstCommit: window.firstCommit * scale,
            lastCommit: window.lastCommit * scale,
          };
        }
        const verdict = verifyStore(dataDir, golden);
        const done = verdict.atVersion[version];
        if (run.isKilled) figures.landed[done === 0 ? 'beforeNotes' : done === NOTES ? 'afterNotes' : 'amidNotes']++;
        const problems = [...verdict.storeProblems, ...verdict.noteProblems];
        if (problems.length > 0) {
          if (verdict.storeProblems.length > 0) figures.corruptedStores++;
          else figures.storesWithHalfNotes++;
          const kept = join(failures, `${mode}-chain${chain}-attempt${attempt}`);
          mkdirSync(failures, { recursive: true });
          cpSync(dataDir, kept, { recursive: true });
          console.log(
            `FAILED after a kill (${mode}, chain ${chain}, attempt ${attempt}; store kept in ${kept}):\n  ${problems.slice(0, 8).join('\n  ')}`,
          );
        }
        if (figures.kills % 20 === 0 && run.isKilled)
          console.log(`  ${figures.kills} kills, ${figures.corruptedStores} corrupted, ${figures.storesWithHalfNotes} with half notes`);
      }
      // The same store, imported to the end: it must now hold every note of that version, whole.
      await runOnce(mode, libraryDir, dataDir, version);
      const final = verifyStore(dataDir, golden, true);
      figures.notesWithoutMentions += final.mentionProblems.length;
      if (final.mentionProblems.length > 0)
        console.log(
          `MENTIONS MISSING after chain ${chain} (${mode}) was imported to the end: ${final.mentionProblems.length} notes, e.g. ${final.mentionProblems[0]}`,
        );
      figures.chains++;
      const finalProblems = [...final.storeProblems, ...final.noteProblems];
      if (finalProblems.length === 0 && final.atVersion[version] === NOTES) {
        figures.recovered++;
      } else {
        console.log(
          `FAILED to finish after kills (${mode}, chain ${chain}): ${final.atVersion[version]}/${NOTES} notes at ${version}; ${finalProblems.slice(0, 8).join('; ')}`,
        );
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  figures.seconds = Math.round((performance.now() - begun) / 1000);
  return figures;
}
