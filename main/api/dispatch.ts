import type { z } from 'zod';
import type { ApiArgs, ApiName, ApiResponse, ApiResult } from './contract.js';
import { ApiFailure, invalid, toApiError } from './errors.js';
import type { HandlerEntry, HandlerTable } from './handler.js';

/*
 * Running one call against the handler table. Kept apart from handlers.ts so
 * a transport (the browser host) can start serving before the domains, zod
 * and the Markdown pipeline have loaded.
 */

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * Validates and runs one call. Transports hand over untrusted input here
 * (a name from the wire and a parsed JSON body) and send back the envelope.
 */
export async function dispatch(table: Partial<HandlerTable>, name: string, arg: unknown): Promise<ApiResponse<unknown>> {
  try {
    if (!Object.hasOwn(table, name)) throw invalid(`unknown API call: ${name}`);
    const entry = table[name as ApiName] as HandlerEntry<ApiName>;
    const parsed = entry.schema.safeParse(arg ?? {});
    if (!parsed.success) throw invalid(`bad argument for ${name}: ${describeIssues(parsed.error)}`);
    const data = await (entry.run as (args: unknown) => unknown)(parsed.data);
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: toApiError(error, Object.hasOwn(table, name) ? name : 'the call') };
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
