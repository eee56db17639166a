import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAfterPage } from './load-after-page.js';

const TIMING = { quietMs: 30, unaskedMs: 250 };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function counter(): { load: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    load: () => {
      calls += 1;
      return Promise.resolve('store');
    },
    calls: () => calls,
  };
}

describe('loadAfterPage', () => {
  it('waits while the page and its scripts are being sent, then loads once they have gone quiet', async () => {
    const { load, calls } = counter();
    const deferred = loadAfterPage(load, TIMING);
    deferred.start();
    const page = deferred.onPageRequest('/');
    page();
    // The page alone is not enough: its scripts are about to be asked for.
    await vi.advanceTimersByTimeAsync(100);
    expect(calls()).toBe(0);
    const script = deferred.onPageRequest('/assets/index.js');
    const style = deferred.onPageRequest('/assets/index.css');
    script();
    await vi.advanceTimersByTimeAsync(1000); // a style still in flight holds the load back
    expect(calls()).toBe(0);
    style();
    await vi.advanceTimersByTimeAsync(29);
    expect(calls()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls()).toBe(1);
    await expect(deferred.get()).resolves.toBe('store');
    expect(calls()).toBe(1);
  });

  it('a request that starts within the quiet time postpones the load until it is over', async () => {
    const { load, calls } = counter();
    const deferred = loadAfterPage(load, TIMING);
    deferred.onPageRequest('/assets/index.js')();
    await vi.advanceTimersByTimeAsync(20);
    const font = deferred.onPageRequest('/assets/KaTeX_Main-Regular.woff2');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls()).toBe(0);
    font();
    await vi.advanceTimersByTimeAsync(30);
    expect(calls()).toBe(1);
  });

  it('loads after the fallback when no page asks, and at once for an API call', async () => {
    const unasked = counter();
    const idle = loadAfterPage(unasked.load, TIMING);
    let hasBegun = false;
    void idle.began.then(() => (hasBegun = true));
    idle.start();
    await vi.advanceTimersByTimeAsync(249);
    expect(unasked.calls()).toBe(0);
    expect(hasBegun).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(unasked.calls()).toBe(1);
    expect(hasBegun).toBe(true);

    const asked = counter();
    const early = loadAfterPage(asked.load, TIMING);
    early.start();
    await expect(early.get()).resolves.toBe('store');
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked.calls()).toBe(1);
  });

  it('hands a failed load to whoever asks, without an unhandled rejection from the timer', async () => {
    const deferred = loadAfterPage(() => Promise.reject(new Error('disk full')), TIMING);
    deferred.start();
    await vi.advanceTimersByTimeAsync(250);
    await expect(deferred.get()).rejects.toThrow('disk full');
  });
});
