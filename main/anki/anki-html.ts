import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type sanitizeType from 'sanitize-html';
import { decodeEntities, escapeHtml } from '../markdown/safe-html.js';
import { sanitizeSvg } from '../sheets/svg-sanitize.js';

const requireModule = createRequire(import.meta.url);
let sanitizeModule: typeof sanitizeType | undefined;
function sanitize(html: string, options: sanitizeType.IOptions): string {
  sanitizeModule ??= requireModule('sanitize-html') as typeof sanitizeType;
  return sanitizeModule(html, options);
}

/** A file that goes into the package beside the collection (`media` maps its number to `name`). */
export interface MediaFile {
  name: string;
  data: Uint8Array;
}

/**
 * Where a card's images come from. The seam for the content-addressed media
 * store: given an `<img>`'s src as the card's HTML holds it (`/media/<hash>`
 * once local images are stored), the bytes and a file name, or null to leave
 * the image out (its alt text stays).
 */
export type MediaResolver = (src: string) => MediaFile | null;

/** What a card's faces carry out: Anki HTML and the files it names. */
export interface AnkiFace {
  html: string;
  media: MediaFile[];
}

// The pipeline writes each formula as one element whose text is its escaped
// TeX (isMathDeferred), never with markup inside, so one pattern finds them
// all in one pass and the TeX comes from the note's `$…$` source, not KaTeX's HTML.
const MATH = /<(span|div) class="math (math-inline|math-display)" data-tex="([^"]*)" data-display="(?:true|false)">[^<]*<\/\1>/g;
// A Mermaid block as the pipeline writes it: its source, escaped, in one code element.
const MERMAID = /<div class="mermaid-block" data-diagram="([^"]*)"><pre class="mermaid-source"><code>([^<]*)<\/code><\/pre><\/div>/g;
const IMG = /<img\b[^>]*>/gi;

/** The Mermaid diagrams of a rendered face, by hash, with their source (unescaped), for a renderer to draw. */
export function mermaidSources(html: string): { hash: string; source: string }[] {
  return [...html.matchAll(MERMAID)].map((match) => ({ hash: match[1]!, source: decodeEntities(match[2]!) }));
}

/** What Anki is given of a face: an allow-list of formatting, with no attribute that runs code or loads anything but a packaged file. */
const ANKI_TAGS = [
  'a',
  'b',
  'blockquote',
  'br',
  'code',
  'dd',
  'del',
  'details',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
];

/**
 * SECURITY: the last pass over any HTML that crosses to or from Anki. Notes
 * and decks come from strangers; Anki renders fields in a web view that runs
 * scripts, so nothing executable, no style, no event handler and no remote
 * source survives: an image keeps only a bare file name (a packaged file),
 * a link only an https/mailto address.
 */
