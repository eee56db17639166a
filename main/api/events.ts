import type { ApiEventName, ApiEvents } from './contract.js';
import type { EmitEvent } from './context.js';
import { log } from '../log/logger.js';

export type EventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/**
 * Fans pushed events (import progress, …) out to whichever transports are
 * listening: Electron's webContents, the host's server-sent event streams.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  readonly emit: EmitEvent = (event, payload) => {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        // one broken listener (a closed window, a dropped stream) must not stop the import
        log.debug(`an event listener failed on ${String(event)}`, { err: error });
      }
    }
  };

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
