/**
 * How much a candidate span in the new text looks like the annotated text:
 * similarity of the quote, of the context on each side, and closeness to the
 * old position, combined into one score in [0, 1]. The weights and the
 * minimum score were tuned with `npm run bench:anchoring`.
 */

/**
 * Weights of the parts of a candidate's score. The quote dominates; context
 * tells repeated phrases apart and confirms a changed quote; the position only
 * breaks ties between otherwise equal candidates (a duplicated paragraph).
 */
export const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;
const WEIGHT_SUM = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position;

/** Below this score a candidate is not trusted: the annotation becomes an orphan. */
export const MIN_SCORE = 0.7;

/**
 * Context similarity of unrelated text. Aligning a stored context against
 * arbitrary text still matches a fraction of its characters, so only agreement
 * above this level counts as evidence.
 */
export const CONTEXT_CHANCE = 0.35;

/**
 * Minimum evidence, in characters that agree beyond chance (quote plus context),
 * for a candidate to be trusted: a five-character quote found with no
 * supporting context is too likely to be another occurrence of a common phrase.
 */
export const MIN_EVIDENCE = 14;

/** What is known about one candidate span, each part in [0, 1]. */
export interface CandidateParts {
  quote: number;
  prefix: number;
  suffix: number;
  position: number;
}

/** The weighted score of a candidate, in [0, 1]. */
export function combinedScore(parts: CandidateParts): number {
  return (
    (WEIGHTS.quote * parts.quote + WEIGHTS.prefix * parts.prefix + WEIGHTS.suffix * parts.suffix + WEIGHTS.position * parts.position) /
    WEIGHT_SUM
  );
}

/**
 * Characters of agreement beyond chance: the matched quote characters plus the
 * context characters that agree more than unrelated text would.
 */
export function evidence(parts: CandidateParts, lengths: { quote: number; prefix: number; suffix: number }): number {
  const beyondChance = (similarity: number): number => Math.max(0, (similarity - CONTEXT_CHANCE) / (1 - CONTEXT_CHANCE));
  return lengths.quote * parts.quote + lengths.prefix * beyondChance(parts.prefix) + lengths.suffix * beyondChance(parts.suffix);
}

// Reused DP rows: contexts are short, and re-anchoring scores thousands of them.
let rowA = new Int32Array(0);
let rowB = new Int32Array(0);

/**
 * Edit distance between `pattern` and the best-matching stretch of `window`
 * that touches the window's `anchor` side (its start or its end). The other
 * end is free: a context found a few characters further away is not
 * penalized for the characters it skips there.
 */
export function anchoredDistance(pattern: string, window: string, anchor: 'start' | 'end'): number {
  const m = pattern.length;
  const n = window.length;
  if (m === 0) return 0;
  if (n === 0) return m;
  if (rowA.length < n + 1) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
  }
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= n; j++) previous[j] = j;
  const fromEnd = anchor === 'end';
  for (let i = 1; i <= m; i++) {
    const p = pattern.charCodeAt(fromEnd ? m - i : i - 1);
    current[0] = i;
    for (let j = 1; j <= n; j++) {
      const w = window.charCodeAt(fromEnd ? n - j : j - 1);
      const substitute = (previous[j - 1] as number) + (p === w ? 0 : 1);
      const skipPattern = (previous[j] as number) + 1;
      const skipWindow = (current[j - 1] as number) + 1;
      current[j] = Math.min(substitute, skipPattern, skipWindow);
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  let best = m;
  for (let j = 0; j <= n; j++) best = Math.min(best, previous[j] as number);
  return best;
}

/** Plain edit distance (Levenshtein) between two strings. */
export function editDistance(a: string, b: string): number {
  const n = b.length;
  let previous = new Int32Array(n + 1);
  let current = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const p = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      current[j] = Math.min((previous[j - 1] as number) + (p === b.charCodeAt(j - 1) ? 0 : 1), (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[n] as number;
}

/** Similarity used for a side whose stored context is empty but the candidate has text there. */
const UNKNOWN_CONTEXT = 0.5;

/**
 * How well the stored prefix agrees with the text just before `at`, in [0, 1].
 * An empty stored prefix means the quote began the text.
 */
export function prefixSimilarity(stored: string, text: string, at: number): number {
  if (stored.length === 0) return at === 0 ? 1 : UNKNOWN_CONTEXT;
  if (at >= stored.length && text.startsWith(stored, at - stored.length)) return 1;
  const slack = 4 + (stored.length >> 2);
  const window = text.slice(Math.max(0, at - stored.length - slack), at);
  return 1 - anchoredDistance(stored, window, 'end') / stored.length;
}

/**
 * How well the stored suffix agrees with the text just after `at`, in [0, 1].
 * An empty stored suffix means the quote ended the text.
 */
export function suffixSimilarity(stored: string, text: string, at: number): number {
  if (stored.length === 0) return at === text.length ? 1 : UNKNOWN_CONTEXT;
  if (text.startsWith(stored, at)) return 1;
  const slack = 4 + (stored.length >> 2);
  const window = text.slice(at, at + stored.length + slack);
  return 1 - anchoredDistance(stored, window, 'start') / stored.length;
}

/** Closeness of `at` to the old position, in [0, 1], relative to the text length. */
export function positionCloseness(at: number, hint: number, textLength: number): number {
  return 1 - Math.min(1, Math.abs(at - hint) / Math.max(1, textLength));
}
