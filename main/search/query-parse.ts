import { scanTokens } from './tokens.js';
import type { TextToken } from './tokens.js';

/**
 * What a person types in the search box, as FTS5 query syntax. Any string is
 * a valid query: the text is cut into tokens exactly as the index is, and
 * only tokens (letters, digits, Han characters) reach FTS5, each phrase
 * quoted by us, so nothing typed can be read as FTS5 syntax.
 *
 * - Words separated by spaces must all occur (`KV 缓存`, `go 命令`).
 * - A word is a phrase of its tokens: 幻觉 → "幻 觉", KV缓存 → "kv 缓 存",
 *   \sqrt{d_k} → "sqrt d k", top-p → "top p".
 * - Latin words of three letters or more also match as prefixes (`atten`
 *   finds attention), as does any word typed with a trailing `*`.
 * - "double quotes" make one phrase of several words, matched exactly.
 * - OR between two words accepts either; AND is what spaces mean anyway; a
 *   leading `-` or NOT excludes a word, when something else is searched.
 * - Clause punctuation (，。、；) separates words like a space does.
 */

export interface QueryTerm {
  /** Folded tokens, in order. */
  tokens: string[];
  /** The last token also matches longer words it begins. */
  isPrefix: boolean;
}

export interface ParsedQuery {
  /** Every group must match; a group matches when any of its terms does. */
  groups: QueryTerm[][];
  excluded: QueryTerm[];
}

/** Beyond these, a pasted page of text is searched by its beginning. */
const MAX_TERMS = 24;
const MAX_PHRASE_TOKENS = 32;
const MIN_PREFIX_LENGTH = 3;

interface Chunk {
  text: string;
  isQuoted: boolean;
}

/** Splits on white space outside quotes; an unclosed quote runs to the end. */
function chunks(query: string): Chunk[] {
  const found: Chunk[] = [];
  const pattern = /"([^"]*)"?|[^\s"]+/g;
  for (const match of query.matchAll(pattern)) {
    if (match[1] !== undefined) found.push({ text: match[1], isQuoted: true });
    else found.push({ text: match[0], isQuoted: false });
    if (found.length > MAX_TERMS * 4) break;
  }
  return found;
}

/**
 * The terms in one typed word (or quoted phrase): its tokens, cut where the
 * index cuts phrases (幻觉，显存 and min(d,k) are two terms each).
 */
function termsOf(text: string, isQuoted: boolean, isStarred: boolean): QueryTerm[] {
  const runs: TextToken[][] = [];
  for (const token of scanTokens(text, MAX_PHRASE_TOKENS)) {
    if (runs.length === 0 || token.isAfterBreak) runs.push([token]);
    else runs[runs.length - 1]?.push(token);
  }
  return runs.map((run, i) => {
    const last = run[run.length - 1] as TextToken;
    const isLast = i === runs.length - 1;
    const isPrefix = !last.isHan && ((isStarred && isLast) || (!isQuoted && last.norm.length >= MIN_PREFIX_LENGTH));
    return { tokens: run.map((t) => t.norm), isPrefix };
  });
}

/** Reads a query; see the module comment for what it understands. */
export function parseQuery(query: string): ParsedQuery {
  const groups: QueryTerm[][] = [];
  const excluded: QueryTerm[] = [];
  let isOrPending = false;
  let isNotPending = false;
  let count = 0;
  for (const chunk of chunks(query.normalize('NFKC'))) {
    if (count >= MAX_TERMS) break;
    if (!chunk.isQuoted) {
      if (chunk.text === 'AND') continue;
      if (chunk.text === 'OR') {
        isOrPending = groups.length > 0;
        continue;
      }
      if (chunk.text === 'NOT') {
        isNotPending = true;
        continue;
      }
    }
    let text = chunk.text;
    let isExcluded = isNotPending;
    isNotPending = false;
    if (!chunk.isQuoted && text.length > 1 && text.startsWith('-')) {
      isExcluded = true;
      text = text.slice(1);
    }
    const isStarred = !chunk.isQuoted && text.endsWith('*');
    for (const term of termsOf(text, chunk.isQuoted, isStarred)) {
      if (count >= MAX_TERMS) break;
      count++;
      if (isExcluded) excluded.push(term);
      else if (isOrPending && groups.length > 0) groups[groups.length - 1]?.push(term);
      else groups.push([term]);
      isOrPending = false;
    }
  }
  return { groups, excluded };
}

function phrase(term: QueryTerm): string {
  return `"${term.tokens.join(' ')}"${term.isPrefix ? '*' : ''}`;
}

/** One group as FTS5: a phrase, or phrases joined by OR. */
function groupExpression(group: QueryTerm[]): string {
  return group.length === 1 ? phrase(group[0] as QueryTerm) : `(${group.map(phrase).join(' OR ')})`;
}

/**
 * The FTS5 expression for a parsed query, or null when there is nothing to
 * search for (an empty query, only punctuation, only exclusions).
 */
export function toFtsQuery(parsed: ParsedQuery): string | null {
  if (parsed.groups.length === 0) return null;
  let expression = parsed.groups.map(groupExpression).join(' AND ');
  for (const term of parsed.excluded) expression = `(${expression}) NOT ${phrase(term)}`;
  return expression;
}

/** Every term of a query that should be marked where it occurs (exclusions are not). */
export function markedTerms(parsed: ParsedQuery): QueryTerm[] {
  return parsed.groups.flat();
}

/** A name as its tokens (`KV缓存`, `kv 缓存` and `KV-缓存` are one key), to compare names with a query. */
export function nameKey(name: string): string {
  return scanTokens(name.normalize('NFKC'), MAX_PHRASE_TOKENS + 1)
    .map((t) => t.norm)
    .join(' ');
}

/**
 * What a query must equal to name a concept exactly: its tokens, when it is
 * plain words (no OR, no exclusion); else null. `KV 缓存` names the concept
 * called KV缓存 or aliased `kv 缓存`.
 */
export function exactNameKey(parsed: ParsedQuery): string | null {
  if (parsed.excluded.length > 0 || parsed.groups.length === 0 || parsed.groups.some((group) => group.length !== 1)) return null;
  const tokens = parsed.groups.flatMap((group) => (group[0] as QueryTerm).tokens);
  return tokens.length > MAX_PHRASE_TOKENS ? null : tokens.join(' ');
}

/** FTS5 for the concepts whose name or aliases hold the query's tokens in a row: the candidates for {@link exactNameKey}. */
export function namePhraseQuery(key: string): string {
  return `{title headings} : "${key}"`;
}
