/**
 * The work the reader does for a note after painting it (drawing its
 * diagrams, mostly: Mermaid can hold the page for seconds) belongs to that
 * note. When the person opens another note, what is still to come of it is
 * dropped: an await that resolves after the change goes no further, so the
 * next note's first screen never waits behind the last note's leftovers.
 * Each effect that starts such work makes one NoteWork and cancels it in its
 * cleanup (which Svelte runs when the note changes or the reader closes).
 */
export class NoteWork {
  #isCancelled = false;

  /** False once the note this work was for is no longer the one shown. */
  get isCurrent(): boolean {
    return !this.#isCancelled;
  }

  /** Drops whatever of this work has not started yet. */
  cancel(): void {
    this.#isCancelled = true;
  }

  /**
   * `promise`'s value while the note is still shown; after a change it
   * rejects with {@link StaleNoteWork} instead, so the code after the await
   * (placing a diagram, say) does not run for a note that is gone.
   */
  async guard<T>(promise: Promise<T>): Promise<T> {
    const value = await promise;
    if (this.#isCancelled) throw new StaleNoteWork();
    return value;
  }
}

/** Thrown where work for a note that is no longer shown stops. */
export class StaleNoteWork extends Error {
  constructor() {
    super('the note changed');
    this.name = 'StaleNoteWork';
  }
}
