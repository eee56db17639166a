import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HandlerTable } from '../api/handler.js';
import type { EventHub } from '../api/events.js';
import { handleApiCall } from './api-route.js';
import { EventStreams, KEEPALIVE_MS } from './event-stream.js';
import { hasValidToken, hostHeaderCount, isAllowedHost, isAllowedOrigin, isDevServerOrigin, isUsableToken, newToken } from './guards.js';
import { sendError, sendText, writeHead } from './replies.js';
import { serveStatic } from './static-files.js';
import { toApiError } from '../api/errors.js';
import { isForeignRequest, isMediaPath, mediaHashOf, mediaHeaders } from '../media/media-route.js';
import type { MediaSource } from '../media/media-route.js';

/**
 * The browser host: the built renderer and the one handler table over HTTP on
 * 127.0.0.1, for machines where Electron cannot run. It only frames requests;
 * every capability is a `dispatch` into the same table IPC and the CLI use.
 */

/** The only address the host listens on: never a network interface. */
export const LOOPBACK = '127.0.0.1';

/** How long close() lets in-flight calls finish before it cuts their connections. */
const CLOSE_GRACE_MS = 3_000;

export interface HostOptions {
  /** The table, or a function that loads it on the first API call. */
  table: Partial<HandlerTable> | (() => Promise<Partial<HandlerTable>>);
  hub: EventHub;
  /** The built renderer (index.html and its assets). */
  staticDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Fixed token for tests and `npm run dev`; by default a fresh random one per launch. */
  token?: string;
  /**
   * SECURITY: one more Origin allowed to POST — the loopback dev server of
   * `npm run dev`, which serves the page and proxies /api/ here. Unset (no
   * allowance) everywhere else; startHost refuses anything not loopback.
   */
  devOrigin?: string;
  /** Interval of the event stream's keepalive comment (tests shorten it). */
  keepaliveMs?: number;
  /** The store's pictures, served at GET /media/<hash> (notes' local images); without it that route is a 404. */
  media?: MediaSource;
}

export interface RunningHost {
  /** What a person opens: `http://127.0.0.1:<port>/#token=<token>` (the fragment never reaches a server). */
  url: string;
  /** `http://127.0.0.1:<port>` — the Origin our pages send. */
  origin: string;
  port: number;
  token: string;
  /** Ends the event streams, stops listening and resolves once the server has stopped. */
  close(): Promise<void>;
}

