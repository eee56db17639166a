import { computeDecayFactor, generatorParameters } from 'ts-fsrs';
import type { MasteryQuery, RecallCurve, RecallTally } from '../../db/repositories/mastery.js';
import type { Mastery, MasteryLevel } from '../api/contract.js';

/*
 * The one definition of mastery, for a note, a section or a concept: how well
 * the person knows the cards it holds, right now.
 *
 * Only cards that could be studied count: suspended cards and orphans (whose
 * note is gone) do not. Each counted card is, now:
 *   - unseen:   never reviewed;
 *   - weak:     reviewed, but its recall now (FSRS retrievability) is below
 *               the desired retention — FSRS schedules a card for the day its
 *               recall falls to that line, so below it the card is overdue and
 *               more likely forgotten than the person agreed to — or its
 *               stability is under WEAK_STABILITY_DAYS (1 day): where an
 *               "Again" leaves a card, forgotten a moment ago even though its
 *               recall reads 100% on the day (FSRS counts whole days);
 *   - solid:    recall now at or above the desired retention and stability at
 *               least SOLID_STABILITY_DAYS (21 days): "mature", as Anki counts
 *               it — remembered over weeks, not just since yesterday;
 *   - learning: reviewed and neither weak nor solid.
 *
 * A set of cards is then:
 *   - none (no mark):  no counted card — nothing to study there;
 *   - not studied:     no card reviewed yet;
 *   - weak:            at least WEAK_SHARE (30%) of its reviewed cards are
 *                      weak. At a desired retention of 90%, a set kept on
 *                      schedule has about 1 card in 10 forgotten at any time;
 *                      three times that means it has slipped;
 *   - solid:           every card reviewed and at least SOLID_SHARE (80%) of
 *                      them solid (a few young cards, just added or just
 *                      relearnt, do not undo a section known for weeks);
 *   - learning:        the rest: studied, on schedule, not yet known for long.
 */

export const WEAK_STABILITY_DAYS = 1;
export const SOLID_STABILITY_DAYS = 21;
export const WEAK_SHARE = 0.3;
export const SOLID_SHARE = 0.8;

/** The forgetting curve of the scheduler Lattice uses (fsrs-card.ts: FSRS-6's default weights). */
export function defaultRecallCurve(): RecallCurve {
  return computeDecayFactor(generatorParameters().w);
}

/** What to read mastery with: now, the person's desired retention, and the thresholds above. */
export function masteryQuery(now: Date, desiredRetention: number, curve: RecallCurve = defaultRecallCurve()): MasteryQuery {
  return {
    now: now.toISOString(),
    curve,
    desiredRetention,
    weakStabilityDays: WEAK_STABILITY_DAYS,
    solidStabilityDays: SOLID_STABILITY_DAYS,
  };
}

/** The level of a set of cards from its sums; null when no card counts. */
export function masteryLevel(tally: RecallTally): MasteryLevel | null {
  if (tally.cards === 0) return null;
  if (tally.reviewed === 0) return 'unstudied';
  if (tally.weak >= WEAK_SHARE * tally.reviewed) return 'weak';
  if (tally.reviewed === tally.cards && tally.solid >= SOLID_SHARE * tally.cards) return 'solid';
  return 'learning';
}

/** A set of cards' mastery as the API gives it; null when no card counts. */
export function masteryOf(tally: RecallTally): Mastery | null {
  const level = masteryLevel(tally);
  if (level === null) return null;
  return {
    level,
    cards: tally.cards,
    reviewed: tally.reviewed,
    weak: tally.weak,
    solid: tally.solid,
    // Unseen cards count as 0: the share of the set the person would recall now.
    recall: tally.recallSum / tally.cards,
  };
}
