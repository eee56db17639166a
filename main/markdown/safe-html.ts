import { createRequire } from 'node:module';
import type sanitizeType from 'sanitize-html';

/**
 * SECURITY: notes come from strangers. Raw HTML in a note is cleaned by
 * sanitize-html, which reads it with a real HTML parser (htmlparser2) and
 * writes back only an allow-list: a short list of formatting tags with no
 * attributes. Tags that could run code, load something or change the page
 * (script, iframe, style, object, form, svg, a, math, …) are shown as text,
 * so the reader sees what the note contained; harmless wrappers (div, span,
 * font, p, center) are dropped and their text kept; comments are dropped.
 * `<img>` becomes an offline image placeholder: nothing is ever fetched. The
 * renderer runs DOMPurify on top of this as a second line of defence.
 */

// sanitize-html (with htmlparser2 and PostCSS) is loaded on first use, as KaTeX
// is: most notes have no raw HTML, and the browser host starts faster without it.
const requireModule = createRequire(import.meta.url);
let sanitizeModule: typeof sanitizeType | undefined;
function sanitize(html: string, options: sanitizeType.IOptions): string {
  sanitizeModule ??= requireModule('sanitize-html') as typeof sanitizeType;
  return sanitizeModule(html, options);
}

/** Formatting tags kept, with no attributes. */
const KEPT = ['b', 'br', 'del', 'details', 'em', 'hr', 'i', 'ins', 'kbd', 'mark', 's', 'small', 'strong', 'sub', 'summary', 'sup', 'u'];
const VOID = new Set(['br', 'hr', 'img']);
/** Wrappers whose tags go and whose text stays. */
const DROPPED = ['div', 'span', 'font', 'p', 'center', 'section', 'article', 'blockquote', 'figure', 'figcaption', 'tbody', 'thead'];
const DROPPED_SET = new Set(DROPPED);
const ALLOWED = new Set([...KEPT, ...DROPPED, 'img']);

export interface HtmlImage {
  src: string;
  alt: string;
}

