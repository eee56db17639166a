import type { TextQuoteSelector } from '../api/contract.js';
import { isCjkStretch, isSentenceEnd, snapEndForward, snapSpan, snapStartBack, splitsSurrogatePair } from './text-units.js';

/**
 * Where an annotation points in a note's text projection: a W3C
 * TextQuoteSelector (exact text with context) and a TextPositionSelector
 * (`start`/`end`, UTF-16 code units, end exclusive). The quote is what
 * re-anchoring trusts; the position is a hint that is accepted only when the
 * text there still equals the quote.
 */
export interface AnchorTarget {
  quote: TextQuoteSelector;
  start: number;
  end: number;
}

/** Context kept on each side of a quote in Latin text, in UTF-16 code units. */
export const CONTEXT_UNITS = 32;
/** CJK context runs to a sentence boundary at most this far away. */
export const CJK_CONTEXT_MAX_UNITS = 64;
/**
 * CJK context is never cut shorter than this: a highlight that starts right
 * after 。 keeps the tail of the previous sentence as its prefix instead of
 * a bare 。, which would tell repeated phrases apart no better than nothing.
 */
export const CJK_CONTEXT_MIN_UNITS = 8;

/** Start of the prefix for a quote starting at `start`. */
function prefixStart(text: string, start: number): number {
  const fallback = Math.max(0, start - CONTEXT_UNITS);
  if (!isCjkStretch(text, fallback, start)) return snapStartBack(text, fallback);
  const farthest = start - CJK_CONTEXT_MAX_UNITS;
  for (let i = start - CJK_CONTEXT_MIN_UNITS; i >= Math.max(0, farthest); i--) {
    // The prefix begins with the punctuation itself, so it records that the
    // sentence (or line) starts there.
    if (isSentenceEnd(text, i)) return i;
  }
  // The start of the text is a sentence boundary too.
  if (farthest <= 0) return 0;
  return snapStartBack(text, fallback);
}

/** End (exclusive) of the suffix for a quote ending at `end`. */
function suffixEnd(text: string, end: number): number {
  const fallback = Math.min(text.length, end + CONTEXT_UNITS);
  if (!isCjkStretch(text, end, fallback)) return snapEndForward(text, fallback);
  const farthest = end + CJK_CONTEXT_MAX_UNITS;
  for (let i = end + CJK_CONTEXT_MIN_UNITS - 1; i < Math.min(text.length, farthest); i++) {
    if (isSentenceEnd(text, i)) return i + 1;
  }
  if (farthest >= text.length) return text.length;
  return snapEndForward(text, fallback);
}

/**
 * Selectors for text.slice(start, end): exact + context. Context is ~32 UTF-16
 * units each side, but for CJK text extend/trim to sentence context (up to the
 * nearest sentence punctuation 。！？；\n within ~64 units) because 32 Han
 * characters carry more meaning; never split a surrogate pair.
 *
 * Precisely: offsets are clamped to the text and the span is widened to whole
 * characters (a surrogate pair or a base with its combining marks is never
 * cut). On a side whose 32-unit window is at least 30% CJK, the context runs to
 * the nearest sentence boundary that is 8–64 units away (the prefix starts
 * with the boundary's punctuation, the suffix ends with it; the start and end
 * of the text count as boundaries); without one it is the plain 32 units.
 */
export function describeSpan(text: string, start: number, end: number): AnchorTarget {
  const span = describeSpanAt(text, start, end);
  return {
    quote: {
      exact: text.slice(span.start, span.end),
      prefix: text.slice(span.from, span.start),
      suffix: text.slice(span.end, span.to),
    },
    start: span.start,
    end: span.end,
  };
}

/**
 * describeSpan as offsets: the prefix runs from..start, the quote
 * start..end, the suffix end..to. For a caller that stores offsets (a found
 * card's fields, made for every question of every imported note) and would
 * only measure the strings.
 */
export function describeSpanAt(text: string, start: number, end: number): { from: number; start: number; end: number; to: number } {
  const span = snapSpan(text, start, end);
  let from = prefixStart(text, span.start);
  let to = suffixEnd(text, span.end);
  if (splitsSurrogatePair(text, from)) from -= 1;
  if (splitsSurrogatePair(text, to)) to += 1;
  return { from, start: span.start, end: span.end, to };
}
