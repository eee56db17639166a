/**
 * How many notes go in the next write transaction of an import. Everything
 * else the app answers (search, opening a note) runs on the same thread and
 * waits while a transaction runs, and how long a note takes to write varies
 * by a factor of a hundred (a note with annotations to re-anchor, a note of
 * 20,000 sections). So transactions are sized by the time the last ones took,
 * not by a count: about TRANSACTION_MS each, at most `max` notes, and the
 * event loop gets a turn between them. 10 ms, not 20: with 20, a read asked
 * every 20 ms during a 3,000-note import waited up to 110–119 ms at p99
 * (bench:hostile reads); with 10, 41–91 ms, for an import about 10% longer.
 */
export const TRANSACTION_MS = 10;

/** Notes in the first transaction, before any has been timed. */
const FIRST_SIZE = 8;

export class TransactionPacer {
  private current: number;

  constructor(
    private readonly max: number,
    private readonly targetMs = TRANSACTION_MS,
  ) {
    this.current = Math.max(1, Math.min(FIRST_SIZE, max));
  }

  /** Notes to put in the next transaction. */
  get size(): number {
    return this.current;
  }

  /** A transaction of `count` notes took `elapsedMs`: the next is sized to take about the target. */
  record(count: number, elapsedMs: number): void {
    if (count <= 0) return;
    const perNote = Math.max(elapsedMs, 0.01) / count;
    const fits = Math.floor(this.targetMs / perNote);
    // At most doubling: one cheap batch must not make the next one huge.
    this.current = Math.max(1, Math.min(this.max, 2 * this.current, fits));
  }
}
