import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventHub } from '../api/events.js';
import { writeHead } from './replies.js';

/** How often an idle stream sends a comment, so proxies and the browser keep it open. */
export const KEEPALIVE_MS = 15_000;

/**
 * A client that stops reading is dropped once this much is queued for it,
 * rather than buffering events for it forever.
 */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** One server-sent event frame. JSON has no raw newlines, so one `data:` line suffices. */
export function formatEvent(name: string, payload: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/**
 * The open `GET /api/events` streams: each forwards every hub event as a
 * server-sent event until its client goes away or the host closes.
 */
export class EventStreams {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly hub: EventHub,
    private readonly keepaliveMs = KEEPALIVE_MS,
  ) {}

  /** How many streams are open (for tests and diagnostics). */
  get size(): number {
    return this.open.size;
  }

  /** Turns an authorised request into an event stream that lives until either side closes it. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    writeHead(res, 200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    // A first comment makes fetch() resolve at once instead of waiting for the first event.
    res.write(': connected\n\n');

    const send = (chunk: string): void => {
      if (res.writableEnded || res.destroyed) return;
      if (res.writableLength > MAX_QUEUED_BYTES) return end();
      res.write(chunk);
    };
    const unsubscribe = this.hub.subscribe((event, payload) => send(formatEvent(event, payload)));
    const keepalive = setInterval(() => send(': keepalive\n\n'), this.keepaliveMs);
    // The timer alone must not keep a process alive whose server has been closed.
    keepalive.unref();

    let isEnded = false;
    const end = (): void => {
      if (isEnded) return;
      isEnded = true;
      clearInterval(keepalive);
      unsubscribe();
      this.open.delete(end);
      if (!res.writableEnded) res.end();
    };
    this.open.add(end);
    req.on('close', end);
    res.on('close', end);
  }

  /** Ends every open stream; the host calls this on close so the server can stop. */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}
