import type { Rng } from './anchoring-edits.js';

/** What the drills benchmarks share: the grades people press, and percentiles of measured times. */

/** Again 10%, Hard 15%, Good 60%, Easy 15%: roughly what people press. */
export function someRating(rng: Rng): 1 | 2 | 3 | 4 {
  const r = rng();
  return r < 0.1 ? 1 : r < 0.25 ? 2 : r < 0.85 ? 3 : 4;
}

/** The p-th percentile of sorted times (nearest rank); 0 for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
