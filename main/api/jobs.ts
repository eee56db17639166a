/**
 * Work that must not overlap (imports, building the concept index) runs here
 * one job at a time, in order. A failed job never blocks the ones after it.
 */
export class JobQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every job queued before it; resolves with its result. */
  run<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every job queued so far has finished. */
  idle(): Promise<void> {
    return this.run(() => undefined);
  }
}
