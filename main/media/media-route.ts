import { MEDIA_HASH } from '../../db/repositories/media.js';
import type { MediaFile } from '../../db/repositories/media.js';
import { SECURITY_HEADERS } from '../csp.js';

/**
 * The route both transports serve stored pictures on: `/media/<sha256>` on
 * the page's own origin (the browser host's, and `app://lattice` in the
 * desktop app), which the CSP's `img-src 'self'` already allows. The
 * transports only frame the reply; what a reply carries is decided here.
 */

/** Reads a stored picture (MediaRepository.getMedia), however the transport reaches the store. */
export type MediaSource = (hash: string) => Promise<Pick<MediaFile, 'mime' | 'bytes'> | undefined>;

/** The hash a request path asks for, or undefined when it is not a media path. The raw path is checked: no decoding, no normalising. */
export function mediaHashOf(path: string): string | undefined {
  if (!path.startsWith('/media/')) return undefined;
  const hash = path.slice('/media/'.length);
  return MEDIA_HASH.test(hash) ? hash : undefined;
}

/** Whether a path is under /media/ at all (a malformed one is a 404, never a static file). */
export const isMediaPath = (path: string): boolean => path.startsWith('/media/');

/**
 * SECURITY: a picture's headers. Its own CSP with `sandbox`, so an SVG opened
 * as a page (typed into the address bar) can run nothing even if the import's
 * sanitizer missed something; nosniff, so it is only ever the type stored;
 * CORP same-origin, so another site cannot even embed it to learn it exists.
 * A name is its content's hash: the browser may keep it for good.
 */
export function mediaHeaders(file: Pick<MediaFile, 'mime' | 'bytes'>): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Type': file.mime,
    'Content-Length': String(file.bytes.byteLength),
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
}

/**
 * SECURITY: a request another site made (Sec-Fetch-Site cross-site or
 * same-site: another port of 127.0.0.1 is same-site) is refused. A request
 * without the header (an old browser, a local tool) is let through: the
 * Host check still holds, and the hash cannot be guessed.
 */
export function isForeignRequest(secFetchSite: string | undefined): boolean {
  return secFetchSite === 'cross-site' || secFetchSite === 'same-site';
}
