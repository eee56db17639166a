import { foldFullWidth, isHanCode } from '../../db/search-text.js';
import type { QueryTerm } from './query-parse.js';
import { readableTex, readableTexPieces } from './readable-tex.js';
import { isWordCharAt, scanTokens, wordParts } from './tokens.js';
import type { TextToken } from './tokens.js';

/**
 * Where a query's terms occur in a text, and the snippet shown for a hit.
 * Matching follows the index's rules (see tokens.ts), on the original text,
 * so offsets are UTF-16 offsets into it and Han characters stay joined.
 */

export interface TermMatch {
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
  /** Index of the term in the list given to {@link findMatches}. */
  term: number;
}

function tokenMatches(token: string, wanted: string, isPrefix: boolean): boolean {
  return isPrefix ? token.startsWith(wanted) : token === wanted;
}

function matchAt(tokens: TextToken[], at: number, term: QueryTerm): { start: number; end: number } | undefined {
  const count = term.tokens.length;
  for (let j = 0; j < count; j++) {
    const token = tokens[at + j];
    if (!token || (j > 0 && token.isAfterBreak)) return undefined;
    if (!tokenMatches(token.norm, term.tokens[j] as string, term.isPrefix && j === count - 1)) return undefined;
  }
  return { start: (tokens[at] as TextToken).start, end: (tokens[at + count - 1] as TextToken).end };
}

/**
 * Where a term can start: each place its first token occurs, moved back to
 * the start of the word it is in (a Latin token is a whole word: kv must not
 * match inside kvcache). A Han character is a token of its own wherever it
 * stands, even right after a Latin word: 缓存 in KV缓存 starts at 缓 (moved
 * back to K, it was never found, so such a section was not a place).
 */
function candidateStarts(text: string, lowered: string, first: string): Set<number> {
  const starts = new Set<number>();
  const isHan = isHanCode(first.codePointAt(0) ?? 0);
  for (let at = lowered.indexOf(first); at !== -1; at = lowered.indexOf(first, at + 1)) {
    let start = at;
    while (!isHan && start > 0 && isWordCharAt(text, start - 1)) start--;
    starts.add(start);
  }
  return starts;
}

/**
 * Every occurrence of `terms` in `text`, in order, without overlaps (the
 * longer of two overlapping matches wins). A one-word term also matches a
 * part of a compound word (attention in PagedAttention), as the index does.
 * Only the places where a term's first token occurs are tokenised: a hit's
 * note is read in full, but its few matches are all that is wanted.
 */
