/** Drills: cards, review sessions, decks, the interview plan and mock interviews (`drills.*`). */

import { z } from 'zod';

/** Again 1, Hard 2, Good 3, Easy 4. */
export const drillRating = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type DrillRating = z.infer<typeof drillRating>;

/** A drill card as a review screen needs it. Dates are ISO strings. */
export interface DrillCard {
  id: string;
  /** Null once its note is deleted (the card is then an orphan). */
  noteId: number | null;
  kind: 'found' | 'manual' | 'cloze';
  /** The question as the note has it (the anchor's quote). */
  question: string;
  /** The answer as the note has it; null for a question the notes leave unanswered. */
  answer: string | null;
  /** The parent path shown above an elliptical question. */
  context: string;
  questionOverride: string | null;
  answerOverride: string | null;
  isSuspended: boolean;
  buriedUntil: string | null;
  isOrphan: boolean;
  state: 'new' | 'learning' | 'review' | 'relearning';
  due: string;
  reps: number;
  lapses: number;
  lastReview: string | null;
}

/** A card as `lattice drills list` prints it. */
export interface DrillListItem {
  id: string;
  noteId: number | null;
  /** The note's file path as `notes list` prints it; null for a card whose note was deleted. */
  path: string | null;
  /** 1-based lines in the file as on disk, front matter included; null where there is no answer (or the card is an orphan). */
  line: number | null;
  /** The question as the card shows it (the person's override if any). */
  question: string;
  context: string;
  answerFirstLine: number | null;
  answerLastLine: number | null;
  /** The FSRS state, or 'suspended' / 'orphan' for a card no session shows. */
  state: 'new' | 'learning' | 'review' | 'relearning' | 'suspended' | 'orphan';
  due: string;
}

export interface DrillIntervalPreview {
  rating: DrillRating;
  due: string;
  /** From now to `due`, for labels such as 10m or 4d. */
  intervalMs: number;
}

export interface DrillNext {
  card: DrillCard;
  queue: 'learning' | 'review' | 'new';
  previews: DrillIntervalPreview[];
  /** With `withView`: the card as drills.card shows it, so the review screen needs one call, not two, between a grade and the next card. */
  view?: DrillCardView;
}

/**
 * What a session draws its cards from: everything, one note, one imported
 * folder, one tag (from the notes' front matter), or a concept with the
 * concepts linked to it (the cards whose question or answer names one).
 */
export const drillDeck = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('note'), noteId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('library'), libraryId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('tag'), tag: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('concept'), conceptId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('anki'), ankiDeckId: z.number().int().positive() }),
]);
export type DrillDeck = z.infer<typeof drillDeck>;

export interface DrillDeckSummary {
  deck: DrillDeck;
  /** The folder's or note's name, or the tag; empty for everything (the screen words it). */
  label: string;
  /** Cards a session may show (not suspended, not orphaned). */
  cards: number;
  /**
   * What a session of this deck has left today: its learning steps, and its
   * due reviews and new cards as far as the day's limits still allow (what
   * drills.stats counts for the deck as dueToday.total).
   */
  due: number;
}

/** A card as the review screen shows it. */
export interface DrillCardView {
  card: DrillCard;
  /** The question (the person's override if any) as safe HTML; formulas left as TeX in `.math[data-tex]` for the page to typeset. */
  questionHtml: string;
  /** The answer rendered as the reader renders that part of the note (or the override); null when there is none. */
  answerHtml: string | null;
  note: { id: number; title: string; path: string } | null;
  /** Where "open in note" goes: the question's section and its span in the note's text. */
  section: string | null;
  match: { start: number; end: number } | null;
}

/** The range of FSRS desired retention a person may choose. */
export const RETENTION_MIN = 0.7;
export const RETENTION_MAX = 0.97;

/** What a person sets for drills (Settings). */
export const drillSettings = z.strictObject({
  /** FSRS desired retention, from 0.70 to 0.97: the chance of recall a review is scheduled for. */
  desiredRetention: z.number().min(RETENTION_MIN).max(RETENTION_MAX),
  /** New cards introduced per day. */
  newCardsPerDay: z.number().int().min(0).max(100_000),
  /** Reviews of review-state cards per day; (re)learning steps are never held back. */
  maxReviewsPerDay: z.number().int().min(0).max(100_000),
  /** The hour (local time) a study day starts, so a session past midnight counts for the evening before. */
  dayStartHour: z.number().int().min(0).max(23),
});
export type DrillSettings = z.infer<typeof drillSettings>;

export interface DrillStats {
  /** `unanswered`: questions the notes leave unanswered and the person has not answered yet (also counted in their state; never due). */
  byState: { new: number; learning: number; review: number; relearning: number; suspended: number; orphan: number; unanswered: number };
  /** Left to do today within the daily limits; `total` is the top bar's count. */
  dueToday: { learning: number; review: number; new: number; total: number };
  /** Grades given since the study day started. */
  reviewedToday: number;
  desiredRetention: number;
}

