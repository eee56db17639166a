import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The checks every request to the browser host passes before it is served.
 * The host is reachable by anything on this machine — other users' processes
 * and, through the person's own browser, any web page they visit — so each
 * check closes one way in:
 *
 * - Host: a page on evil.example that re-points its DNS name at 127.0.0.1
 *   (DNS rebinding) sends `Host: evil.example`; only loopback names pass.
 * - Origin: a foreign page can POST to us with a "simple" request that skips
 *   CORS preflight; browsers always send Origin on such requests.
 * - Token: a random secret that only the page we printed the URL for knows.
 */

/** A fresh per-launch token: 32 random bytes, base64url (URL-fragment safe, 43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A token we accept from the caller of startHost: long enough to guess never, and safe in a URL fragment. */
export function isUsableToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,512}$/.test(token);
}

/**
 * SECURITY: true when the Host header names this server by a loopback name
 * and the right port. Checked on every request, static files included, so a
 * rebinding page cannot even read our HTML.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const wanted = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  // Host names are case-insensitive; ports are digits, so lowercasing is safe.
  return wanted.includes(host.toLowerCase());
}

/** How many Host headers a request carried (Node's `headers` shows only the first). */
export function hostHeaderCount(rawHeaders: string[]): number {
  let count = 0;
  for (let at = 0; at < rawHeaders.length; at += 2) if (rawHeaders[at]?.toLowerCase() === 'host') count++;
  return count;
}

/** The origins our own pages have: exactly these, nothing derived from the request. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * SECURITY: true for the origin of a dev server on this machine — plain http,
 * a loopback name, an explicit port, nothing after it. `npm run dev` serves
 * the page from Vite and proxies /api/ here, so the page's POSTs carry Vite's
 * origin; no other kind of origin may ever be allowed that way.
 */
export function isDevServerOrigin(origin: string): boolean {
  const match = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/.exec(origin);
  const port = Number(match?.[1] ?? 0);
  return port >= 1 && port <= 65535;
}

/**
 * SECURITY: true when the Origin header is one of our own. A missing Origin
 * fails too: every browser sends it on a POST, and a non-browser client that
 * omits it can add it (it still needs the token). `devOrigin` is the dev
 * server's origin, given only by `npm run dev` (scripts/dev.mjs) and only if
 * it is a loopback one (isDevServerOrigin); off otherwise.
 */
export function isAllowedOrigin(origin: string | undefined, port: number, devOrigin?: string): boolean {
  if (origin === undefined) return false;
  if (allowedOrigins(port).includes(origin)) return true;
  return devOrigin !== undefined && isDevServerOrigin(devOrigin) && origin === devOrigin;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * SECURITY: true when the request carries `Authorization: Bearer <token>`.
 * Both sides are hashed first so timingSafeEqual compares equal-length
 * buffers and neither the content nor the length of the token leaks through
 * response timing.
 */
export function hasValidToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return false;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  const presented = match?.[1] ?? '';
  const isEqual = timingSafeEqual(digest(presented), digest(token));
  return match !== null && isEqual;
}
