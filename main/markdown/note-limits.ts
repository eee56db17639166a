import type { StateCore, Token } from 'markdown-it';

/*
 * How much of one structure a note may hold before the rest is no longer
 * treated as that structure. Notes come from strangers: a folder may hold a
 * note of a million headings or emphasis nested 100,000 deep, and each such
 * structure costs rows in the store, entries in the table of contents,
 * elements in the reader's DOM. The limits sit far above any note a person
 * writes (the longest interview notes we know have ~1,500 headings, tables of
 * a few hundred rows, emphasis nested 3 deep), so a real note never meets them,
 * and what is past them is still stored and shown as text: only the structure
 * is cut, and the import report names what was cut.
 */

/** Headings that become sections (table of contents, search scopes, cards); later ones stay text. */
export const MAX_SECTIONS = 20_000;
/**
 * Links per note: later ones are shown as their label's text, not recorded
 * (backlinks, concepts). 200,000 links made 21 MB of HTML that took the main
 * process 5 s to render and the reader half a minute to show.
 */
export const MAX_LINKS = 20_000;
/** Inline formulas per note: later ones stay as their `$…$` source, not indexed nor typeset. */
export const MAX_FORMULAS = 20_000;
/** Questions per note that become drill cards. */
export const MAX_QUESTIONS = 20_000;
/**
 * Emphasis, strike-through and links nested inside one another: deeper ones
 * are shown as their plain marks (`*`, `**`, `~~`). A browser parses and
 * sanitizes deeply nested HTML in time that grows with the depth times the
 * length, which froze the reader for a minute on 910 KB of nested `*`.
 */
export const MAX_INLINE_DEPTH = 32;
/**
 * Block quotes and lists nested in one another (markdown-it's maxNesting):
 * markdown-it stops reading a container past this depth, so its deeper
 * content is not shown, and the note says so.
 */
export const MAX_BLOCK_DEPTH = 100;
/**
 * Raw HTML fragments cleaned per note. The parser-based sanitizer costs tens
 * of microseconds a fragment; past this many (no real note comes near), the
 * rest is shown as the text it was written as, so a note of a million tags
 * costs a fraction of a second, not a minute.
 */
export const MAX_RAW_HTML = 5_000;

/** What was cut from one note, counted while it is parsed and projected. */
export interface NoteCuts {
  sections: number;
  links: number;
  formulas: number;
  questions: number;
  inlineDepth: number;
  blockDepth: boolean;
  rawHtml: number;
}

export function noCuts(): NoteCuts {
  return { sections: 0, links: 0, formulas: 0, questions: 0, inlineDepth: 0, blockDepth: false, rawHtml: 0 };
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The per-note warnings for what was cut, in the words of the import report. */
export function cutWarnings(cuts: NoteCuts): string[] {
  const warnings: string[] = [];
  if (cuts.sections > 0)
    warnings.push(`only the first ${count(MAX_SECTIONS)} headings are sections (${count(cuts.sections)} more are kept as text)`);
  if (cuts.questions > 0)
    warnings.push(`only the first ${count(MAX_QUESTIONS)} questions are drill cards (${count(cuts.questions)} more are not)`);
  if (cuts.links > 0) warnings.push(`only the first ${count(MAX_LINKS)} links are links (${count(cuts.links)} more are kept as text)`);
  if (cuts.formulas > 0)
    warnings.push(`only the first ${count(MAX_FORMULAS)} formulas are formulas (${count(cuts.formulas)} more are kept as their source)`);
  if (cuts.inlineDepth > 0)
    warnings.push(`emphasis or links nested deeper than ${MAX_INLINE_DEPTH} are shown as plain marks (${count(cuts.inlineDepth)} of them)`);
  if (cuts.blockDepth) warnings.push(`lists or quotes nested deeper than ${MAX_BLOCK_DEPTH} are cut: what lies deeper is not shown`);
  if (cuts.rawHtml > 0)
    warnings.push(
      `only the first ${count(MAX_RAW_HTML)} pieces of raw HTML are read as HTML (${count(cuts.rawHtml)} more are shown as text)`,
    );
  return warnings;
}

/** Where the pipeline leaves the cuts it made for the caller (markdown-it's env). */
export interface CutsEnv {
  cuts?: NoteCuts;
}

const NESTED_OPEN = new Set(['em_open', 'strong_open', 's_open', 'link_open']);
const NESTED_CLOSE = new Set(['em_close', 'strong_close', 's_close', 'link_close']);

/** An inline open or close token past the depth limit, turned into the text it was written as. */
function flatten(token: Token): void {
  token.type = 'text';
  token.tag = '';
  token.nesting = 0;
  token.attrs = null;
  token.content = token.markup === 'linkify' || token.markup === 'autolink' ? '' : token.markup;
}

/**
 * Core rule, after inline parsing: emphasis and links nested deeper than
 * MAX_INLINE_DEPTH, links past MAX_LINKS and inline formulas past
 * MAX_FORMULAS become plain text, in one pass over each inline's children
 * with a stack of what is open. Notes block nesting past markdown-it's limit.
 * The reader, the exports and the importer all parse through here, so what
 * is cut is cut alike in the HTML and in the text annotations anchor in.
 */
export function capNesting(state: StateCore): void {
  const env = state.env as CutsEnv;
  const maxNesting = state.md.options.maxNesting ?? MAX_BLOCK_DEPTH;
  let links = 0;
  let formulas = 0;
  let rawHtml = 0;
  /** Raw HTML past MAX_RAW_HTML: shown as written, in the reader and in the text alike. */
  const isPastRawHtmlLimit = (): boolean => {
    if (++rawHtml <= MAX_RAW_HTML) return false;
    if (env.cuts) env.cuts.rawHtml++;
    return true;
  };
  for (const block of state.tokens) {
    if (block.level >= maxNesting - 1 && env.cuts) env.cuts.blockDepth = true;
    if (block.type === 'html_block' && isPastRawHtmlLimit()) block.meta = { ...(block.meta as object | null), isRawHtmlCut: true };
    if (block.type !== 'inline' || !block.children) continue;
    const isFlattened: boolean[] = [];
    let depth = 0;
    for (const token of block.children) {
      if (token.type === 'html_inline' && isPastRawHtmlLimit()) {
        token.type = 'text';
      } else if (token.type === 'math_inline' && ++formulas > MAX_FORMULAS) {
        token.type = 'text';
        token.content = `${token.markup}${token.content}${token.markup}`;
        if (env.cuts) env.cuts.formulas++;
      } else if (NESTED_OPEN.has(token.type)) {
        const isTooDeep = depth >= MAX_INLINE_DEPTH;
        const isTooMany = token.type === 'link_open' && ++links > MAX_LINKS;
        isFlattened.push(isTooDeep || isTooMany);
        depth++;
        if (isTooDeep || isTooMany) {
          flatten(token);
          if (env.cuts && isTooDeep) env.cuts.inlineDepth++;
          else if (env.cuts) env.cuts.links++;
        }
      } else if (NESTED_CLOSE.has(token.type)) {
        depth = Math.max(0, depth - 1);
        if (isFlattened.pop() === true) flatten(token);
      }
    }
  }
}
