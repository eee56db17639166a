import search from 'approx-string-match';
import { contextSimilarity, isOwnLineIntact } from './context.js';
import type { ContextPattern } from './context.js';
import { MIN_QUOTE_SIMILARITY, combinedScore, editDistance, evidence, positionCloseness } from './scoring.js';
import type { CandidateParts } from './scoring.js';

/** What re-anchoring looks for, NFC-normalized; `hint` is the old start in the searched text. */
export interface QuoteQuery {
  quote: string;
  prefix: string;
  suffix: string;
  hint: number;
  prefixPattern: ContextPattern;
  suffixPattern: ContextPattern;
}

/** A span of the searched text that may be the annotated text, with the quote's edit distance to it. */
export interface Candidate {
  start: number;
  end: number;
  errors: number;
}

export interface ScoredCandidate extends Candidate {
  parts: CandidateParts;
  /** The quote's line moved or stayed whole: its context up to the line ends is unchanged, and one side has a line end. */
  isLineIntact: boolean;
  score: number;
  evidence: number;
}

/** Approximate matches may differ from the quote in at most this share of its length. */
export const MAX_ERROR_RATIO = 0.4;
const MAX_ERRORS = 256;
/** Shorter quotes are not searched approximately (only exactly, or bracketed by their context): an error or two in four characters makes another word. */
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
  if (to - from < query.quote.length - maxErrors) return;
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const match of search(window, query.quote, maxErrors)) {
    const candidate = { start: from + match.start, end: from + match.end, errors: match.errors };
    const key = `${candidate.start}:${candidate.end}`;
    const known = into.get(key);
    if (!known || known.errors > candidate.errors) into.set(key, candidate);
  }
}

/** Where the context still is: ends of the prefix's last characters, starts of the suffix's first ones. */
interface ContextProbes {
  prefixEnds: number[];
  suffixStarts: number[];
}

function probeContext(text: string, query: QuoteQuery): ContextProbes {
  const prefixProbe = query.prefix.slice(-CONTEXT_PROBE);
  const suffixProbe = query.suffix.slice(0, CONTEXT_PROBE);
  const isUsable = (probe: string): boolean => probe.length >= CONTEXT_PROBE / 2;
  return {
    prefixEnds: isUsable(prefixProbe) ? occurrences(text, prefixProbe, MAX_PROBE_HITS).map((at) => at + prefixProbe.length) : [],
    suffixStarts: isUsable(suffixProbe) ? occurrences(text, suffixProbe, MAX_PROBE_HITS) : [],
  };
}

/**
 * Approximate candidates. The library reports only the matches with the fewest
 * errors in the searched text, so besides the whole text it searches small
 * windows where the annotation probably is: around the old position, and after
 * (before) each occurrence of the end of the prefix (start of the suffix).
 * That finds an edited quote in place even when an unedited copy, or a closer
 * near-miss, exists elsewhere. Overlapping windows are searched as one.
 */
function approximateCandidates(text: string, query: QuoteQuery, probes: ContextProbes | 'whole text'): Candidate[] {
  const m = query.quote.length;
  if (m < MIN_APPROXIMATE_LENGTH) return [];
  const maxErrors = Math.min(MAX_ERRORS, Math.floor(m * MAX_ERROR_RATIO));
  if (maxErrors < 1 || text.length < m - maxErrors) return [];
  const found = new Map<string, Candidate>();
  if (probes === 'whole text') {
    searchWindow(text, query, maxErrors, 0, text.length, found);
    return [...found.values()];
  }
  const reach = m + maxErrors + 8;
  const windows: [number, number][] = [
    [query.hint - reach, query.hint + 2 * reach],
    ...probes.prefixEnds.map((after): [number, number] => [after - maxErrors, after + reach]),
    ...probes.suffixStarts.map((before): [number, number] => [before - reach, before + maxErrors]),
  ];
  windows.sort((a, b) => a[0] - b[0]);
  let from = -1;
  let to = -1;
  for (const [a, b] of windows) {
    if (a <= to) {
      to = Math.max(to, b);
      continue;
    }
    if (to > from) searchWindow(text, query, maxErrors, Math.max(0, from), Math.min(text.length, to), found);
    [from, to] = [a, b];
  }
  if (to > from) searchWindow(text, query, maxErrors, Math.max(0, from), Math.min(text.length, to), found);
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
function bracketedCandidates(text: string, query: QuoteQuery, probes: ContextProbes): Candidate[] {
  const m = query.quote.length;
  const found: Candidate[] = [];
  for (const start of probes.prefixEnds) {
    for (const end of probes.suffixStarts) {
      const length = end - start;
      if (length < Math.ceil(m / 2) || length > 2 * m + 8 || m * length > MAX_BRACKETED_CELLS) continue;
      found.push({ start, end, errors: editDistance(query.quote, text.slice(start, end)) });
    }
  }
  return found;
}

/**
 * Candidate spans for the quote: its exact occurrences; its approximate and
 * context-bracketed ones near where it was or where its context still is; or
 * its best approximate ones anywhere in the text.
 */
export function findCandidates(text: string, query: QuoteQuery, kind: 'exact' | 'nearby' | 'anywhere'): Candidate[] {
  if (kind === 'exact') return exactCandidates(text, query);
  if (kind === 'anywhere') return approximateCandidates(text, query, 'whole text');
  const probes = probeContext(text, query);
  return [...approximateCandidates(text, query, probes), ...bracketedCandidates(text, query, probes)];
}

/**
 * Scores candidates by quote, prefix and suffix agreement and closeness to the
 * old position, dropping those whose quote is too different to be the same text.
 */
export function scoreCandidates(text: string, query: QuoteQuery, candidates: Candidate[]): ScoredCandidate[] {
  const m = query.quote.length;
  const lengths = { quote: m, prefix: query.prefixPattern.total, suffix: query.suffixPattern.total };
  return candidates
    .filter((candidate) => candidate.errors <= m * (1 - MIN_QUOTE_SIMILARITY))
    .map((candidate) => {
      const parts = {
        quote: Math.max(0, 1 - candidate.errors / m),
        prefix: contextSimilarity(query.prefixPattern, text, candidate.start),
        suffix: contextSimilarity(query.suffixPattern, text, candidate.end),
        position: positionCloseness(candidate.start, query.hint, text.length),
      };
      const isLineIntact =
        (query.prefixPattern.hasLineEnd || query.suffixPattern.hasLineEnd) &&
        isOwnLineIntact(query.prefixPattern, text, candidate.start) &&
        isOwnLineIntact(query.suffixPattern, text, candidate.end);
      return { ...candidate, parts, isLineIntact, score: combinedScore(parts), evidence: evidence(parts, lengths) };
    });
}
