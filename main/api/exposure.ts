import type { ApiName } from './contract.js';
import type { HandlerTable } from './handler.js';

/*
 * Which transport may reach which call. The CLI is the person at their own
 * shell and reaches every call. The page (over IPC in the desktop app, over
 * HTTP in the browser host) reaches only what the UI uses, and nothing that
 * names a file: should a script ever run in the page, it still could not read
 * or write the person's files through the API. Every call is placed here on
 * purpose: exposure.test.ts fails for a call that is in neither list.
 */

/** Calls only the CLI makes: they take paths on the person's disk. */
export const CLI_ONLY_CALLS: readonly ApiName[] = ['library.import'];

/** The handler table as the page may reach it: every call but the CLI's own. */
export function pageTable(table: HandlerTable): Partial<HandlerTable> {
  const reachable: Partial<HandlerTable> = { ...table };
  for (const name of CLI_ONLY_CALLS) delete reachable[name];
  return Object.freeze(reachable);
}
