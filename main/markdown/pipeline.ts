import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import markdownIt from 'markdown-it';
import type { Env, MarkdownIt, Renderer, StateCore, Token } from 'markdown-it';
import { calloutPlugin } from './callouts.js';
import { highlightCode } from './code-highlight.js';
import { normalizeEnumerations } from './enumerations.js';
import { inlineText } from './inline-text.js';
import { imageEmbedPlugin, renderImage, showHtmlImages } from './local-images.js';
import type { ImagesEnv } from './local-images.js';
import { escapeWithBreaks } from './long-words.js';
import { mathPlugin } from './math.js';
import { multiplicationSignPlugin } from './multiplication-sign.js';
import { capNesting, MAX_BLOCK_DEPTH } from './note-limits.js';
import type { CutsEnv } from './note-limits.js';
import { resolveNoteHref } from './note-href.js';
import { escapeHtml, sanitizeHtml } from './safe-html.js';
import { SlugRegistry } from './slugs.js';
import { softbreakKind } from './text-joining.js';
import { wikilinkPlugin } from './wikilinks.js';
import { KATEX_OPTIONS } from '../../common/katex-options.js';

/**
 * The one Markdown pipeline. The importer (text projection, sections,
 * formulas), the reader's HTML and the exports all parse through here so they
 * agree on what a note says.
 */

/** What a caller may tell the pipeline about the note being processed. */
export interface NoteEnv extends Env, CutsEnv, ImagesEnv {
  /** The note's path inside its library, to resolve relative links. */
  notePath?: string;
  /**
   * Leave formulas as escaped TeX in their `.math` elements for the reader to
   * typeset: it typesets what is on screen first, which keeps a note with a
   * hundred formulas quick to open. Exports and the CLI typeset here.
   */
  isMathDeferred?: boolean;
  /** Kept tags opened by a note's raw HTML and not yet closed (see sanitizeHtml); the renderer fills it. */
  openHtmlTags?: string[];
}

// SECURITY: KaTeX's options (trust:false, bounded expansion) are the reader's own: common/katex-options.ts.
export { KATEX_OPTIONS };

function firstLine(children: Token[]): Token[] {
  const end = children.findIndex((t) => t.type === 'softbreak' || t.type === 'hardbreak');
  return end === -1 ? children : children.slice(0, end);
}

/**
 * Gives headings ids. Many interview notes have no headings at all, only
 * top-level numbered questions (`1. 为什么…`); then those items become the
 * note's sections (meta.sectionTitle), so the table of contents still works.
 */
function headingIds(state: StateCore): void {
  const slugs = new SlugRegistry();
  const tokens = state.tokens;
  const hasHeadings = tokens.some((t) => t.type === 'heading_open');
  let orderedDepth = 0;
  tokens.forEach((token, i) => {
    if (token.type === 'ordered_list_open') orderedDepth++;
    if (token.type === 'ordered_list_close') orderedDepth--;
    if (token.type === 'heading_open') {
      const slug = slugs.next(inlineText(tokens[i + 1]?.children ?? []));
      token.attrSet('id', slug);
      token.meta = { ...(token.meta as object | null), slug };
    } else if (!hasHeadings && token.type === 'list_item_open' && token.level === 1 && orderedDepth === 1) {
      const inline = tokens.slice(i + 1, i + 3).find((t) => t.type === 'inline');
      const title = inlineText(firstLine(inline?.children ?? [])).trim();
      if (!title) return;
      const slug = slugs.next(title);
      token.attrSet('id', slug);
      token.meta = { ...(token.meta as object | null), slug, sectionTitle: title };
    }
  });
}

/** A short stable id for a diagram's source, used as the renderer's SVG cache key. */
export function diagramHash(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
}

/**
 * `isBlock` is false for `$$a$$` written inside a paragraph: it is displayed
 * but must be wrapped in a <span>, because a <div> inside a <p> makes the
 * browser close the paragraph early and strand the rest of the sentence.
 */
// KaTeX is loaded on first use: importing and reading notes never needs it,
// and the browser host starts faster without it (the reader typesets itself).
const requireModule = createRequire(import.meta.url);
let katexModule: typeof import('katex') | undefined;
function katex(): typeof import('katex') {
  katexModule ??= requireModule('katex') as typeof import('katex');
  return katexModule;
}

/**
 * A formula KaTeX cannot typeset, as the reader shows it: its source, marked
 * as an error, the reason in the title. Same shape as KaTeX's own output for
 * a parse error, so one style covers both.
 */
function formulaErrorHtml(tex: string, error: unknown): string {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `<span class="katex-error" title="${escapeHtml(reason)}" style="color:#cc0000">${escapeHtml(tex)}</span>`;
}

/**
 * Typesets one formula and never throws. throwOnError:false only covers
 * KaTeX's parse errors; some malformed input (`\begin{ }x\end{y}`) fails
 * inside KaTeX with a plain Error, and one such formula must not take down
 * the note, sheet or export around it.
 */
function typesetTex(tex: string, displayMode: boolean): string {
  try {
    return katex().renderToString(tex, { ...KATEX_OPTIONS, displayMode });
  } catch (error) {
    return formulaErrorHtml(tex, error);
  }
}