/** A question still to answer, as its list shows it. */
export interface DrillUnanswered {
  card: DrillCard;
  note: { id: number; title: string } | null;
  /** The question as safe HTML (formulas left for the page to typeset). */
  questionHtml: string;
}

/** An orphaned or suspended card, as the screen that manages them lists it. */
export interface DrillManagedCard {
  card: DrillCard;
  /** The question as the card shows it (the person's override, else its last text in the note). */
  question: string;
  /** The same as safe HTML (formulas left for the page to typeset; an orphan's last text shown as written). */
  questionHtml: string;
  /** Its note (for an orphan: the note it was last in, if that note still exists). */
  note: { id: number; title: string } | null;
  orphanedAt: string | null;
  /** Grades in its review log: what deleting it loses. */
  reviews: number;
}

/** A question a card can be re-attached to: the card that holds it now. */
export interface DrillTarget {
  cardId: string;
  question: string;
  /** The question as safe HTML, as the review shows it. */
  questionHtml: string;
  context: string;
  kind: 'found' | 'manual' | 'cloze';
  reviews: number;
  hasAnswer: boolean;
}

/** The interview a person prepares for. */
export const drillInterviewPlan = z.strictObject({
  /** YYYY-MM-DD in the person's local time; null when none is set. */
  date: z.string().max(40).nullable(),
  /** The decks it covers; empty for every card. */
  decks: z.array(drillDeck).max(100),
});
export type DrillInterviewPlan = z.infer<typeof drillInterviewPlan>;

/** One covered deck (or all of them together) on the interview day. */
export interface DrillInterviewForecast {
  deck: DrillDeck;
  /** As in DrillDeckSummary: the folder's, note's, tag's or concept's name; empty for everything. */
  label: string;
  /** Cards a session may show (not set aside, with an answer). */
  cards: number;
  /** Mean predicted recall on the day, 0–1 (never-reviewed cards count 0); null for a deck with no card. */
  recall: number | null;
  /** Cards whose predicted recall on the day is below the target (85%). */
  below: number;
  /**
   * Reviews the "before the interview" session gives these cards until each
   * reaches the target on the day, grading Good each time (simulated with
   * ts-fsrs under the session's own rule)…
   */
  reviewsNeeded: number;
  /** …spread over the days with a session left (today included; 1 on the day itself), rounded up. */
  reviewsPerDay: number;
  /** Questions of the deck its notes leave unanswered (drills.unanswered): in no session, and no forecast, until answered. */
  toAnswer: number;
}

export interface DrillInterview {
  plan: DrillInterviewPlan;
  /** Calendar days from today to the date: 0 on the day, negative once it has passed; null with no date. */
  daysLeft: number | null;
  /** The moment recall is predicted for (midday on the date, or now once that has passed); null with no date. */
  predictedAt: string | null;
  /** The predicted recall every covered card should reach on the day (0.85). */
  target: number;
  /** Every covered card once (a card in two decks counts once); null with no date. */
  overall: DrillInterviewForecast | null;
  /** Per covered deck (a single deck of everything when none is chosen); empty with no date. */
  decks: DrillInterviewForecast[];
}

