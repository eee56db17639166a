import { sanitizeSvg } from '../sheets/svg-sanitize.js';

/** The picture types Lattice stores and shows, by MIME type. */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/svg+xml';

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');

/** How far into a text file an SVG's root element may start (after a declaration, comments and a doctype). */
const SVG_HEAD_BYTES = 4096;

/**
 * Whether text starts, after a byte-order mark, whitespace, an XML
 * declaration, comments and a doctype, with an `<svg` element. A bounded
 * look at the head: a file that merely mentions <svg> later is no SVG.
 */
function looksLikeSvg(bytes: Uint8Array): boolean {
  let head = Buffer.from(bytes.subarray(0, SVG_HEAD_BYTES)).toString('utf8');
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  let at = 0;
  for (;;) {
    while (at < head.length && /\s/.test(head[at] ?? '')) at++;
    if (head.startsWith('<?', at)) at = head.indexOf('?>', at) + 2;
    else if (head.startsWith('<!--', at)) at = head.indexOf('-->', at) + 3;
    else if (head.startsWith('<!DOCTYPE', at) || head.startsWith('<!doctype', at)) at = head.indexOf('>', at) + 1;
    else break;
    if (at <= 1) return false; // an unclosed declaration or comment: not within the head
  }
  return /^<svg[\s>/]/.test(head.slice(at, at + 5));
}

/**
 * The type of a picture from its first bytes (never from its file name: a
 * text file named .png is no image), or undefined when it is none of the
 * types Lattice shows.
 */
export function sniffImage(bytes: Uint8Array): ImageMime | undefined {
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return 'image/gif';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  if (looksLikeSvg(bytes)) return 'image/svg+xml';
  return undefined;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/**
 * SECURITY: an SVG from a note's folder, cut to the allow-list the exports'
 * diagrams go through (main/sheets/svg-sanitize.ts: no script, no event
 * handlers, no foreignObject, no reference outside the file). Served on its
 * own as an image it needs its namespace, which the allow-list drops, so it
 * is put back. Undefined when nothing drawable is left.
 */
export function cleanSvgImage(bytes: Uint8Array): Buffer | undefined {
  const clean = sanitizeSvg(Buffer.from(bytes).toString('utf8'));
  if (!clean) return undefined;
  // Attribute values are escaped, so the first '>' ends the root's opening tag.
  const openEnd = clean.indexOf('>');
  const selfClosing = clean[openEnd - 1] === '/';
  const tagEnd = selfClosing ? openEnd - 1 : openEnd;
  const svg = `${clean.slice(0, tagEnd)} xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}"${clean.slice(tagEnd)}`;
  return Buffer.from(svg, 'utf8');
}
