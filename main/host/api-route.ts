import type { IncomingMessage, ServerResponse } from 'node:http';
import { dispatch } from '../api/dispatch.js';
import type { HandlerTable } from '../api/handler.js';
import { sendEnvelope, sendError } from './replies.js';

/**
 * The largest request body accepted: a browser folder upload arrives as one
 * JSON call, up to the upload limit of the API (64 M characters) plus the
 * JSON around it.
 */
export const MAX_BODY_BYTES = 80 * 1024 * 1024;

/**
 * SECURITY: how many request bodies are read at once. Each may be up to
 * MAX_BODY_BYTES in memory; without a bound, a burst of large uploads holds
 * gigabytes. The page sends its uploads one at a time, so it never meets this.
 */
export const MAX_BODIES_IN_FLIGHT = 4;
let bodiesInFlight = 0;

class BodyTooLarge extends Error {}

/**
 * SECURITY: reads a request body, giving up (and rejecting) as soon as it
 * passes `limit` bytes, so a client cannot make us buffer without bound.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
    // A client that goes away mid-body must not hold its place among the bodies in flight.
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before sending the whole body'));
    });
  });
}

/** The argument of a call: the JSON body, or `{}` for an empty one. Throws SyntaxError on bad JSON. */
export function parseArgument(body: Buffer): unknown {
  const text = body.toString('utf8');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

/**
 * `POST /api/<name>`: reads the JSON argument and hands it to the one
 * handler table. No API logic lives here — only HTTP framing.
 */
export async function handleApiCall(req: IncomingMessage, res: ServerResponse, table: Partial<HandlerTable>, name: string): Promise<void> {
  if (bodiesInFlight >= MAX_BODIES_IN_FLIGHT) {
    return sendError(res, 503, 'Invalid', 'busy reading other requests; try again in a moment', {
      'Retry-After': '1',
      Connection: 'close',
    });
  }
  let body: Buffer;
  bodiesInFlight++;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      // Close the connection: the rest of the oversized body is not worth reading.
      return sendError(res, 413, 'Invalid', `request body over ${MAX_BODY_BYTES / 1024 / 1024} MB; send the upload in parts`, {
        Connection: 'close',
      });
    }
    throw error;
  } finally {
    bodiesInFlight--;
  }
  let arg: unknown;
  try {
    arg = parseArgument(body);
  } catch {
    return sendError(res, 400, 'Invalid', 'the request body is not valid JSON');
  }
  sendEnvelope(res, await dispatch(table, name, arg));
}