/** The path of a request target, as sent: no query, no fragment, not decoded or normalised. */
function requestPath(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** Refuses a request in the form its client reads: an envelope under /api/, text elsewhere. */
function refuse(res: ServerResponse, path: string, status: number, message: string, extra: Record<string, string> = {}): void {
  if (isApiPath(path)) sendError(res, status, 'Invalid', message, extra);
  else sendText(res, status, message, extra);
}

interface Route {
  table: Partial<HandlerTable> | (() => Promise<Partial<HandlerTable>>);
  streams: EventStreams;
  staticDir: string;
  token: string;
  port: () => number;
  devOrigin: string | undefined;
  media: MediaSource | undefined;
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: Route): Promise<void> {
  const path = requestPath(req.url);
  const port = ctx.port();

  // SECURITY: Node keeps the first of two Host headers; a proxy or cache may read the other. One name, or nothing.
  if (hostHeaderCount(req.rawHeaders) !== 1) return refuse(res, path, 400, 'a request names exactly one Host');
  // SECURITY: DNS rebinding defence — before anything else, on every request, static files included.
  if (!isAllowedHost(req.headers.host, port)) return refuse(res, path, 403, 'this server only answers to 127.0.0.1 or localhost');

  const method = req.method ?? '';
  if (method !== 'GET' && method !== 'POST') return refuse(res, path, 405, `method ${method} not allowed`, { Allow: 'GET, POST' });

  // SECURITY: a foreign page can POST without a CORS preflight; only our own origin may change anything.
  if (method !== 'GET' && !isAllowedOrigin(req.headers.origin, port, ctx.devOrigin))
    return refuse(res, path, 403, 'requests must come from the Lattice page itself');

  if (isMediaPath(path)) return serveMedia(req, res, path, ctx.media);
  if (!isApiPath(path)) {
    if (method !== 'GET') return refuse(res, path, 405, 'only GET is allowed here', { Allow: 'GET' });
    return serveStatic(res, ctx.staticDir, path);
  }

  // SECURITY: every /api/ request, the event stream included, needs the per-launch token.
  if (!hasValidToken(req, ctx.token))
    return sendError(res, 401, 'Invalid', 'missing or wrong token; open Lattice from the URL `lattice serve` printed');

  if (path === '/api/events') {
    if (method !== 'GET') return sendError(res, 405, 'Invalid', 'the event stream is read with GET', { Allow: 'GET' });
    return ctx.streams.attach(req, res);
  }
  if (method !== 'POST') return sendError(res, 405, 'Invalid', 'API calls are POST requests with a JSON body', { Allow: 'POST' });
  // The table may still be loading when the first page request comes in; API calls wait for it.
  const table = typeof ctx.table === 'function' ? await ctx.table() : ctx.table;
  return handleApiCall(req, res, table, path.slice('/api/'.length));
}

/**
 * A stored picture a note shows (GET /media/<sha256>). No token: an <img>
 * cannot send one. SECURITY: the Host check above still holds, another site's
 * requests are refused, and the reply's headers (media-route.ts) keep it from
 * being embedded elsewhere or run as a page.
 */
async function serveMedia(req: IncomingMessage, res: ServerResponse, path: string, media: MediaSource | undefined): Promise<void> {
  if (req.method !== 'GET') return sendText(res, 405, 'only GET is allowed here', { Allow: 'GET' });
  const secFetchSite = req.headers['sec-fetch-site'];
  if (isForeignRequest(typeof secFetchSite === 'string' ? secFetchSite : undefined))
    return sendText(res, 403, 'pictures are served to the Lattice page only');
  const hash = mediaHashOf(path);
  const file = hash && media ? await media(hash) : undefined;
  if (!file) return sendText(res, 404, 'not found');
  writeHead(res, 200, mediaHeaders(file));
  res.end(file.bytes);
}

/** The port asked for is taken, by another Lattice or anything else. */
export class PortInUseError extends Error {}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(`port ${port} is already in use; pick another with --port, or --port 0 for any free one`)
          : error,
      );
    };
    server.once('error', onError);
    // SECURITY: loopback only — the host is never reachable from another machine.
    server.listen({ host: LOOPBACK, port }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the browser host on 127.0.0.1 and resolves once it is listening.
 * Routes: `POST /api/<name>` (JSON argument → envelope), `GET /api/events`
 * (server-sent events from `hub`), and GET of anything else from `staticDir`.
 * Every request must name a loopback Host; every POST must come from our own
 * Origin; every /api/ request must carry `Authorization: Bearer <token>`.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const requested = options.port ?? 0;
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) throw new Error(`not a port: ${requested}`);
  const token = options.token ?? newToken();
  if (!isUsableToken(token)) throw new Error('a host token must be 16 to 512 characters of A-Z, a-z, 0-9, _ and -');
  if (options.devOrigin !== undefined && !isDevServerOrigin(options.devOrigin))
    throw new Error(`a dev server origin must be http://127.0.0.1:<port> or http://localhost:<port>, not ${options.devOrigin}`);

  const streams = new EventStreams(options.hub, options.keepaliveMs ?? KEEPALIVE_MS);
  let port = requested;
  const ctx: Route = {
    table: options.table,
    streams,
    staticDir: options.staticDir,
    token,
    port: () => port,
    devOrigin: options.devOrigin,
    media: options.media,
  };

  const server = createServer((req, res) => {
    route(req, res, ctx).catch((error: unknown) => {
      // A bug in the host must cost one request, never the server. Logged once
      // with its stack under a reference; the page gets the reference, not the message.
      const failure = toApiError(error, 'the request');
      if (!res.headersSent) sendError(res, 500, failure.type, failure.message);
      else res.destroy();
    });
  });
  port = await listen(server, requested);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      streams.closeAll();
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  const origin = `http://${LOOPBACK}:${port}`;
  return { url: `${origin}/#token=${token}`, origin, port, token, close };
}
