/**
 * SECURITY: notes come from strangers. Raw HTML in a note never reaches the
 * reader or an export as markup, except a short list of formatting tags that
 * we re-emit ourselves with no attributes. Tags that could run code, load
 * something or change the page (script, iframe, style, object, form, svg, a,
 * …) are shown as text so the reader sees what the note contained. Harmless
 * wrappers (div, span, font, p, center) are dropped and their text kept.
 * `<img>` becomes an offline image placeholder; nothing is ever fetched.
 * The renderer runs DOMPurify on top of this as a second line of defence.
 */

const KEPT = new Set([
  'b', 'br', 'del', 'details', 'em', 'hr', 'i', 'ins', 'kbd', 'mark', 's', 'small', 'strong', 'sub', 'summary', 'sup', 'u',
]);
const VOID = new Set(['br', 'hr']);
const DROPPED = new Set(['div', 'span', 'font', 'p', 'center', 'section', 'article', 'blockquote', 'figure', 'figcaption', 'tbody', 'thead']);
const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

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

function attributes(source: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) {
    map.set((m[1] ?? '').toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return map;
}

/** Renders an offline placeholder for an image; the host shows through CSS, so it is not note text. */
export function imagePlaceholder(src: string, alt: string): string {
  let host: string;
  try {
    host = /^https?:/i.test(src) ? new URL(src).host : '';
  } catch {
    host = '';
  }
  const label = alt.trim();
  return `<span class="image-placeholder" role="img" aria-label="${escapeHtml(label || src)}" data-host="${escapeHtml(host || 'local')}" data-src="${escapeHtml(src)}">${escapeHtml(label)}</span>`;
}

/** Sanitizes a fragment of raw HTML found in a note. */
export function sanitizeHtml(raw: string): SafeHtml {
  let html = '';
  let text = '';
  const images: HtmlImage[] = [];
  let last = 0;
  const addText = (chunk: string): void => {
    const decoded = decodeEntities(chunk);
    html += escapeHtml(decoded);
    text += decoded;
  };
  for (const m of raw.matchAll(TAG)) {
    addText(raw.slice(last, m.index));
    last = m.index + m[0].length;
    const whole = m[0];
    if (whole.startsWith('<!--')) continue;
    const isClosing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (name === 'img' && !isClosing) {
      const attrs = attributes(m[3] ?? '');
      const image = { src: attrs.get('src') ?? '', alt: attrs.get('alt') ?? '' };
      images.push(image);
      html += imagePlaceholder(image.src, image.alt);
      text += image.alt;
    } else if (KEPT.has(name)) {
      if (VOID.has(name)) {
        if (!isClosing) html += `<${name}>`;
        if (name === 'br' && !isClosing) text += '\n';
      } else {
        html += isClosing ? `</${name}>` : `<${name}>`;
      }
    } else if (!DROPPED.has(name)) {
      addText(whole);
    }
  }
  addText(raw.slice(last));
  return { html, text, images };
}
