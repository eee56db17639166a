import type { z } from 'zod';
import type { AppContext } from './context.js';
import type { ApiArgs, ApiName, ApiResponse, ApiResult } from './contract.js';
import { ApiFailure, invalid, toApiError } from './errors.js';
import type { HandlerEntry, HandlerTable } from './handler.js';
import { libraryHandlers } from './library.js';
import { notesHandlers } from './notes.js';
import { statsHandlers } from './stats.js';

/** Merges domain tables into one, refusing two handlers with the same name. */
export function mergeDomains(domains: object[]): Record<string, HandlerEntry<ApiName>> {
  const table: Record<string, HandlerEntry<ApiName>> = {};
  for (const domain of domains) {
    for (const [name, entry] of Object.entries(domain)) {
      if (Object.hasOwn(table, name)) throw new Error(`two handlers are named ${name}`);
      table[name] = entry as HandlerEntry<ApiName>;
    }
  }
  return table;
}

/** The one handler table behind IPC, the HTTP host and the CLI. */
export function createHandlerTable(ctx: AppContext): HandlerTable {
  const library = libraryHandlers(ctx);
  const notes = notesHandlers(ctx);
  const stats = statsHandlers(ctx);
  mergeDomains([library, notes, stats]);
  return { ...library, ...notes, ...stats };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * Validates and runs one call. Transports hand over untrusted input here
 * (a name from the wire and a parsed JSON body) and send back the envelope.
 */
export async function dispatch(table: HandlerTable, name: string, arg: unknown): Promise<ApiResponse<unknown>> {
  try {
    if (!Object.hasOwn(table, name)) throw invalid(`unknown API call: ${name}`);
    const entry = table[name as ApiName] as HandlerEntry<ApiName>;
    const parsed = entry.schema.safeParse(arg ?? {});
    if (!parsed.success) throw invalid(`bad argument for ${name}: ${describeIssues(parsed.error)}`);
    const data = await (entry.run as (args: unknown) => unknown)(parsed.data);
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

/** A typed caller over the table for in-process transports (the CLI, tests). */
export function createCaller(table: HandlerTable) {
  return async function call<K extends ApiName>(name: K, args: ApiArgs<K>): Promise<ApiResult<K>> {
    const response = await dispatch(table, name, args);
    if (!response.ok) throw new ApiFailure(response.error.type, response.error.message);
    return response.data as ApiResult<K>;
  };
}
