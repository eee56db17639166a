import search from 'approx-string-match';
import { combinedScore, editDistance, evidence, positionCloseness, prefixSimilarity, suffixSimilarity } from './scoring.js';
import type { CandidateParts } from './scoring.js';

/** What re-anchoring looks for, NFC-normalized; `hint` is the old start in the searched text. */
export interface QuoteQuery {
  quote: string;
  prefix: string;
  suffix: string;
  hint: number;
}

/** A span of the searched text that may be the annotated text, with the quote's edit distance to it. */
export interface Candidate {
  start: number;
  end: number;
  errors: number;
}

export interface ScoredCandidate extends Candidate {
  parts: CandidateParts;
  score: number;
  evidence: number;
}

/** Approximate matches may differ from the quote in at most this share of its length. */
export const MAX_ERROR_RATIO = 0.4;
const MAX_ERRORS = 256;
/** Quotes shorter than this are only matched exactly: one error in three characters is another word. */
const MIN_APPROXIMATE_LENGTH = 5;
/** Exact occurrences scored in full; beyond this, a cheap pre-ranking picks which. */
const MAX_SCORED_OCCURRENCES = 200;
/** Characters of context used to locate the quote's neighbourhood when the quote itself changed. */
const CONTEXT_PROBE = 12;
/** Occurrences of a context probe followed up with a local search. */
const MAX_PROBE_HITS = 8;