export function sanitizeAnkiHtml(html: string): string {
  return sanitize(html, {
    allowedTags: ANKI_TAGS,
    allowedAttributes: {
      a: ['href'],
      img: ['src', 'alt'],
      code: ['class'],
      span: ['class'],
      pre: ['class'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['https', 'mailto'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    allowedClasses: { code: ['language-*', 'hljs'], span: ['hljs-*', 'cloze-gap'], pre: ['mermaid-source'] },
    disallowedTagsMode: 'discard',
    exclusiveFilter: (frame) => frame.tag === 'img' && !isPackagedName(frame.attribs.src ?? ''),
  });
}

/** A src Anki resolves inside the package: a bare file name, no scheme, no folder, no query. */
function isPackagedName(src: string): boolean {
  return /^[^/\\:?#"<>]+$/.test(src) && !src.startsWith('.');
}

/** The extension an image's bytes call for (PNG, JPEG, GIF, WebP, SVG), else ''. */
export function imageExtension(data: Uint8Array): string {
  const head = Buffer.from(data.subarray(0, 16));
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpg';
  if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  const text = Buffer.from(data.subarray(0, 512)).toString('utf8').trimStart();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'svg';
  return '';
}

/** A content-derived media name: the same image in many cards is one file. */
export function mediaName(data: Uint8Array, extension: string): string {
  return `lattice-${createHash('sha256').update(data).digest('hex').slice(0, 24)}.${extension}`;
}

/**
 * A card face, rendered by the reader's pipeline with formulas deferred, as
 * Anki HTML: each formula its TeX in MathJax's `\(…\)` or `\[…\]`; a Mermaid
 * diagram an SVG image when `diagrams` has it drawn (by hash, as the renderer
 * draws for sheets), else its source as a code block; images the resolver
 * can read become packaged files, the others their alt text. One pass per
 * pattern, each linear in the face.
 */
export function toAnkiFace(html: string, resolveMedia: MediaResolver | null, diagrams: Record<string, string> = {}): AnkiFace {
  const media: MediaFile[] = [];
  let out = html.replace(MATH, (_whole, _tag: string, kind: string, tex: string) => {
    // data-tex holds the TeX escaped once; it goes back into HTML text escaped once, so it is kept as it is.
    return kind === 'math-display' ? `\\[${tex}\\]` : `\\(${tex}\\)`;
  });
  out = out.replace(IMG, (tag) => {
    const src = decodeEntities(/\bsrc="([^"]*)"/i.exec(tag)?.[1] ?? '');
    const alt = decodeEntities(/\balt="([^"]*)"/i.exec(tag)?.[1] ?? '');
    const file = resolveMedia && src ? resolveMedia(src) : null;
    if (!file) return escapeHtml(alt);
    media.push(file);
    return `<img src="${escapeHtml(file.name)}" alt="${escapeHtml(alt)}">`;
  });
  out = out.replace(MERMAID, (_whole, hash: string, source: string) => {
    const svg = diagrams[hash];
    if (svg) {
      const clean = sanitizeSvg(svg);
      if (clean) {
        const data = new TextEncoder().encode(clean);
        const name = mediaName(data, 'svg');
        media.push({ name, data });
        return `<div><img src="${name}" alt="diagram"></div>`;
      }
    }
    return `<pre><code class="language-mermaid">${source}</code></pre>`;
  });
  return { html: sanitizeAnkiHtml(out), media };
}

/**
 * A tag Anki accepts: no spaces (Anki splits tags on them), each level of a
 * path joined with `::` (Anki's hierarchy), empty levels dropped. Chinese and
 * other letters stay as written.
 */
export function ankiTag(levels: string[]): string {
  return levels
    .map((level) =>
      level
        .normalize('NFC')
        .trim()
        .replace(/::+/g, ':')
        // eslint-disable-next-line no-control-regex -- control characters and Anki's separators are what a tag must not hold
        .replace(/[\s\u0000-\u001f\u3000"]+/g, '_')
        .replace(/^_+|_+$/g, ''),
    )
    .filter((level) => level !== '')
    .join('::');
}

/** Plain text of an Anki field: what matching and search read. Tags dropped, entities decoded, spacing folded. */
export function ankiPlainText(html: string): string {
  const text = html
    .replace(/<(br|\/p|\/div|\/li|\/h[1-6])\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    // The notes' text holds a formula as its bare TeX, so the delimiters go (MathJax's, and Anki's older [$]…[/$]).
    .replace(/\\\(|\\\)|\\\[|\\\]|\[\/?\$\$?\]/g, '');
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/[ \t]*\n\s*/g, '\n')
    .trim();
}

/**
 * An Anki field as a Lattice face. SECURITY: a deck is a stranger's file:
 * the field is sanitized like an export, and each image is kept only when it
 * names a file of the package, rewritten through `mediaSrc` (the store's
 * address for that file); any other image becomes its alt text.
 */
export function fromAnkiField(html: string, mediaSrc: (name: string) => string | null): string {
  const clean = sanitizeAnkiHtml(html.replace(/\[sound:[^\]]*\]/g, ''));
  const display = (_all: string, tex: string): string =>
    `<div class="math math-display" data-tex="${tex.replace(/"/g, '&quot;')}" data-display="true">${tex}</div>`;
  const inline = (_all: string, tex: string): string =>
    `<span class="math math-inline" data-tex="${tex.replace(/"/g, '&quot;')}" data-display="false">${tex}</span>`;
  // MathJax's delimiters back to the elements the page typesets, as the reader writes formulas (text between tags only).
  // Decks made before Anki used MathJax write [$]…[/$] and [$$]…[/$$]: the same TeX, in math mode, typeset the same way.
  // ([latex]…[/latex] is a whole LaTeX document body, which KaTeX cannot typeset: it stays as its text.)
  const withMath = clean
    .replace(/\\\[([^<]*?)\\\]/g, display)
    .replace(/\[\$\$\]([^<]*?)\[\/\$\$\]/g, display)
    .replace(/\\\(([^<]*?)\\\)/g, inline)
    .replace(/\[\$\]([^<]*?)\[\/\$\]/g, inline);
  return withMath.replace(IMG, (tag) => {
    const name = decodeEntities(/\bsrc="([^"]*)"/i.exec(tag)?.[1] ?? '');
    const alt = decodeEntities(/\balt="([^"]*)"/i.exec(tag)?.[1] ?? '');
    const src = mediaSrc(name);
    return src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt || name)}">` : escapeHtml(alt || name);
  });
}
