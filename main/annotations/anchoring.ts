/**
 * Re-anchoring: finding where an annotation belongs in a new version of its
 * note's text projection. In the spirit of Hypothesis's match-quote (but not
 * its code), with a minimum confidence below which the annotation becomes an
 * orphan instead of attaching to the wrong text:
 *
 * 1. position — the old offsets, if the quote and its context are unchanged;
 * 2. exact — every occurrence of the quote, ranked by context and position;
 * 3. approximate — near the old position and wherever the context survives
 *    (Myers' bit-parallel search, approx-string-match), the stretch the intact
 *    context brackets, and if still unconvincing the best matches anywhere.
 *
 * Candidates are ranked by score and the best is trusted only with enough
 * confidence (scoring.ts). Matching happens on NFC text; results are offsets
 * into the text as given, widened to whole characters.
 */
import { contextPattern } from './context.js';
import { describeSpan } from './selectors.js';
import type { AnchorTarget } from './selectors.js';
import { findCandidates, scoreCandidates } from './candidates.js';
import type { QuoteQuery, ScoredCandidate } from './candidates.js';
import { MIN_CONFIDENCE, confidence } from './scoring.js';
import { prepareSearchText } from './search-text.js';
import type { SearchText } from './search-text.js';
import { snapSpan } from './text-units.js';

/**
 * How an annotation was found on the new text: at its old position with the
 * same text there, as an exact occurrence of its quote elsewhere, or as an
 * approximate occurrence (the quote itself was edited).
 */
export type AnchorMethod = 'position' | 'exact' | 'approximate';

/**
 * The outcome of re-anchoring one annotation. An orphan carries the best
 * score any candidate reached, for diagnostics; its old selectors stay with
 * the caller until the person decides its fate.
 */
export type AnchorResult =
  { state: 'anchored'; target: AnchorTarget; method: AnchorMethod; score: number } | { state: 'orphan'; score: number };

/**
 * When the best exact occurrence scores at least this (its context agrees on
 * both sides), an approximate search could only find something worse.
 */
const CONFIDENT_EXACT = 0.93;
/** When a nearby approximate candidate scores at least this, searching the whole text is not worth it. */
const CONFIDENT_NEARBY = 0.9;

function nfc(s: string): string {
  return s.normalize('NFC');
}

/** True when the text at the old position still equals the quote (up to NFC). */
function quoteAtPosition(raw: string, target: AnchorTarget): boolean {
  const { start, end } = target;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= raw.length && start < end)) return false;
  const there = raw.slice(start, end);
  return there === target.quote.exact || nfc(there) === nfc(target.quote.exact);
}

/** True when the stored prefix and suffix sit unchanged around the old position. */
function contextAtPosition(raw: string, target: AnchorTarget): boolean {
  const { prefix, suffix } = target.quote;
  const prefixHolds =
    prefix.length === 0 ? target.start === 0 : target.start >= prefix.length && raw.startsWith(prefix, target.start - prefix.length);
  const suffixHolds = suffix.length === 0 ? target.end === raw.length : raw.startsWith(suffix, target.end);
  return prefixHolds && suffixHolds;
}

function overlaps(a: ScoredCandidate, b: ScoredCandidate): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Confidence that `ranked[0]` is where the annotation belongs (see scoring.ts). */
function confidenceInBest(ranked: ScoredCandidate[], query: QuoteQuery): number {
  const best = ranked[0] as ScoredCandidate;
  const elsewhere = ranked.filter((candidate) => !overlaps(candidate, best));
  return confidence({
    parts: best.parts,
    score: best.score,
    evidence: best.evidence,
    lead: elsewhere[0] ? best.score - elsewhere[0].score : undefined,
    isOnlyExactOccurrence: best.errors === 0 && !elsewhere.some((candidate) => candidate.errors === 0),
    quoteLength: query.quote.length,
    distance: Math.abs(best.start - query.hint),
    isLineIntact: best.isLineIntact,
  });
}

function queryFor(target: AnchorTarget, prepared: SearchText): QuoteQuery {
  const prefix = nfc(target.quote.prefix);
  const suffix = nfc(target.quote.suffix);
  return {
    quote: nfc(target.quote.exact),
    prefix,
    suffix,
    hint: prepared.fromRaw(target.start),
    prefixPattern: contextPattern(prefix, 'prefix'),
    suffixPattern: contextPattern(suffix, 'suffix'),
  };
}

