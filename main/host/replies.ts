import type { ServerResponse } from 'node:http';
import type { ApiErrorType, ApiResponse } from '../api/contract.js';
import { SECURITY_HEADERS } from '../csp.js';

/** How each error type of the envelope maps onto an HTTP status. */
const STATUS_FOR: Record<ApiErrorType, number> = { Invalid: 400, NotFound: 404, Internal: 500 };

/** The HTTP status for an API envelope: 200 when ok, else by error type. */
export function statusFor(response: ApiResponse<unknown>): number {
  return response.ok ? 200 : STATUS_FOR[response.error.type];
}

/**
 * Writes the head of a response with the shared security headers. Every
 * response the host sends goes through here, so none can miss the CSP.
 */
export function writeHead(res: ServerResponse, status: number, headers: Record<string, string>): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
}

/** Sends an API envelope as JSON with the status {@link statusFor} gives, or the one passed. */
export function sendEnvelope(
  res: ServerResponse,
  response: ApiResponse<unknown>,
  status = statusFor(response),
  extra: Record<string, string> = {},
): void {
  const body = JSON.stringify(response);
  writeHead(res, status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

/** Sends `{ok:false,error:{type,message}}` with an explicit status (401, 403, 405, 413, …). */
export function sendError(
  res: ServerResponse,
  status: number,
  type: ApiErrorType,
  message: string,
  extra: Record<string, string> = {},
): void {
  sendEnvelope(res, { ok: false, error: { type, message } }, status, extra);
}

/** Sends a short plain-text reply, for refusals outside /api/ where a person may be looking. */
export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  writeHead(res, status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}