export function findMatches(text: string, terms: QueryTerm[], max = 1000): TermMatch[] {
  if (terms.length === 0 || text === '') return [];
  // Full-width letters folded as the index folds them (ＫＶ is found by kv); one code unit for one.
  const lowered = foldFullWidth(text).toLowerCase();
  // Lower-casing changed some offsets (a rare letter grew): tokenise it all instead.
  const isAligned = lowered.length === text.length;
  const found: TermMatch[] = [];
  terms.forEach((term, i) => {
    const first = term.tokens[0] ?? '';
    const starts =
      isAligned && /^[\p{L}\p{N}]+$/u.test(first) && first === first.normalize('NFKD') ? candidateStarts(text, lowered, first) : [0];
    for (const start of starts) {
      const tokens = scanTokens(text, isAligned ? term.tokens.length : Number.POSITIVE_INFINITY, start);
      const span = isAligned ? 1 : tokens.length;
      for (let at = 0; at < span && found.length < max; at++) {
        const match = matchAt(tokens, at, term);
        if (match) {
          found.push({ ...match, term: i });
          continue;
        }
        const token = tokens[at];
        if (!token || term.tokens.length !== 1) continue;
        for (const part of wordParts(text, token)) {
          if (tokenMatches(part.norm, first, term.isPrefix)) found.push({ start: part.start, end: part.end, term: i });
        }
      }
    }
  });
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TermMatch[] = [];
  for (const match of found) {
    const previous = kept[kept.length - 1];
    if (previous && match.start < previous.end) continue;
    kept.push(match);
  }
  return kept;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** SECURITY: note text is untrusted; everything in a snippet goes through here before <mark> is added. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Line ends and tabs read as spaces in a one-line snippet. */
function flatten(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Where a formula's TeX lies in a note's text (UTF-16 offsets, end exclusive). */
export interface FormulaSpan {
  start: number;
  end: number;
}

/** A formula as stored: its TeX, and where its section starts in the note's text (0 when before any). */
export interface StoredFormula {
  tex: string;
  sectionStart: number;
}

/**
 * Where a note's formulas are in its text projection, which holds each
 * formula's TeX once, in reading order (main/markdown/projection.ts):
 * each is looked for after the one before and not before its own section,
 * so the whole walk reads the text once. The store keeps no offsets for
 * formulas, so prose in the same section that repeats a formula's TeX
 * before it is taken for it (then that prose reads as math, and the formula
 * as TeX). A formula not found (the note changed under it) is skipped.
 */
export function locateFormulas(text: string, formulas: StoredFormula[]): FormulaSpan[] {
  const spans: FormulaSpan[] = [];
  let from = 0;
  for (const { tex, sectionStart } of formulas) {
    // A formula without a command, script or brace reads as it is written (x, L=32): nothing to place.
    if (tex === '' || !TEX_CHAR.test(tex)) continue;
    const at = text.indexOf(tex, Math.max(from, sectionStart));
    if (at === -1) continue;
    spans.push({ start: at, end: at + tex.length });
    from = at + tex.length;
  }
  return spans;
}

/**
 * The formulas of a note that lie in its text from `start` to `end` (a
 * quote), as offsets into that stretch; one cut by its edge keeps the part
 * inside.
 */
export function formulasWithin(formulas: FormulaSpan[], start: number, end: number): FormulaSpan[] {
  const inside: FormulaSpan[] = [];
  for (let f = firstFormulaAfter(formulas, start); f < formulas.length; f++) {
    const formula = formulas[f] as FormulaSpan;
    if (formula.start >= end) break;
    inside.push({ start: Math.max(formula.start, start) - start, end: Math.min(formula.end, end) - start });
  }
  return inside;
}

/** `text` as plain text with its formulas (offsets into it) readable: a title, where no HTML goes. */
export function readableText(text: string, formulas: FormulaSpan[]): string {
  if (formulas.length === 0) return text;
  let out = '';
  let at = 0;
  for (const formula of formulas) {
    out += text.slice(at, formula.start) + readableTex(text.slice(formula.start, formula.end));
    at = formula.end;
  }
  return out + text.slice(at);
}

/** A cut this close to a formula's edge moves to the edge, so the formula is shown whole. */
const FORMULA_SNAP = 80;

/**
 * A note's formulas, or how to find them: reading them from the store costs
 * more than a hit's other work when a note has many, so a snippet or heading
 * asks only when it holds TeX ({@link TEX_CHAR}).
 */
export type Formulas = FormulaSpan[] | (() => FormulaSpan[]);

/** What every formula worth rewriting holds (locateFormulas skips the others). */
const TEX_CHAR = /[\\^_{}]/;

/** {@link locateFormulas} run the first time they are asked for, once. */
export function formulasOnDemand(text: string, load: () => StoredFormula[]): () => FormulaSpan[] {
  let spans: FormulaSpan[] | undefined;
  return () => (spans ??= locateFormulas(text, load()));
}

/** The formulas, when `text` from `from` to `to` (and as far as a cut may snap) holds TeX. */
export function formulasNear(text: string, from: number, to: number, formulas: Formulas): FormulaSpan[] {
  if (Array.isArray(formulas)) return formulas;
  return TEX_CHAR.test(text.slice(Math.max(0, from - FORMULA_SNAP), to + FORMULA_SNAP)) ? formulas() : [];
}

/** The first formula ending after `offset` (formulas are sorted and do not overlap). */
function firstFormulaAfter(formulas: FormulaSpan[], offset: number): number {
  let low = 0;
  let high = formulas.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((formulas[mid] as FormulaSpan).end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Plain text from `from` to `to` as HTML, with the matches inside marked. */
function plainHtml(text: string, from: number, to: number, matches: TermMatch[]): string {
  let html = '';
  let at = from;
  for (const match of matches) {
    if (match.end <= from || match.start >= to) continue;
    const start = Math.max(match.start, at);
    const end = Math.min(match.end, to);
    if (end <= start) continue;
    html += escapeHtml(flatten(text.slice(at, start))) + '<mark>' + escapeHtml(flatten(text.slice(start, end))) + '</mark>';
    at = end;
  }
  return html + escapeHtml(flatten(text.slice(at, to)));
}

/**
 * The part `from`–`to` of a formula as a reader reads it (readable-tex.ts),
 * as HTML: a piece of readable text is marked when the TeX it stands for
 * overlaps a match, so `d_k` marks d_k in √d_k and `\sqrt{d_k}` all of it.
 */
function formulaHtml(text: string, formula: FormulaSpan, from: number, to: number, matches: TermMatch[]): string {
  const pieces = readableTexPieces(text.slice(formula.start, formula.end));
  let html = '';
  let isMarked = false;
  for (const piece of pieces) {
    const start = formula.start + piece.from;
    const end = formula.start + Math.max(piece.to, piece.from + 1);
    if (start < from || end > to || piece.text === '') continue;
    const marked = matches.some((m) => m.start < end && start < m.end);
    if (marked !== isMarked) html += marked ? '<mark>' : '</mark>';
    isMarked = marked;
    html += escapeHtml(flatten(piece.text));
  }
  return isMarked ? `${html}</mark>` : html;
}

/**
 * The text around `focus` (from the start of its line, at most `before`
 * characters back, to `after` characters past it, and not past `stopAt`) as
 * HTML: escaped, with every match inside marked, and … where text was cut.
 * Formulas (`formulas`, from {@link locateFormulas}) show as a reader reads
 * them, not as TeX; a cut that falls inside one moves to its edge when near.
 * Without a focus, the beginning of the text.
 */
export function snippetHtml(
  text: string,
  matches: TermMatch[],
  focus: TermMatch | undefined,
  before = 40,
  after = 90,
  stopAt = text.length,
  formulasOf: Formulas = [],
): string {
  const anchor = focus ?? { start: 0, end: 0 };
  const lineStart = text.lastIndexOf('\n', anchor.start - 1) + 1;
  let start = Math.max(lineStart, anchor.start - before);
  let end = Math.min(text.length, anchor.end + after, Math.max(stopAt, anchor.end));
  const formulas = formulasNear(text, start, end, formulasOf);
  const cutAtStart = formulas[firstFormulaAfter(formulas, start)];
  if (cutAtStart && cutAtStart.start < start && start - cutAtStart.start <= FORMULA_SNAP) start = cutAtStart.start;
  const cutAtEnd = formulas[firstFormulaAfter(formulas, end)];
  if (cutAtEnd && cutAtEnd.start < end && cutAtEnd.end - end <= FORMULA_SNAP) end = cutAtEnd.end;
  if (start > 0 && isLowSurrogate(text, start)) start--;
  if (end < text.length && isLowSurrogate(text, end)) end++;
  // Matches are in text order and do not overlap: those in view follow the first one ending after the start.
  let first = 0;
  for (let high = matches.length; first < high;) {
    const mid = (first + high) >> 1;
    if ((matches[mid] as TermMatch).end <= start) first = mid + 1;
    else high = mid;
  }
  const visible: TermMatch[] = [];
  for (let m = first; m < matches.length && (matches[m] as TermMatch).start < end; m++) visible.push(matches[m] as TermMatch);
  let html = start > lineStart ? '…' : '';
  let at = start;
  for (let f = firstFormulaAfter(formulas, start); f < formulas.length; f++) {
    const formula = formulas[f] as FormulaSpan;
    if (formula.start >= end) break;
    const from = Math.max(formula.start, start);
    const to = Math.min(formula.end, end);
    html += plainHtml(text, at, from, visible) + formulaHtml(text, formula, from, to, visible);
    at = to;
  }
  html += plainHtml(text, at, end, visible);
  if (end < text.length && end < Math.max(stopAt, anchor.end)) html += '…';
  return html.trim();
}
