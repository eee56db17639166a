import type { MarkdownIt, StateInline, Token } from 'markdown-it';
import { inlineText } from './inline-text.js';
import { decodeEntities, escapeHtml, imagePlaceholder, sanitizeHtml } from './safe-html.js';

/**
 * Local images in the one pipeline (issue 17): Obsidian's `![[x.png|300]]`
 * read as an image, the references a note makes to pictures in its folder,
 * and how each shows — the stored picture, or a placeholder saying why not.
 * The pipeline never touches the disk: the importer resolves the references
 * (main/media/folder-images.ts) and the caller hands the answers back in
 * `env.images`, so rendering stays a pure, linear pass over the tokens.
 */

/** Why a local image is a placeholder; the renderer words each one (reader.image.*). */
export type ImageProblem = 'outside' | 'missing' | 'not-image' | 'too-large' | 'unreadable';

/** One reference to a picture in a note, as the importer resolves it. */
export interface NoteImageRef {
  /** The key the renderer looks the answer up by. */
  ref: string;
  /** The path as written: a Markdown link target (percent-encoded) or an embed's name. */
  target: string;
  isEmbed: boolean;
}

/** What a reference resolved to, as the store keeps it (db/repositories/media.ts NoteImage). */
export interface ResolvedImage {
  hash: string | null;
  problem: string | null;
}

/** What the pipeline is told about a note's pictures. */
export interface ImagesEnv {
  /**
   * The note's resolved image references by `ref`. Absent (a comment, a
   * card typed by hand, a sheet's free text): local images show the plain
   * offline placeholder, as before local images were read.
   */
  images?: ReadonlyMap<string, ResolvedImage>;
}

/** Names Obsidian shows as an image when embedded; other embeds stay links to notes. */
const IMAGE_EMBED = /\.(png|jpe?g|gif|webp|svg|bmp|avif|tiff?|ico)$/i;
const SIZE = /^(\d{1,5})(?:x(\d{1,5}))?$/;
const BANG = 0x21;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const NEWLINE = 0x0a;

/** The key of an embed: it cannot collide with a Markdown target, where markdown-it percent-encodes brackets. */
export const embedRef = (target: string): string => `[[${target}]]`;

/** Whether a target is not a file in the folder: it has a scheme (`https:`, `data:`, `file:`) or is protocol-relative. */
export function isRemoteTarget(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

// A type, not an interface: markdown-it's `meta` takes only what has an index signature.
type EmbedMeta = {
  isEmbed: true;
  target: string;
  width?: number;
  height?: number;
};

/**
 * `![[name.png]]`, `![[name.png|300]]`, `![[name.png|300x200]]` and
 * `![[name.png|alt text]]` as an `image` token, so the text projection, the
 * links and the reader treat it as the picture it is. Like the wikilink rule
 * it stops at the first bracket or line break: linear in the line.
 */
function imageEmbedRule(state: StateInline, silent: boolean): boolean {
  const { src } = state;
  const start = state.pos;
  if (src.charCodeAt(start) !== BANG || src.charCodeAt(start + 1) !== OPEN || src.charCodeAt(start + 2) !== OPEN) return false;
  let close = start + 3;
  for (; close < state.posMax; close++) {
    const code = src.charCodeAt(close);
    if (code === OPEN || code === CLOSE || code === NEWLINE) break;
  }
  if (src.charCodeAt(close) !== CLOSE || src.charCodeAt(close + 1) !== CLOSE || close + 2 > state.posMax) return false;
  const [rawTarget = '', ...options] = src.slice(start + 3, close).split('|');
  const target = (rawTarget.split('#', 1)[0] ?? '').trim();
  if (!IMAGE_EMBED.test(target)) return false;
  if (!silent) {
    const meta: EmbedMeta = { isEmbed: true, target };
    const alt: string[] = [];
    for (const option of options) {
      const size = SIZE.exec(option.trim());
      if (size) {
        meta.width = Number(size[1]);
        if (size[2]) meta.height = Number(size[2]);
      } else if (option.trim()) {
        alt.push(option.trim());
      }
    }
    const token = state.push('image', 'img', 0);
    token.attrs = [
      ['src', target],
      ['alt', ''],
    ];
    token.meta = meta;
    const text = new state.Token('text', '', 0);
    text.content = alt.join(' ');
    token.children = text.content ? [text] : [];
    token.content = text.content;
  }
  state.pos = close + 2;
  return true;
}

/** Registers the embed rule ahead of the wikilink rule, which reads embeds too (use after wikilinkPlugin). */
export function imageEmbedPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('wikilink', 'image_embed', imageEmbedRule);
}

function embedOf(token: Token): EmbedMeta | undefined {
  const meta = token.meta as Partial<EmbedMeta> | null;
  return meta?.isEmbed === true ? (meta as EmbedMeta) : undefined;
}

