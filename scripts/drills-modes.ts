/**
 * The three ways bench:import and bench:drills import a library to size
 * what drills add: without drills (LATTICE_BENCH_WITHOUT_DRILLS: no
 * questions found, no cards written), finding questions but writing no
 * cards (LATTICE_BENCH_WITHOUT_CARDS), and with drills. Read by
 * note-content.ts and import-notes.ts.
 */
import { rmSync } from 'node:fs';

export type DrillsMode = 'plain' | 'finding' | 'drills';

export const DRILLS_MODES: readonly DrillsMode[] = ['plain', 'finding', 'drills'];

const SWITCHED_OFF: Record<DrillsMode, string | undefined> = {
  plain: 'LATTICE_BENCH_WITHOUT_DRILLS',
  finding: 'LATTICE_BENCH_WITHOUT_CARDS',
  drills: undefined,
};

/** `work` with the mode's switch set, cleared when it is done (a promise: when it settles), also when it throws. */
export function inDrillsMode<T>(mode: DrillsMode, work: () => T): T {
  const off = SWITCHED_OFF[mode];
  const clear = (): void => {
    if (off) delete process.env[off];
  };
  if (off) process.env[off] = '1';
  let result: T;
  try {
    result = work();
  } catch (error) {
    clear();
    throw error;
  }
  if (result instanceof Promise) return result.finally(clear) as T;
  clear();
  return result;
}

/** The modes in run `run`'s order: each run in another order, so that no mode always follows the same one. */
export function modesOfRun(run: number): readonly DrillsMode[] {
  return run % 2 === 0 ? DRILLS_MODES : [...DRILLS_MODES].reverse();
}

/**
 * Deletes a closed store of one timed import with its WAL files. Each run's
 * store goes before the next run: left in place, nine stores of ~170 MB
 * leave ever more dirty pages for the kernel to write back while the later
 * runs import, slowing whichever modes come last.
 */
export function removeStore(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