function occurrences(text: string, needle: string, limit = Number.POSITIVE_INFINITY): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  for (let at = text.indexOf(needle); at !== -1 && found.length < limit; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/** Length of the common tail of `stored` and the text ending at `at` (cheap context agreement). */
function commonTail(stored: string, text: string, at: number): number {
  let n = 0;
  while (n < stored.length && at - n - 1 >= 0 && stored.charCodeAt(stored.length - n - 1) === text.charCodeAt(at - n - 1)) n++;
  return n;
}

function commonHead(stored: string, text: string, at: number): number {
  let n = 0;
  while (n < stored.length && at + n < text.length && stored.charCodeAt(n) === text.charCodeAt(at + n)) n++;
  return n;
}

function exactCandidates(text: string, query: QuoteQuery): Candidate[] {
  let starts = occurrences(text, query.quote);
  if (starts.length > MAX_SCORED_OCCURRENCES) {
    // A very common quote: keep the occurrences whose immediate context
    // agrees best, and among equals the ones nearest the old position.
    const m = query.quote.length;
    const rank = (at: number): number => commonTail(query.prefix, text, at) + commonHead(query.suffix, text, at + m);
    starts = starts
      .map((at) => ({ at, agreement: rank(at), distance: Math.abs(at - query.hint) }))
      .sort((a, b) => b.agreement - a.agreement || a.distance - b.distance)
      .slice(0, MAX_SCORED_OCCURRENCES)
      .map((entry) => entry.at);
  }
  return starts.map((start) => ({ start, end: start + query.quote.length, errors: 0 }));
}

/** Best approximate matches of the quote inside text[from, to), in whole-text offsets. */
function searchWindow(text: string, query: QuoteQuery, maxErrors: number, from: number, to: number, into: Map<string, Candidate>): void {
  const start = Math.max(0, from);
  const end = Math.min(text.length, to);
  if (end - start < query.quote.length - maxErrors) return;
  const window = start === 0 && end === text.length ? text : text.slice(start, end);
  for (const match of search(window, query.quote, maxErrors)) {
    const candidate = { start: start + match.start, end: start + match.end, errors: match.errors };
    const key = `${candidate.start}:${candidate.end}`;
    const known = into.get(key);
    if (!known || known.errors > candidate.errors) into.set(key, candidate);
  }
}

/**
 * Approximate candidates. The library reports only the matches with the fewest
 * errors in the searched text, so besides the whole text it searches small
 * windows where the annotation probably is: around the old position, and after
 * (before) each occurrence of the end of the prefix (start of the suffix).
 * That finds an edited quote in place even when an unedited copy, or a closer
 * near-miss, exists elsewhere.
 */
function approximateCandidates(text: string, query: QuoteQuery): Candidate[] {
  const m = query.quote.length;
  if (m < MIN_APPROXIMATE_LENGTH) return [];
  const maxErrors = Math.min(MAX_ERRORS, Math.floor(m * MAX_ERROR_RATIO));
  if (maxErrors < 1 || text.length < m - maxErrors) return [];
  const found = new Map<string, Candidate>();
  searchWindow(text, query, maxErrors, 0, text.length, found);
  const reach = m + maxErrors + 8;
  searchWindow(text, query, maxErrors, query.hint - reach, query.hint + 2 * reach, found);
  if (query.prefix.length >= CONTEXT_PROBE / 2) {
    const probe = query.prefix.slice(-CONTEXT_PROBE);
    for (const at of occurrences(text, probe, MAX_PROBE_HITS)) {
      const after = at + probe.length;
      searchWindow(text, query, maxErrors, after - maxErrors, after + reach, found);
    }
  }
  if (query.suffix.length >= CONTEXT_PROBE / 2) {
    const probe = query.suffix.slice(0, CONTEXT_PROBE);
    for (const at of occurrences(text, probe, MAX_PROBE_HITS)) {
      searchWindow(text, query, maxErrors, at - reach, at + maxErrors, found);
    }
  }
  return [...found.values()];
}

/** Longest quote whose bracketed candidates get a full edit-distance computation. */
const MAX_BRACKETED_CELLS = 1_000_000;

/**
 * Candidates bracketed by the context: wherever the end of the prefix and the
 * start of the suffix both still occur, with a stretch of about the quote's
 * length between them, that stretch is what became of the quote — however
 * much it was retyped. Scoring decides whether the quote is still close enough.
 */
function bracketedCandidates(text: string, query: QuoteQuery): Candidate[] {
  const m = query.quote.length;
  if (query.prefix.length < CONTEXT_PROBE / 2 || query.suffix.length < CONTEXT_PROBE / 2) return [];
  const leftProbe = query.prefix.slice(-CONTEXT_PROBE);
  const rightProbe = query.suffix.slice(0, CONTEXT_PROBE);
  const lefts = occurrences(text, leftProbe, MAX_PROBE_HITS).map((at) => at + leftProbe.length);
  const rights = occurrences(text, rightProbe, MAX_PROBE_HITS);
  const found: Candidate[] = [];
  for (const start of lefts) {
    for (const end of rights) {
      const length = end - start;
      if (length < Math.ceil(m / 2) || length > 2 * m + 8 || m * length > MAX_BRACKETED_CELLS) continue;
      found.push({ start, end, errors: editDistance(query.quote, text.slice(start, end)) });
    }
  }
  return found;
}

/** Candidate spans for the quote: its exact occurrences, or its approximate and context-bracketed ones. */
export function findCandidates(text: string, query: QuoteQuery, kind: 'exact' | 'approximate'): Candidate[] {
  return kind === 'exact' ? exactCandidates(text, query) : [...approximateCandidates(text, query), ...bracketedCandidates(text, query)];
}

/** Scores candidates by quote, prefix and suffix agreement and closeness to the old position. */
export function scoreCandidates(text: string, query: QuoteQuery, candidates: Candidate[]): ScoredCandidate[] {
  const m = query.quote.length;
  const lengths = { quote: m, prefix: query.prefix.length, suffix: query.suffix.length };
  return candidates.map((candidate) => {
    const parts = {
      quote: Math.max(0, 1 - candidate.errors / m),
      prefix: prefixSimilarity(query.prefix, text, candidate.start),
      suffix: suffixSimilarity(query.suffix, text, candidate.end),
      position: positionCloseness(candidate.start, query.hint, text.length),
    };
    return { ...candidate, parts, score: combinedScore(parts), evidence: evidence(parts, lengths) };
  });
}