/** The `drills.*` calls. */
export interface DrillsApi {
  /**
   * The card a review session shows next (a learning step due now, then a
   * review due today within the day's limit, then a new card within the
   * day's limit), with the interval each grade would give; null when the
   * day's drills are done.
   */
  'drills.next': { args: { deck?: DrillDeck; withView?: boolean }; result: DrillNext | null };
  /**
   * Grades a card with FSRS (Again 1, Hard 2, Good 3, Easy 4). A grade sent
   * again with the same `reviewId` (or, without one, the same rating within a
   * second) counts once: `isDuplicate` is then true and nothing changes. Send
   * one new `reviewId` per showing of a card.
   */
  'drills.grade': {
    args: { cardId: string; rating: DrillRating; reviewId?: string; durationMs?: number; next?: { deck?: DrillDeck } };
    /** With `next`: the card to show after this one (as drills.next with its view), so a review takes one call per grade. */
    result: { card: DrillCard; isDuplicate: boolean; next?: DrillNext | null };
  };
  /** Undoes the last grade given: the card gets back its exact state before it. Null when there is none. */
  'drills.undo': { args: Record<string, never>; result: { card: DrillCard } | null };
  /** When a card would next be due for each grade, as its grade buttons show it. */
  'drills.preview': { args: { cardId: string }; result: DrillIntervalPreview[] };
  /** Leaves a card out of sessions until the next study day. */
  'drills.bury': { args: { cardId: string }; result: DrillCard };
  /** Suspends a card or restores it (an orphan stays suspended until re-attached). */
  'drills.suspend': { args: { cardId: string; isSuspended: boolean }; result: DrillCard };
  /** Desired retention (0.70–0.97, default 0.90), daily limits and the hour a study day starts. */
  'drills.settings': { args: Record<string, never>; result: DrillSettings };
  /** Changes drill settings; Invalid (and nothing stored) if one is out of range. */
  'drills.updateSettings': { args: Partial<DrillSettings>; result: DrillSettings };
  /** Cards by state, what is left today within the daily limits (the top bar's count), grades given today, retention. */
  'drills.stats': { args: { deck?: DrillDeck }; result: DrillStats };
  /** Every card (or one note's), by note and in reading order, with where its question and answer are in the file. */
  'drills.list': { args: { noteId?: number }; result: DrillListItem[] };
  /** The decks a session can be started on (everything, each folder, each tag, each note with cards), with their counts. */
  'drills.decks': { args: Record<string, never>; result: DrillDeckSummary[] };
  /** One card as the review screen shows it: question and answer as safe HTML from the one pipeline, and where it is in its note. */
  'drills.card': { args: { cardId: string }; result: DrillCardView };
  /**
   * Keeps what the person typed for a card's question or answer (Markdown
   * with math), shown instead of the note's text; the note's source stays
   * linked and the file is never touched. Null goes back to the note's text.
   */
  'drills.edit': { args: { cardId: string; question?: string | null; answer?: string | null }; result: DrillCardView };
  /** Deletes a card and its review history: only ever at the person's request. */
  'drills.delete': { args: { cardId: string }; result: { id: string } };
  /**
   * The questions the notes leave unanswered that the person has not answered
   * yet (in a deck, by note, in reading order). They are never shown in a
   * session nor counted as due until an answer is written (drills.edit answer).
   */
  'drills.unanswered': { args: { deck?: DrillDeck }; result: DrillUnanswered[] };
  /**
   * Makes a card from a selection in the reader: the typed question (Markdown
   * with math) is stored as the question override; the selected text
   * (`start`/`end`: UTF-16 offsets in the note's text projection, as
   * annotations.create takes them) is the answer, anchored so it follows the
   * note's edits.
   */
  'drills.create': { args: { noteId: number; start: number; end: number; question: string }; result: DrillCardView };
  /** Makes a cloze card from a highlight: the sentence around it with the highlighted words hidden; they are the answer. */
  'drills.cloze': { args: { annotationId: string }; result: DrillCardView };
  /** Cards whose question vanished from their note (or whose note was deleted), oldest first, with their review counts. */
  'drills.orphans': { args: Record<string, never>; result: DrillManagedCard[] };
  /** Cards the person suspended (orphans are listed by drills.orphans), with their review counts. */
  'drills.suspended': { args: Record<string, never>; result: DrillManagedCard[] };
  /** The questions of a note a card could be re-attached to: its cards in reading order, with their review counts. */
  'drills.targets': { args: { noteId: number }; result: DrillTarget[] };
  /**
   * Puts a card (an orphan) on the question another card holds, keeping its
   * own id and review history. A target card with no reviews is deleted; one
   * with reviews is refused (Invalid) unless `ifTargetReviewed` is 'orphan':
   * it then becomes an orphan itself, its reviews kept, for the person to
   * delete or re-attach.
   */
  'drills.reattach': {
    args: { cardId: string; targetCardId: string; ifTargetReviewed?: 'refuse' | 'orphan' };
    result: { card: DrillCard; target: { id: string; outcome: 'deleted' | 'orphaned' } };
  };
  /**
   * Interview mode: the interview date and the decks it covers, and per deck
   * the predicted recall on that day (FSRS retrievability at midday; a card
   * never reviewed counts 0), the cards below 85% and the reviews a day the
   * "before the interview" session needs to bring them up.
   */
  'drills.interview': { args: Record<string, never>; result: DrillInterview };
  /**
   * Sets the interview date (YYYY-MM-DD, the person's local date; Invalid if
   * it is not a date or is in the past; null clears it) and the decks it
   * covers (none: every card). Returns the new forecast.
   */
  'drills.setInterview': { args: DrillInterviewPlan; result: DrillInterview };
  /**
   * The next card of the "before the interview" session over the covered
   * decks: a learning step due now, else the card with the lowest predicted
   * recall on the day among those the session may show now; cards already at
   * 85% on the day are skipped. Null when there is no date or nothing is left.
   */
  'drills.interviewNext': { args: Record<string, never>; result: DrillNext | null };
  /**
   * A mock interview: `count` (1–50) cards with an answer drawn at random,
   * without repeats, across the decks (none: every card), weaker cards more
   * likely. Grade them with drills.grade.
   */
  'drills.mock': { args: { decks: DrillDeck[]; count: number }; result: DrillCardView[] };
}
