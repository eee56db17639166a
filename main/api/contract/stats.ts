/** Figures across the store: counts, the progress dashboard and mastery marks (`stats.*`). */

import type { DrillDeck, DrillStats } from './drills.js';

export interface Stats {
  dataDir: string;
  databaseBytes: number;
  libraries: number;
  notes: number;
  removedNotes: number;
  sections: number;
  formulas: number;
  diagrams: number;
  links: number;
  sourceBytes: number;
  annotations: number;
  orphanedAnnotations: number;
}

/** One study day of the review heatmap. */
export interface ProgressDay {
  /** The local date the study day starts on, YYYY-MM-DD. */
  date: string;
  /** Grades given that day. */
  reviews: number;
  /** Time spent answering them, as the review screen measured it. */
  timeMs: number;
}

/** True retention over a week or a month: reviews of mature cards (interval ≥ 21 days) not graded Again. */
export interface ProgressRetention {
  /** The week's first day (a Monday, YYYY-MM-DD) or the month (YYYY-MM). */
  period: string;
  /** Reviews of mature cards. */
  reviews: number;
  /** Of those, not graded Again. */
  passed: number;
  /** passed / reviews; null with no review of a mature card. */
  retention: number | null;
}

/** Cards of one deck falling due on each day of the forecast. */
export interface ProgressForecastSeries {
  deck: DrillDeck;
  /** The folder's or note's name; empty for the notes left out of the named ones (the screen words it). */
  label: string;
  /** One count per day of ProgressForecast.dates. */
  counts: number[];
}

/** Cards in learning or review falling due on each of the next 30 study days (today's count holds the overdue ones). */
export interface ProgressForecast {
  dates: string[];
  /** By folder; by note (the largest few, then the rest together) when every due card sits in one folder. */
  series: ProgressForecastSeries[];
}

/** How much of one deck has been studied. */
export interface ProgressCoverage {
  deck: DrillDeck;
  label: string;
  /** Cards a person studies (not suspended, not orphaned). */
  cards: number;
  /** Of those, reviewed at least once. */
  reviewed: number;
  /** Of those, with a predicted recall now at or above the desired retention. */
  aboveTarget: number;
}

/** A card among the weakest: the lowest predicted recall now, then the most lapses. */
export interface ProgressWeakCard {
  cardId: string;
  /** Plain text (the person's wording if any), as stored: show it as text. */
  question: string;
  context: string;
  note: { id: number; title: string } | null;
  recall: number;
  lapses: number;
  reps: number;
}

export interface ProgressReport {
  /** The date of the current study day (YYYY-MM-DD). */
  today: string;
  desiredRetention: number;
  /** Cards by state and what is left today, as drills.stats gives them. */
  stats: DrillStats;
  /** The last 365 study days, oldest first, today last. */
  heatmap: ProgressDay[];
  /** Study days in a row with at least one grade, ending today (or yesterday, when today has none yet). */
  streak: number;
  retention: { weeks: ProgressRetention[]; months: ProgressRetention[] };
  forecast: ProgressForecast;
  coverage: { all: ProgressCoverage; folders: ProgressCoverage[]; tags: ProgressCoverage[]; notes: ProgressCoverage[] };
  weakest: ProgressWeakCard[];
}

/**
 * How well the person knows a set of cards now (main/drills/mastery.ts):
 * never reviewed, weak (slipping), learning, or solid (known for weeks).
 */
export type MasteryLevel = 'unstudied' | 'weak' | 'learning' | 'solid';

export interface Mastery {
  level: MasteryLevel;
  /** Counted cards (not suspended, not orphaned). */
  cards: number;
  reviewed: number;
  weak: number;
  solid: number;
  /** The share of the cards the person would recall now (FSRS retrievability; unseen cards count 0), 0–1. */
  recall: number;
}

export interface MasteryMarks {
  notes: { noteId: number; mastery: Mastery }[];
  /** Only when a note was asked for: its sections by ord. */
  sections: { ord: number; mastery: Mastery }[];
}

export interface ConceptMastery {
  conceptId: number;
  mastery: Mastery;
}

/** The `stats.*` calls. */
export interface StatsApi {
  /** Counts across the store. */
  'stats.get': { args: Record<string, never>; result: Stats };
  /**
   * The progress dashboard in one call: grades per study day for a year
   * (the heatmap), cards falling due in the next 30 days by deck, true
   * retention per week and month, cards by state, coverage per deck and the
   * weakest cards. Readiness for the interview is drills.interview.
   */
  'stats.progress': { args: Record<string, never>; result: ProgressReport };
  /**
   * Mastery marks (main/drills/mastery.ts defines them): every note that
   * holds a counted card; with `noteId`, that note alone and its sections (a
   * section counts its subsections' cards too). Notes and sections with no counted
   * card are left out: they carry no mark.
   */
  'stats.mastery': { args: { noteId?: number }; result: MasteryMarks };
  /**
   * Each listed concept's mastery (up to 2,000 ids), from the cards that name
   * it or sit under the heading defining it; concepts with no counted card
   * are left out (drawn plainly).
   */
  'stats.conceptMastery': { args: { ids: number[] }; result: { concepts: ConceptMastery[] } };
}
