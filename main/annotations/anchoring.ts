import { describeSpan } from './selectors.js';
import type { AnchorTarget } from './selectors.js';
import { findCandidates, scoreCandidates } from './candidates.js';
import type { QuoteQuery, ScoredCandidate } from './candidates.js';
import { MIN_EVIDENCE, MIN_SCORE } from './scoring.js';
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
  | { state: 'anchored'; target: AnchorTarget; method: AnchorMethod; score: number }
  | { state: 'orphan'; score: number };

/**
 * When the best exact occurrence scores at least this (its context agrees on
 * both sides), an approximate search could only find something worse.
 */
const CONFIDENT_EXACT = 0.93;

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
  const prefixHolds = prefix.length === 0 ? target.start === 0 : target.start >= prefix.length && raw.startsWith(prefix, target.start - prefix.length);
  const suffixHolds = suffix.length === 0 ? target.end === raw.length : raw.startsWith(suffix, target.end);
  return prefixHolds && suffixHolds;
}

/** A candidate is trusted when it scores high enough and rests on enough agreeing characters. */
function isTrusted(candidate: ScoredCandidate): boolean {
  return candidate.score >= MIN_SCORE && candidate.evidence >= MIN_EVIDENCE;
}

/** Candidates for `target` on the prepared text, best first. */
function rankCandidates(target: AnchorTarget, prepared: SearchText): ScoredCandidate[] {
  const query: QuoteQuery = {
    quote: nfc(target.quote.exact),
    prefix: nfc(target.quote.prefix),
    suffix: nfc(target.quote.suffix),
    hint: prepared.fromRaw(target.start),
  };
  // 2. Exact occurrences (the old position among them, if the quote is still
  //    there); 3. approximate ones unless an exact one is already convincing.
  const ranked = scoreCandidates(prepared.text, query, findCandidates(prepared.text, query, 'exact'));
  const bestExact = ranked.reduce((best, c) => Math.max(best, c.score), 0);
  if (bestExact < CONFIDENT_EXACT) ranked.push(...scoreCandidates(prepared.text, query, findCandidates(prepared.text, query, 'approximate')));
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

  const best = rankCandidates(target, prepared)[0];
  if (!best) return { state: 'orphan', score: 0 };
  if (!isTrusted(best)) return { state: 'orphan', score: best.score };

  const span = snapSpan(raw, prepared.toRawStart(best.start), prepared.toRawEnd(best.end));
  const isOldPosition = isQuoteAtPosition && span.start === target.start && span.end === target.end;
  const method: AnchorMethod = isOldPosition ? 'position' : best.errors === 0 ? 'exact' : 'approximate';
  return { state: 'anchored', target: describeSpan(raw, span.start, span.end), method, score: best.score };
}

/**
 * Diagnostics: the best candidates anchoring considered for `target` on
 * `text` (offsets into `text`), with the parts of their scores — to see why
 * an annotation became an orphan or landed where it did.
 */
export function explainAnchor(target: AnchorTarget, text: string, limit = 3): ScoredCandidate[] {
  if (target.quote.exact.length === 0) return [];
  const prepared = prepareSearchText(text);
  return rankCandidates(target, prepared)
    .slice(0, limit)
    .map((c) => ({ ...c, start: prepared.toRawStart(c.start), end: prepared.toRawEnd(c.end) }));
}

/**
 * Re-anchors one annotation on `text`: the old position if the quote is
 * still there, else the best exact or approximate occurrence of the quote,
 * scored by quote, prefix, suffix and distance from the old position. Below
 * the minimum score (or with too little agreeing text) the result is an
 * orphan, never a guess. Offsets are UTF-16 code units into `text` and never
 * split a surrogate pair.
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