function renderMath(tex: string, displayMode: boolean, env: NoteEnv | undefined, isBlock = displayMode): string {
  const html = env?.isMathDeferred ? escapeHtml(tex) : typesetTex(tex, displayMode);
  const tag = isBlock ? 'div' : 'span';
  return `<${tag} class="math ${displayMode ? 'math-display' : 'math-inline'}" data-tex="${escapeHtml(tex)}" data-display="${displayMode}">${html}</${tag}>`;
}

function installRenderRules(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  rules.math_inline = (tokens, idx, _options, env: NoteEnv | undefined) => {
    const token = tokens[idx] as Token;
    return renderMath(token.content, (token.meta as { display?: boolean } | null)?.display === true, env, false);
  };
  rules.math_block = (tokens, idx, _options, env: NoteEnv | undefined) => `${renderMath((tokens[idx] as Token).content, true, env)}\n`;

  const defaultFence = rules.fence;
  rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx] as Token;
    const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (lang === 'mermaid') {
      return `<div class="mermaid-block" data-diagram="${diagramHash(token.content)}"><pre class="mermaid-source"><code>${escapeHtml(token.content)}</code></pre></div>\n`;
    }
    return defaultFence ? defaultFence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };

  rules.image = (tokens, idx, _options, env: NoteEnv | undefined) => renderImage(tokens[idx] as Token, env);

  rules.link_open = (tokens, idx, options, env: NoteEnv | undefined, self: Renderer) => {
    const token = tokens[idx] as Token;
    const href = String(token.attrGet('href') ?? '');
    if (/^(https?:|mailto:)/i.test(href)) {
      token.attrJoin('class', 'external-link');
      token.attrSet('rel', 'noopener noreferrer nofollow');
    } else if (!href.startsWith('#')) {
      token.attrJoin('class', 'note-link');
      token.attrSet('data-note-path', resolveNoteHref(href, env?.notePath));
    }
    return self.renderToken(tokens, idx, options);
  };

  rules.wikilink = (tokens, idx) => {
    const token = tokens[idx] as Token;
    const link = token.meta as { target: string; heading: string };
    const heading = link.heading ? ` data-heading="${escapeHtml(link.heading)}"` : '';
    return `<a class="wikilink" href="#" data-wikilink="${escapeHtml(link.target)}"${heading}>${escapeHtml(token.content)}</a>`;
  };

  // Raw HTML comes in fragments: `<details>` opens in one block and closes in
  // another, so the tags a fragment leaves open are carried to the next one.
  // No wrapper element around raw HTML blocks: a wrapper's </div> would close
  // `<details>` early, leaving the answer outside.
  const openTags = (env: NoteEnv | undefined): string[] => (env ? (env.openHtmlTags ??= []) : []);
  rules.html_inline = (tokens, idx, _options, env: NoteEnv | undefined) =>
    showHtmlImages(sanitizeHtml((tokens[idx] as Token).content, openTags(env)).html, env);
  rules.html_block = (tokens, idx, _options, env: NoteEnv | undefined) => {
    const token = tokens[idx] as Token;
    if ((token.meta as { isRawHtmlCut?: boolean } | null)?.isRawHtmlCut) return `<p>${escapeHtml(token.content)}</p>\n`;
    return showHtmlImages(sanitizeHtml(token.content, openTags(env)).html, env);
  };

  // Text and inline code: runs no line can hold get places to break (long-words.ts).
  rules.text = (tokens, idx) => escapeWithBreaks((tokens[idx] as Token).content);
  rules.code_inline = (tokens, idx, _options, _env, self: Renderer) => {
    const token = tokens[idx] as Token;
    return `<code${self.renderAttrs(token)}>${escapeWithBreaks(token.content)}</code>`;
  };

  rules.softbreak = (tokens, idx) => ({ join: '', space: '\n', break: '<br>\n' })[softbreakKind(tokens, idx)];
}

function createMarkdownIt(): MarkdownIt {
  const md = markdownIt({ html: true, linkify: true, typographer: false, highlight: highlightCode, maxNesting: MAX_BLOCK_DEPTH });
  // Only links with a scheme: `model.py` or `llama.cpp` must stay text.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  md.use(mathPlugin).use(wikilinkPlugin).use(imageEmbedPlugin).use(calloutPlugin).use(multiplicationSignPlugin);
  md.core.ruler.push('heading_ids', headingIds);
  md.core.ruler.push('cap_nesting', capNesting);
  installRenderRules(md);
  return md;
}

const md = createMarkdownIt();

/** Parses a note body (front matter already removed) into markdown-it tokens. */
export function parseMarkdown(body: string, env: NoteEnv = {}): Token[] {
  return md.parse(normalizeEnumerations(body), env);
}

/**
 * Parses a body that normalizeEnumerations already rewrote: the importer
 * keeps the rewritten body for the question finder, so it is made once.
 */
export function parseNormalizedMarkdown(normalizedBody: string, env: NoteEnv = {}): Token[] {
  return md.parse(normalizedBody, env);
}

/** Renders a note body to HTML that is safe to show (see safe-html.ts). */
export function renderMarkdown(body: string, env: NoteEnv = {}): string {
  return md.renderer.render(parseMarkdown(body, env), md.options, env);
}

/** Renders tokens from {@link parseMarkdown}, when the caller already parsed. */
export function renderTokens(tokens: Token[], env: NoteEnv = {}): string {
  return md.renderer.render(tokens, md.options, env);
}
