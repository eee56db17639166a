import { fsrs, generatorParameters } from 'ts-fsrs';
import type { Card, FSRS } from 'ts-fsrs';
import type { CardSchedule, CardStateCode } from '../../db/repositories/card-records.js';

/**
 * The one place Lattice builds its FSRS scheduler, so the app, the tests and
 * the benchmark schedule with the same parameters: FSRS-6's default weights,
 * learning steps and maximum interval, the person's desired retention, and
 * fuzz on (as Anki does) so cards made together do not all fall due together.
 */
export function fsrsFor(desiredRetention: number): FSRS {
  return fsrs(generatorParameters({ request_retention: desiredRetention, enable_fuzz: true }));
}

/** The stored schedule as the ts-fsrs Card it was made from. */
export function toFsrsCard(schedule: CardSchedule): Card {
  const card: Card = {
    due: new Date(schedule.due),
    stability: schedule.stability,
    difficulty: schedule.difficulty,
    elapsed_days: schedule.elapsedDays,
    scheduled_days: schedule.scheduledDays,
    learning_steps: schedule.learningSteps,
    reps: schedule.reps,
    lapses: schedule.lapses,
    state: schedule.state,
  };
  if (schedule.lastReview !== null) card.last_review = new Date(schedule.lastReview);
  return card;
}

/** A ts-fsrs Card as stored (ISO strings for its dates). */
export function fromFsrsCard(card: Card): CardSchedule {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state as number as CardStateCode,
    lastReview: card.last_review ? card.last_review.toISOString() : null,
  };
}
