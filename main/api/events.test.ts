import { describe, expect, it } from 'vitest';
import type { ImportProgress } from './contract.js';
import { EventHub } from './events.js';

describe('EventHub', () => {
  it('delivers events to every listener until it unsubscribes, and survives a throwing listener', () => {
    const hub = new EventHub();
    const seen: string[] = [];
    const stop = hub.subscribe((event, payload) => seen.push(`${event}:${(payload as ImportProgress).done}`));
    hub.subscribe(() => {
      throw new Error('window closed');
    });
    hub.emit('import.progress', { phase: 'importing', done: 1, total: 2 });
    stop();
    hub.emit('import.progress', { phase: 'importing', done: 2, total: 2 });
    expect(seen).toEqual(['import.progress:1']);
  });
});
