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
export async function handleApiCall(req: IncomingMessage, res: ServerResponse, table: HandlerTable, name: string): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      // Close the connection: the rest of the oversized body is not worth reading.
      return sendError(res, 413, 'Invalid', `request body over ${MAX_BODY_BYTES / 1024 / 1024} MB; send the upload in parts`, { Connection: 'close' });
    }
    throw error;
  }
  let arg: unknown;
  try {
    arg = parseArgument(body);
  } catch {
    return sendError(res, 400, 'Invalid', 'the request body is not valid JSON');
  }
  sendEnvelope(res, await dispatch(table, name, arg));
}
