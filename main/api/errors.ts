import { randomBytes } from 'node:crypto';
import { log } from '../log/logger.js';
import type { ApiError, ApiErrorType } from './contract.js';

/** An error meant for the person using Lattice; its message is shown as is. */
export class ApiFailure extends Error {
  readonly type: ApiErrorType;

  constructor(type: ApiErrorType, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.type = type;
  }
}

export const notFound = (message: string): ApiFailure => new ApiFailure('NotFound', message);
export const invalid = (message: string): ApiFailure => new ApiFailure('Invalid', message);

/** Where an unexpected error's whole story goes: the line as text, and what it was made from. */
export type ErrorLog = (line: string, detail: { reference: string; call: string; error: unknown }) => void;

/** The main log (stderr and the data directory's log file): one line, with the stack and the reference. */
const toLog: ErrorLog = (_line, { reference, call, error }) =>
  log.error(`internal error ${reference} in ${call}`, { reference, call, err: error });

/**
 * Any thrown value as the error that crosses the boundary. A failure meant
 * for the person keeps its words. Anything else is a bug or a broken disk:
 * its message could hold file contents, paths or SQL, so the caller is told
 * only which call failed and a reference, and the message with its stack is
 * written to the log under that reference.
 */
export function toApiError(error: unknown, call = 'the call', logError: ErrorLog = toLog): ApiError {
  if (error instanceof ApiFailure) return { type: error.type, message: error.message };
  const reference = randomBytes(4).toString('hex');
  const story = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logError(`lattice: internal error ${reference} in ${call}: ${story}`, { reference, call, error });
  return { type: 'Internal', message: `${call} failed unexpectedly (error ${reference}; the details are in the log)` };
}
