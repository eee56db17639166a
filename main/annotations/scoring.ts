/**
 * Scoring of candidate spans in two steps. The *score* ranks the candidates
 * for one annotation: similarity of the quote, of the context on each side,
 * and closeness to the old position, in [0, 1]. The *confidence* decides
 * whether the best one is trusted at all or the annotation becomes an orphan:
 * besides the score it weighs how much text agrees, whether one side of the
 * context is intact, how far ahead of the next-best place the winner is,
 * whether the quote occurs only there, and how close it stayed. Both sets of
 * weights were fitted with `npm run bench:anchoring` (a logistic regression of
 * right versus wrong anchors over its cases, rounded) and then checked on
 * trials they were not fitted on.
 */

/**
 * Weights of the parts of a candidate's score. The quote dominates; context
 * tells repeated phrases apart and confirms a changed quote; the position
 * breaks ties between otherwise equal candidates (a duplicated paragraph).
 */
export const SCORE_WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;
const SCORE_WEIGHT_SUM = SCORE_WEIGHTS.quote + SCORE_WEIGHTS.prefix + SCORE_WEIGHTS.suffix + SCORE_WEIGHTS.position;

/**
 * A candidate whose quote differs from the stored one in more than half its
 * characters is another text, even between intact context: the annotated
 * text was rewritten, and the annotation is an orphan.
 */
export const MIN_QUOTE_SIMILARITY = 0.5;

/**
 * Context similarity of unrelated text. Aligning a stored context against
 * arbitrary text still matches a fraction of its characters, so only
 * agreement above this level counts as evidence.
 */
export const CONTEXT_CHANCE = 0.35;

/** Weights of the confidence in the best candidate (see {@link confidence}). */
export const CONFIDENCE_WEIGHTS = {
  score: 2.5,
  /** Per 50 characters of agreement beyond chance. */
  evidence: 4,
  oneSideIntact: 2.5,
  /** Per unit of score ahead of the runner-up, counted up to {@link MAX_MARGIN}. */
  margin: 6,
  uniqueQuote: 1.5,
  closeness: 4.5,
  lineIntact: 3.5,
} as const;

/** Below this confidence the best candidate is not trusted: the annotation becomes an orphan. */
export const MIN_CONFIDENCE = 7.5;

/** A lead over the runner-up beyond this says nothing more. */
export const MAX_MARGIN = 0.3;

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
    (SCORE_WEIGHTS.quote * parts.quote +
      SCORE_WEIGHTS.prefix * parts.prefix +
      SCORE_WEIGHTS.suffix * parts.suffix +
      SCORE_WEIGHTS.position * parts.position) /
    SCORE_WEIGHT_SUM
  );
}

/**
 * Characters of agreement beyond chance: the matched quote characters plus
 * the (weighted) context characters that agree more than unrelated text would.
 */
export function evidence(parts: CandidateParts, lengths: { quote: number; prefix: number; suffix: number }): number {
  const beyondChance = (similarity: number): number => Math.max(0, (similarity - CONTEXT_CHANCE) / (1 - CONTEXT_CHANCE));
  return lengths.quote * parts.quote + lengths.prefix * beyondChance(parts.prefix) + lengths.suffix * beyondChance(parts.suffix);
}

/** What the confidence in the best candidate rests on. */
export interface ConfidenceInputs {
  parts: CandidateParts;
  score: number;
  evidence: number;
  /** The best candidate's score minus the best score of a candidate elsewhere (not overlapping it); undefined if none. */
  lead: number | undefined;
  /** True when the quote occurs exactly at the best candidate and nowhere else. */
  isOnlyExactOccurrence: boolean;
  quoteLength: number;
  /** Distance in code units from the old position. */
  distance: number;
  /** The quote's own line is intact around it (see ScoredCandidate.isLineIntact). */
  isLineIntact: boolean;
}

/**
 * Confidence that the best candidate is where the annotation belongs: a
 * weighted sum of its score, its evidence, one side of its context intact
 * (≥ 0.97 similar), its lead over the runner-up, the quote being unique
 * (scaled by its length up to 16 units), its closeness to the old position
 * (1 in place, 0 from 64 units away, logarithmically), and its own line being
 * intact (a moved line or list item keeps it, a random occurrence rarely does).
 */
export function confidence(inputs: ConfidenceInputs): number {
  const w = CONFIDENCE_WEIGHTS;
  const isOneSideIntact = Math.max(inputs.parts.prefix, inputs.parts.suffix) >= 0.97;
  const lead = Math.min(MAX_MARGIN, inputs.lead ?? MAX_MARGIN);
  const uniqueness = inputs.isOnlyExactOccurrence ? Math.min(1, inputs.quoteLength / 16) : 0;
  const closeness = Math.max(0, 1 - Math.log1p(inputs.distance) / Math.log1p(64));
  return (
    w.score * inputs.score +
    (w.evidence * inputs.evidence) / 50 +
    (isOneSideIntact ? w.oneSideIntact : 0) +
    w.margin * lead +
    w.uniqueQuote * uniqueness +
    w.closeness * closeness +
    (inputs.isLineIntact ? w.lineIntact : 0)
  );
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
      current[j] = Math.min(
        (previous[j - 1] as number) + (p === b.charCodeAt(j - 1) ? 0 : 1),
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
      );
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[n] as number;
}

/** Closeness of `at` to the old position, in [0, 1], relative to the text length. */
export function positionCloseness(at: number, hint: number, textLength: number): number {
  return 1 - Math.min(1, Math.abs(at - hint) / Math.max(1, textLength));
}