/** The reference an image token makes, or undefined for a remote one (never read, never fetched). */
export function imageRefOf(token: Token): NoteImageRef | undefined {
  const embed = embedOf(token);
  if (embed) return { ref: embedRef(embed.target), target: embed.target, isEmbed: true };
  const src = String(token.attrGet('src') ?? '');
  if (src === '' || isRemoteTarget(src)) return undefined;
  return { ref: src, target: src, isEmbed: false };
}

/**
 * The key of a raw HTML `<img src>` (Typora writes `<img src="assets/x.png"
 * style="zoom:50%">`): its source as written, in angle brackets, which a
 * Markdown target never holds (markdown-it percent-encodes them).
 */
export const htmlImageRef = (src: string): string => `<${src}>`;

function htmlRefs(html: string, refs: Map<string, NoteImageRef>): void {
  if (!/<img/i.test(html)) return;
  for (const image of sanitizeHtml(html).images) {
    if (image.src === '' || isRemoteTarget(image.src)) continue;
    const ref = htmlImageRef(image.src);
    if (!refs.has(ref)) refs.set(ref, { ref, target: image.src, isEmbed: false });
  }
}

/** Every local picture a note refers to, once each, in reading order: one pass over its tokens. */
export function noteImageRefs(tokens: readonly Token[]): NoteImageRef[] {
  const refs = new Map<string, NoteImageRef>();
  for (const token of tokens) {
    if (token.type === 'html_block') htmlRefs(token.content, refs);
    for (const child of token.children ?? []) {
      if (child.type === 'html_inline') htmlRefs(child.content, refs);
      if (child.type !== 'image') continue;
      const ref = imageRefOf(child);
      if (ref && !refs.has(ref.ref)) refs.set(ref.ref, ref);
    }
  }
  return [...refs.values()];
}

/** The URL a stored picture is served at, on the page's own origin (the CSP's img-src 'self'). */
export const mediaUrl = (hash: string): string => `/media/${hash}`;

/**
 * An image token as HTML. A stored picture is an `<img>` on the app's own
 * origin with its alt text shown under it as a caption (the text projection
 * holds the alt text, and the reader aligns annotations on visible text).
 * Anything else is the offline placeholder; a local one records why
 * (`data-problem`), and the renderer words it in the person's language.
 */
export function renderImage(token: Token, env: ImagesEnv | undefined): string {
  const alt = inlineText(token.children ?? []);
  const ref = imageRefOf(token);
  const src = ref?.target ?? String(token.attrGet('src') ?? '');
  if (!ref || !env?.images) return imagePlaceholder(src, alt);
  const image = env.images.get(ref.ref);
  if (image?.hash) {
    const embed = embedOf(token);
    const size = `${embed?.width ? ` width="${embed.width}"` : ''}${embed?.height ? ` height="${embed.height}"` : ''}`;
    const caption = alt.trim() ? `<span class="image-caption" aria-hidden="true">${escapeHtml(alt)}</span>` : '';
    return `<span class="note-image"><img src="${mediaUrl(image.hash)}" alt="${escapeHtml(alt)}"${size} loading="lazy" decoding="async">${caption}</span>`;
  }
  const problem = image?.problem ?? 'missing';
  return imagePlaceholder(src, alt).replace(
    '<span class="image-placeholder"',
    `<span class="image-placeholder" data-problem="${escapeHtml(problem)}"`,
  );
}

/** The placeholder safe-html.ts writes for a raw `<img>` with a local source; every value in it is escaped. */
const LOCAL_PLACEHOLDER =
  /<span class="image-placeholder" role="img" aria-label="([^"]*)" data-host="local" data-src="([^"]*)">([^<]*)<\/span>/g;

/**
 * Raw HTML's local `<img>`s, which the sanitizer made placeholders, shown as
 * the pictures they resolved to (or marked with why not), as Markdown images
 * are. The placeholder's text (the alt text, as the projection holds it)
 * stays as the caption.
 */
export function showHtmlImages(html: string, env: ImagesEnv | undefined): string {
  const images = env?.images;
  if (!images || !html.includes('data-host="local"')) return html;
  return html.replace(LOCAL_PLACEHOLDER, (whole, label: string, src: string, text: string) => {
    const image = images.get(htmlImageRef(decodeEntities(src)));
    if (image?.hash) {
      const caption = text.trim() ? `<span class="image-caption" aria-hidden="true">${text}</span>` : '';
      return `<span class="note-image"><img src="${mediaUrl(image.hash)}" alt="${label === src ? '' : label}" loading="lazy" decoding="async">${caption}</span>`;
    }
    return whole.replace(
      '<span class="image-placeholder"',
      `<span class="image-placeholder" data-problem="${escapeHtml(image?.problem ?? 'missing')}"`,
    );
  });
}