/** Candidates for the query on the prepared text, best first. */
function rankCandidates(query: QuoteQuery, prepared: SearchText): ScoredCandidate[] {
  // 2. Exact occurrences (the old position among them, if the quote is still
  //    there); 3. approximate ones unless an exact one is already convincing:
  //    first near the old position and the surviving context, then — unless
  //    that found the quote with its context — anywhere.
  const ranked = scoreCandidates(prepared.text, query, findCandidates(prepared.text, query, 'exact'));
  const bestScore = (): number => ranked.reduce((best, c) => Math.max(best, c.score), 0);
  if (bestScore() < CONFIDENT_EXACT) {
    ranked.push(...scoreCandidates(prepared.text, query, findCandidates(prepared.text, query, 'nearby')));
    if (bestScore() < CONFIDENT_NEARBY)
      ranked.push(...scoreCandidates(prepared.text, query, findCandidates(prepared.text, query, 'anywhere')));
  }
  return ranked.sort((a, b) => b.score - a.score || a.errors - b.errors);
}

function anchorPrepared(target: AnchorTarget, prepared: SearchText): AnchorResult {
  const { raw } = prepared;
  if (target.quote.exact.length === 0 || raw.length === 0) return { state: 'orphan', score: 0 };

  // 1. The old position, when nothing around it changed.
  const isQuoteAtPosition = quoteAtPosition(raw, target);
  if (isQuoteAtPosition && contextAtPosition(raw, target)) {
    return { state: 'anchored', target: describeSpan(raw, target.start, target.end), method: 'position', score: 1 };
  }

  const query = queryFor(target, prepared);
  const ranked = rankCandidates(query, prepared);
  const best = ranked[0];
  if (!best) return { state: 'orphan', score: 0 };
  if (confidenceInBest(ranked, query) < MIN_CONFIDENCE) return { state: 'orphan', score: best.score };

  const span = snapSpan(raw, prepared.toRawStart(best.start), prepared.toRawEnd(best.end));
  const isOldPosition = isQuoteAtPosition && span.start === target.start && span.end === target.end;
  const method: AnchorMethod = isOldPosition ? 'position' : best.errors === 0 ? 'exact' : 'approximate';
  return { state: 'anchored', target: describeSpan(raw, span.start, span.end), method, score: best.score };
}

/**
 * Diagnostics: the best candidates anchoring considered for `target` on
 * `text` (offsets into `text`) with the parts of their scores, and the
 * confidence in the first (trusted from {@link MIN_CONFIDENCE}) — to see why
 * an annotation became an orphan or landed where it did.
 */
export function explainAnchor(target: AnchorTarget, text: string, limit = 3): { candidates: ScoredCandidate[]; confidence: number } {
  if (target.quote.exact.length === 0) return { candidates: [], confidence: 0 };
  const prepared = prepareSearchText(text);
  const query = queryFor(target, prepared);
  const ranked = rankCandidates(query, prepared);
  return {
    candidates: ranked.slice(0, limit).map((c) => ({ ...c, start: prepared.toRawStart(c.start), end: prepared.toRawEnd(c.end) })),
    confidence: ranked.length > 0 ? confidenceInBest(ranked, query) : 0,
  };
}

/**
 * Re-anchors one annotation on `text`: the old position if the quote and its
 * context are still there, else the best exact or approximate occurrence of
 * the quote (or the stretch its intact context brackets), ranked by quote,
 * prefix, suffix and distance from the old position. When the confidence in
 * the best is below the minimum the result is an orphan, never a guess.
 * Offsets are UTF-16 code units into `text` and never split a surrogate pair.
 */
export function anchor(target: AnchorTarget, text: string): AnchorResult {
  return anchorPrepared(target, prepareSearchText(text));
}

/**
 * Re-anchors many annotations on the same text (a note re-imported), sharing
 * any preprocessing; same results as calling anchor() on each.
 */
export function anchorAll(targets: AnchorTarget[], text: string): AnchorResult[] {
  const prepared = prepareSearchText(text);
  return targets.map((target) => anchorPrepared(target, prepared));
}
