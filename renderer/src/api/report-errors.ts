import { client } from './client.js';

/*
 * The page's own unexpected errors go to the main process's log (the page
 * has no file to write to), so "copy diagnostics" and the log a person sends
 * hold them too. The main process caps the size and rate; this side cuts to
 * the same sizes so a long message is shortened, not refused.
 */

const MAX_MESSAGE = 2000;
const MAX_STACK = 8000;

function describe(reason: unknown): { message: string; stack?: string } {
  if (reason instanceof Error) return { message: reason.message.slice(0, MAX_MESSAGE), stack: reason.stack?.slice(0, MAX_STACK) };
  return { message: String(reason).slice(0, MAX_MESSAGE) };
}

function report(kind: 'error' | 'rejection', reason: unknown): void {
  // A report that fails (the host gone, the page closing) is dropped: reporting that failure would loop.
  client.call('log.report', { kind, ...describe(reason) }).catch(() => undefined);
}

/** Starts sending uncaught errors and unhandled rejections to the main log. */
export function reportUnexpectedErrors(target: Window = window): void {
  target.addEventListener('unhandledrejection', (event) => report('rejection', event.reason));
  target.addEventListener('error', (event) => {
    // Resource load errors (a broken <img>) arrive here without an error object: not a bug in the page.
    if (event.error === undefined && !event.message) return;
    report('error', event.error ?? event.message);
  });
}
