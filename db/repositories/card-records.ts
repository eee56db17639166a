/*
 * A drill card as the store keeps it and as the card code uses it: the
 * domain types, the row of `cards` they come from, and the hashes a card
 * is compared and checked by. CardRepository (cards.ts) reads and writes
 * the rows; CardSourceRepository (card-sources.ts) the other notes that ask
 * a card's question.
 */

export type CardKind = 'found' | 'manual' | 'cloze';

/** ts-fsrs's State, as stored: New 0, Learning 1, Review 2, Relearning 3. */
export type CardStateCode = 0 | 1 | 2 | 3;

/** ts-fsrs's Card, field for field, with ISO strings for its dates. */
export interface CardSchedule {
  due: string;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardStateCode;
  lastReview: string | null;
}

/** A quote in a note's text projection, stored as annotations store theirs. */
export interface TextAnchor {
  exact: string;
  prefix: string;
  suffix: string;
  /** UTF-16 code units into notes.text. */
  start: number;
  end: number;
  /**
   * A found card's answer only: textHash of the whole answer, when `exact`
   * may hold only its first ANSWER_EXACT_MAX units (see migration 0012).
   */
  hash?: string | null;
}

/**
 * The 32-bit FNV-1a of a question key, signed (a small integer to V8, so
 * sets of them are cheap), as the integer cards_by_question_hash indexes.
 */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The most of a found card's answer kept on the card; the rest is read from the note. */
export const ANSWER_EXACT_MAX = 200;

/**
 * FNV-1a (32 bits) of a stretch of text, by UTF-16 code unit, as 8 hex
 * digits: tells whether the note's text still holds a card's answer, without
 * storing it. Hashes text.slice(start, end) without making the slice.
 */
export function textHash(text: string, start = 0, end = text.length): string {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Where a card's question (and answer, if the note has one) sits in one note. */
export interface CardSource {
  noteId: number | null;
  question: TextAnchor;
  answer: TextAnchor | null;
  contentHash: string;
}

/** Where a found card's question and answer sit in its note's file: 1-based lines, front matter included. */
export interface CardLines {
  line: number | null;
  answerFirstLine: number | null;
  answerLastLine: number | null;
}

export interface CardRecord extends CardSource {
  id: string;
  /** The question as compared across notes (NULL: never shared; see migration 0012). */
  questionKey: string | null;
  lines: CardLines;
  kind: CardKind;
  context: string;
  questionOverride: string | null;
  answerOverride: string | null;
  isSuspended: boolean;
  buriedUntil: string | null;
  isOrphan: boolean;
  orphanedAt: string | null;
  schedule: CardSchedule;
  createdAt: string;
  updatedAt: string;
}

export interface NewCard extends CardSource {
  id: string;
  kind: CardKind;
  context?: string;
  questionOverride?: string | null;
  answerOverride?: string | null;
  /** Where a found card's question and answer are in the note's file (unknown for a card made by hand). */
  lines?: CardLines;
  questionKey?: string | null;
  /** keyHash(questionKey), when the caller has it already. */
  questionHash?: number | null;
}

/** A row of `cards` as better-sqlite3 returns it. */
export interface CardRow {
  id: string;
  note_id: number | null;
  kind: CardKind;
  question_exact: string;
  question_prefix: string;
  question_suffix: string;
  question_start: number;
  question_end: number;
  answer_exact: string | null;
  answer_prefix: string | null;
  answer_suffix: string | null;
  answer_start: number | null;
  answer_end: number | null;
  content_hash: string;
  context: string;
  question_override: string | null;
  answer_override: string | null;
  is_suspended: number;
  buried_until: string | null;
  is_orphan: number;
  orphaned_at: string | null;
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: CardStateCode;
  last_review: string | null;
  created_at: string;
  updated_at: string;
  question_line: number | null;
  answer_first_line: number | null;
  answer_last_line: number | null;
  answer_hash: string | null;
  question_key: string | null;
}

function answerOf(row: CardRow): TextAnchor | null {
  if (row.answer_start === null || row.answer_end === null || row.answer_exact === null) return null;
  return {
    exact: row.answer_exact,
    prefix: row.answer_prefix ?? '',
    suffix: row.answer_suffix ?? '',
    start: row.answer_start,
    end: row.answer_end,
    hash: row.answer_hash ?? null,
  };
}

/** The card a row of `cards` stores (a found card's answer as kept: at most ANSWER_EXACT_MAX units). */
export function toCard(row: CardRow): CardRecord {
  return {
    id: row.id,
    noteId: row.note_id,
    kind: row.kind,
    questionKey: row.question_key ?? null,
    question: {
      exact: row.question_exact,
      prefix: row.question_prefix,
      suffix: row.question_suffix,
      start: row.question_start,
      end: row.question_end,
    },
    answer: answerOf(row),
    lines: { line: row.question_line, answerFirstLine: row.answer_first_line, answerLastLine: row.answer_last_line },
    contentHash: row.content_hash,
    context: row.context,
    questionOverride: row.question_override,
    answerOverride: row.answer_override,
    isSuspended: row.is_suspended === 1,
    buriedUntil: row.buried_until,
    isOrphan: row.is_orphan === 1,
    orphanedAt: row.orphaned_at,
    schedule: {
      due: row.due,
      stability: row.stability,
      difficulty: row.difficulty,
      elapsedDays: row.elapsed_days,
      scheduledDays: row.scheduled_days,
      learningSteps: row.learning_steps,
      reps: row.reps,
      lapses: row.lapses,
      state: row.state,
      lastReview: row.last_review,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A schedule's columns in table order (cards and review_log's before_* columns share it). */
export const scheduleParams = (s: CardSchedule) => [
  s.due,
  s.stability,
  s.difficulty,
  s.elapsedDays,
  s.scheduledDays,
  s.learningSteps,
  s.reps,
  s.lapses,
  s.state,
  s.lastReview,
];

/** A source's question and answer anchors and note version as statement values, in the column order every write of them uses. */
export function anchorValues(source: CardSource): (string | number | null)[] {
  const { question, answer } = source;
  return [
    question.exact,
    question.prefix,
    question.suffix,
    question.start,
    question.end,
    answer?.exact ?? null,
    answer?.prefix ?? null,
    answer?.suffix ?? null,
    answer?.start ?? null,
    answer?.end ?? null,
    source.contentHash,
    answer?.hash ?? null,
  ];
}

/** Whether the card's answer text is only the first ANSWER_EXACT_MAX units of it (the rest is in the note). */
export function isAnswerBounded(answer: TextAnchor | null): boolean {
  return answer !== null && typeof answer.hash === 'string' && answer.exact.length < answer.end - answer.start;
}
