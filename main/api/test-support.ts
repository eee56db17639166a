import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';

/** A Lattice opened afresh for each test on a temporary data directory, with an empty notes folder beside it. */
export interface TempLattice {
  readonly app: Lattice;
  /** The temporary folder holding both. */
  readonly work: string;
  /** An empty folder for the test's notes (`work/notes`). */
  readonly folder: string;
}

/**
 * Registers the set-up and tear-down of a {@link TempLattice} for every test
 * of the file (no starter library), so API tests do not each write it out.
 */
export function useTempLattice(prefix: string): TempLattice {
  let current: { app: Lattice; work: string; folder: string } | undefined;
  const get = () => {
    if (!current) throw new Error('useTempLattice: read inside a test');
    return current;
  };
  beforeEach(() => {
    const work = mkdtempSync(join(tmpdir(), prefix));
    const folder = join(work, 'notes');
    mkdirSync(folder);
    current = { app: openLattice({ dataDir: join(work, 'data'), withStarter: false }), work, folder };
  });
  afterEach(() => {
    current?.app.close();
    if (current) rmSync(current.work, { recursive: true, force: true });
    current = undefined;
  });
  return {
    get app() {
      return get().app;
    },
    get work() {
      return get().work;
    },
    get folder() {
      return get().folder;
    },
  };
}
