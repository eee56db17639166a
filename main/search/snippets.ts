import { foldFullWidth } from '../../db/search-text.js';
import type { QueryTerm } from './query-parse.js';
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

/** Where a term can start: each place its first token occurs, moved back to the start of the word it is in. */
function candidateStarts(text: string, lowered: string, first: string): Set<number> {
  const starts = new Set<number>();
  for (let at = lowered.indexOf(first); at !== -1; at = lowered.indexOf(first, at + 1)) {
    let start = at;
    while (start > 0 && isWordCharAt(text, start - 1)) start--;
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
    const starts = isAligned && /^[\p{L}\p{N}]+$/u.test(first) && first === first.normalize('NFKD') ? candidateStarts(text, lowered, first) : [0];
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

/**
 * The text around `focus` (from the start of its line, at most `before`
 * characters back, to `after` characters past it, and not past `stopAt`) as
 * HTML: escaped, with every match inside marked, and … where text was cut.
 * Without a focus, the beginning of the text.
 */
export function snippetHtml(text: string, matches: TermMatch[], focus: TermMatch | undefined, before = 40, after = 90, stopAt = text.length): string {
  const anchor = focus ?? { start: 0, end: 0 };
  const lineStart = text.lastIndexOf('\n', anchor.start - 1) + 1;
  let start = Math.max(lineStart, anchor.start - before);
  let end = Math.min(text.length, anchor.end + after, Math.max(stopAt, anchor.end));
  if (start > 0 && isLowSurrogate(text, start)) start--;
  if (end < text.length && isLowSurrogate(text, end)) end++;
  let html = start > lineStart ? '…' : '';
  let at = start;
  for (const match of matches) {
    if (match.end <= start || match.start >= end) continue;
    const from = Math.max(match.start, start);
    const to = Math.min(match.end, end);
    html += escapeHtml(flatten(text.slice(at, from))) + '<mark>' + escapeHtml(flatten(text.slice(from, to))) + '</mark>';
    at = to;
  }
  html += escapeHtml(flatten(text.slice(at, end)));
  if (end < text.length && end < Math.max(stopAt, anchor.end)) html += '…';
  return html.trim();
}
