import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { SECURITY_HEADERS } from '../csp.js';
import { contentTypeFor } from '../content-types.js';
import { isMediaPath, mediaHashOf, mediaHeaders } from '../media/media-route.js';
import type { MediaSource } from '../media/media-route.js';

/** The scheme and host the desktop window loads Lattice from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lattice';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * How `app:` is registered before the app is ready: standard (so it has an
 * origin and relative URLs resolve), secure (a secure context, like https),
 * and allowed to serve fetch() for the app's own assets. Nothing more: no CSP
 * bypass, no service workers, no CORS for other origins.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Whether a URL is one of the app's own pages or assets (`app://lattice/…`). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
  } catch {
    return false; // not a URL at all is not ours: deliberate
  }
}

// SECURITY: anything that could step outside rootDir or mean a different file
// on some platform: separators in any spelling, NUL, dot segments, and ':'
// (drive letters and NTFS alternate streams on Windows).
const FORBIDDEN_IN_SEGMENT = /[/\\\0:]/;

/**
 * Maps `app://lattice/<path>` to a file under `rootDir` (the built renderer);
 * `/` is index.html. Returns undefined for anything else.
 *
 * SECURITY: the raw request text is checked before URL normalisation, so
 * `..`, `%2e%2e`, encoded slashes (`%2f`, `%5c`), backslashes and NUL are
 * refused rather than silently resolved; other schemes, hosts, ports and
 * credentials are refused; and the final path must still lie inside rootDir.
 */
export function resolveAppAsset(rootDir: string, requestUrl: string): string | undefined {
  const prefix = `${APP_ORIGIN}/`;
  if (!requestUrl.toLowerCase().startsWith(prefix)) return undefined;
  if (!isAppUrl(requestUrl)) return undefined;
  const rawPath = requestUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  if (rawPath === '') return join(resolve(rootDir), 'index.html');
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined; // malformed percent-encoding
    }
    if (segment === '' || segment === '.' || segment === '..' || FORBIDDEN_IN_SEGMENT.test(segment)) return undefined;
    segments.push(segment);
  }
  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  return file.startsWith(root + sep) ? file : undefined;
}

function textResponse(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The request handler for `app:`: serves files under rootDir with their
 * Content-Type and SECURITY_HEADERS (the CSP travels as a header, so it holds
 * for every page whatever the HTML says); 404 for anything refused or missing.
 */
export function createAppRequestHandler(rootDir: string, media?: MediaSource): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    const mediaPath = isAppUrl(request.url) ? new URL(request.url).pathname : '';
    if (isMediaPath(mediaPath)) return mediaResponse(mediaPath, request.method === 'HEAD', media);
    const file = resolveAppAsset(rootDir, request.url);
    if (!file) return textResponse(404, 'not found');
    try {
      if (!(await stat(file)).isFile()) return textResponse(404, 'not found');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file), 'Cache-Control': 'no-cache' },
      });
    } catch {
      return textResponse(404, 'not found'); // a missing asset is the page's 404, not the app's error
    }
  };
}

/** A stored picture at `app://lattice/media/<sha256>` (the same route and headers as the browser host's). */
async function mediaResponse(path: string, isHead: boolean, media: MediaSource | undefined): Promise<Response> {
  const hash = mediaHashOf(path);
  const file = hash && media ? await media(hash) : undefined;
  if (!file) return textResponse(404, 'not found');
  return new Response(isHead ? null : new Uint8Array(file.bytes), { status: 200, headers: mediaHeaders(file) });
}

/** Serves the built renderer on `app://lattice/`, and the store's pictures under /media/ (call once the app is ready). */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string, media?: MediaSource): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rootDir, media));
}
