import type { Mastery, MasteryLevel } from '../../../main/api/contract.js';

/** From least to best known. */
const ORDER: Record<MasteryLevel, number> = { unstudied: 0, weak: 1, learning: 2, solid: 3 };

/**
 * The step of a chain the person knows least: the lowest mastery level (not
 * studied, then weak, learning, solid — a card failed a minute ago reads
 * 100% recall on the day, yet it is weak), then the smallest share of its
 * cards recalled now (unseen cards count 0), then the earlier step. Concepts
 * with no card are not a step one can study, so they are passed over.
 */
export function weakestLink<C extends { id: number }>(
  concepts: readonly C[],
  masteryOf: ReadonlyMap<number, Mastery>,
): { concept: C; mastery: Mastery } | null {
  let weakest: { concept: C; mastery: Mastery } | null = null;
  for (const concept of concepts) {
    const mastery = masteryOf.get(concept.id);
    if (!mastery) continue;
    const isWeaker =
      !weakest ||
      ORDER[mastery.level] < ORDER[weakest.mastery.level] ||
      (mastery.level === weakest.mastery.level && mastery.recall < weakest.mastery.recall);
    if (isWeaker) weakest = { concept, mastery };
  }
  return weakest;
}