export interface SafeHtml {
  /** Markup safe to put in the page. */
  html: string;
  /** What a reader sees of it, for the text projection. */
  text: string;
  images: HtmlImage[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities people actually type in notes; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return safeCodePoint(parseInt(body.slice(2), 16)) ?? whole;
    if (body.startsWith('#')) return safeCodePoint(parseInt(body.slice(1), 10)) ?? whole;
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(cp: number): string | undefined {
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return String.fromCodePoint(cp);
}

/** Renders an offline placeholder for an image; the host shows through CSS, so it is not note text. */
export function imagePlaceholder(src: string, alt: string): string {
  let host: string;
  try {
    host = /^https?:/i.test(src) ? new URL(src).host : '';
  } catch {
    host = ''; // a malformed URL in a note: the placeholder just names no host
  }
  const label = alt.trim();
  return `<span class="image-placeholder" role="img" aria-label="${escapeHtml(label || src)}" data-host="${escapeHtml(host || 'local')}" data-src="${escapeHtml(src)}">${escapeHtml(label)}</span>`;
}

/** The only escapes sanitize-html writes into text; its output is read back with exactly these. */
const SANITIZER_ESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
const unescapeSanitized = (text: string): string => text.replace(/&(amp|lt|gt|quot);/g, (e) => SANITIZER_ESCAPES[e] ?? e);

/**
 * sanitize-html's output holds nothing but escaped text and the allowed tags
 * with no attributes (an image only its index), so every `<` starts one of
 * these and this walk over it is total.
 */
const CLEAN_TAG = /<(\/?)([a-z]+)(?: data-image="(\d+)")?\s*\/?>/g;

/** How sanitize-html writes back a tag we re-open at the start of a fragment. */
const reopened = (name: string): string => (ALLOWED.has(name) ? `<${name}>` : `&lt;${name}&gt;`);

/** One fragment's result, and the tags it leaves open. */
interface Cleaned extends SafeHtml {
  openAfter: string[];
}

/**
 * sanitize-html costs ~45 µs a call whatever the input (it sets itself up for
 * each one), and notes repeat the same few fragments (`<br>`, `<b>`,
 * `</details>`) thousands of times in a library. Its answer depends only on
 * the fragment and the tags carried into it, so short fragments are
 * remembered; the map is emptied when full, which keeps it bounded.
 */
const MAX_REMEMBERED = 4096;
/** Tags carried from fragment to fragment, innermost kept: re-opening them costs each fragment, so their number is bounded. */
const MAX_CARRIED = 16;
const MAX_REMEMBERED_LENGTH = 256;
const remembered = new Map<string, Cleaned>();

/**
 * Sanitizes a fragment of raw HTML found in a note. Markdown cuts raw HTML
 * into fragments that need not be balanced (`<details>` in one block, its
 * `</details>` after the Markdown answer; an inline `<script>`, then text,
 * then `</script>`), so `open` carries the tags left open by the fragments
 * before this one: they are re-opened in front of it, so that the parser
 * reads its closing tags as a browser would, and taken off the output again.
 * It is updated in place. Without it, each fragment stands alone.
 */
export function sanitizeHtml(raw: string, open: string[] = []): SafeHtml {
  const key = raw.length <= MAX_REMEMBERED_LENGTH ? `${open.join(' ')}\u0000${raw}` : undefined;
  let cleaned = key === undefined ? undefined : remembered.get(key);
  if (!cleaned) {
    cleaned = cleanFragment(raw, open);
    if (key !== undefined) {
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(key, cleaned);
    }
  }
  open.length = 0;
  open.push(...cleaned.openAfter);
  return { html: cleaned.html, text: cleaned.text, images: cleaned.images.map((image) => ({ ...image })) };
}

function cleanFragment(raw: string, carried: readonly string[]): Cleaned {
  const open = carried.slice(-MAX_CARRIED);
  const images: HtmlImage[] = [];
  const events: { name: string; isImplied: boolean }[] = [];
  const prefix = open.map(reopened).join('');
  const clean = sanitizeFragment(open.map((name) => `<${name}>`).join('') + raw, images, events);
  // Cannot happen with the tags we carry; should it, the fragment is read on its own.
  if (!clean.startsWith(prefix)) return cleanFragment(raw, []);

  // The tags the parser closed only because the fragment ended stay open for the next fragment (read from the end: outermost first).
  const stillOpen: string[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as { name: string; isImplied: boolean };
    if (!event.isImplied) break;
    if (!VOID.has(event.name)) stillOpen.push(event.name);
  }
  const closedAtEnd = stillOpen.filter((name) => ALLOWED.has(name)).length;

  let html = '';
  let text = '';
  const body = clean.slice(prefix.length);
  const tokens = [...body.matchAll(CLEAN_TAG)];
  let last = 0;
  tokens.forEach((m, index) => {
    const chunk = unescapeSanitized(body.slice(last, m.index));
    html += escapeHtml(chunk);
    text += chunk;
    last = m.index + m[0].length;
    if (index >= tokens.length - closedAtEnd) return;
    const isClosing = m[1] === '/';
    const name = m[2] ?? '';
    if (name === 'img') {
      const image = images[Number(m[3])] ?? { src: '', alt: '' };
      html += imagePlaceholder(image.src, image.alt);
      text += image.alt;
    } else if (name === 'br') {
      html += '<br>';
      text += '\n';
    } else if (name === 'hr') {
      html += '<hr>';
    } else if (!DROPPED_SET.has(name)) {
      html += isClosing ? `</${name}>` : `<${name}>`;
    }
  });
  const rest = unescapeSanitized(body.slice(last));
  html += escapeHtml(rest);
  text += rest;

  const openAfter = stillOpen.filter((name) => !DROPPED_SET.has(name)).slice(-MAX_CARRIED);
  return { html, text, images, openAfter };
}

/** `preserveEscapedAttributes` (sanitize-html 2.17) is missing from @types/sanitize-html 2.16. */
interface FragmentOptions extends sanitizeType.IOptions {
  /** Show an escaped tag with the attributes the note wrote, so the reader sees what it contained. */
  preserveEscapedAttributes: boolean;
}

function sanitizeFragment(html: string, images: HtmlImage[], events: { name: string; isImplied: boolean }[]): string {
  const options: FragmentOptions = {
    allowedTags: [...ALLOWED],
    allowedAttributes: { img: ['data-image'] },
    allowedSchemesAppliedToAttributes: [],
    disallowedTagsMode: 'escape',
    preserveEscapedAttributes: true,
    selfClosing: [...VOID],
    transformTags: {
      img: (_name, attribs) => {
        images.push({ src: attribs.src ?? '', alt: attribs.alt ?? '' });
        return { tagName: 'img', attribs: { 'data-image': String(images.length - 1) } };
      },
    },
    onOpenTag: (name) => events.push({ name, isImplied: false }),
    onCloseTag: (name, isImplied) => events.push({ name, isImplied }),
  };
  return sanitize(html, options);
}
