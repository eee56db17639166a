/**
 * Agreement between a stored context (the prefix or suffix of a quote) and the
 * text around a candidate. Notes are rearranged a line at a time — a list
 * item or paragraph moves, a line is inserted — so the characters on the
 * quote's own line say more than those beyond a line end: they weigh fully,
 * the rest at {@link BEYOND_LINE_WEIGHT}.
 */

/** Weight of context characters beyond the first line end away from the quote. */
export const BEYOND_LINE_WEIGHT = 0.4;

/** Similarity for a side whose stored context is empty while the candidate has text there: unknown. */
const UNKNOWN_CONTEXT = 0.5;

/** A stored context ready to be compared, its characters in order from the quote outward. */
export interface ContextPattern {
  side: 'prefix' | 'suffix';
  stored: string;
  /** Character codes, nearest to the quote first. */
  codes: Uint16Array;
  /** Weight of each character, nearest to the quote first. */
  weights: Float64Array;
  /** Sum of the weights: the context's effective length. */
  total: number;
  /** The part of the context on the quote's own line, with the line end that closes it (all of it if it has none). */
  line: string;
  hasLineEnd: boolean;
}

/** Prepares a stored prefix or suffix for repeated comparison. */
export function contextPattern(stored: string, side: 'prefix' | 'suffix'): ContextPattern {
  const n = stored.length;
  const codes = new Uint16Array(n);
  const weights = new Float64Array(n);
  let weight = 1;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const code = stored.charCodeAt(side === 'prefix' ? n - 1 - k : k);
    codes[k] = code;
    weights[k] = weight;
    total += weight;
    // The line end itself still belongs to the quote's line: it records that the quote starts (ends) one.
    if (code === 0x0a) weight = BEYOND_LINE_WEIGHT;
  }
  const lineEnd = side === 'prefix' ? stored.lastIndexOf('\n') : stored.indexOf('\n');
  const line = lineEnd < 0 ? stored : side === 'prefix' ? stored.slice(lineEnd) : stored.slice(0, lineEnd + 1);
  return { side, stored, codes, weights, total, line, hasLineEnd: lineEnd >= 0 };
}

/**
 * True when the context on the quote's own line (through the line end) is
 * unchanged around a candidate ending (starting) at `at`: the quote's line
 * is intact, wherever it moved.
 */
export function isOwnLineIntact(pattern: ContextPattern, text: string, at: number): boolean {
  const { line } = pattern;
  if (pattern.side === 'prefix') return line.length === 0 ? at === 0 : at >= line.length && text.startsWith(line, at - line.length);
  return line.length === 0 ? at === text.length : text.startsWith(line, at);
}

let rowA = new Float64Array(0);
let rowB = new Float64Array(0);

/**
 * Weighted edit distance between the pattern and the best-matching stretch of
 * `text` that starts at `at` and runs outward (backward for a prefix). The far
 * end is free: context found a few characters further out costs nothing for
 * the characters it skips there.
 */
function weightedDistance(pattern: ContextPattern, text: string, at: number, reach: number): number {
  const { codes, weights } = pattern;
  const m = codes.length;
  const isBackward = pattern.side === 'prefix';
  const n = isBackward ? Math.min(reach, at) : Math.min(reach, text.length - at);
  if (rowA.length < n + 1) {
    rowA = new Float64Array(n + 1);
    rowB = new Float64Array(n + 1);
  }
  let previous = rowA;
  let current = rowB;
  const first = weights[0] as number;
  for (let j = 0; j <= n; j++) previous[j] = j * first;
  let consumed = 0;
  for (let k = 0; k < m; k++) {
    const weight = weights[k] as number;
    const code = codes[k] as number;
    consumed += weight;
    current[0] = consumed;
    for (let j = 1; j <= n; j++) {
      const w = text.charCodeAt(isBackward ? at - j : at + j - 1);
      const substitute = (previous[j - 1] as number) + (code === w ? 0 : weight);
      const skipPattern = (previous[j] as number) + weight;
      const skipText = (current[j - 1] as number) + weight;
      current[j] =
        substitute < skipPattern ? (substitute < skipText ? substitute : skipText) : skipPattern < skipText ? skipPattern : skipText;
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  let best = consumed;
  for (let j = 0; j <= n; j++) best = Math.min(best, previous[j] as number);
  return best;
}

/**
 * How well the stored context agrees with the text on its side of `at` (the
 * candidate's start for a prefix, its end for a suffix), in [0, 1]. An empty
 * stored context means the quote began (ended) the text.
 */
export function contextSimilarity(pattern: ContextPattern, text: string, at: number): number {
  const { stored } = pattern;
  if (stored.length === 0) {
    const isAtEdge = pattern.side === 'prefix' ? at === 0 : at === text.length;
    return isAtEdge ? 1 : UNKNOWN_CONTEXT;
  }
  const isIntact =
    pattern.side === 'prefix' ? at >= stored.length && text.startsWith(stored, at - stored.length) : text.startsWith(stored, at);
  if (isIntact) return 1;
  const reach = stored.length + 4 + (stored.length >> 2);
  return Math.max(0, 1 - weightedDistance(pattern, text, at, reach) / pattern.total);
}
