import type { Database, Statement } from 'better-sqlite3';
import { deckScope, EVERY_CARD } from './card-decks.js';
import type { Deck, DeckScope } from './card-decks.js';

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

/** Where an extra source row puts a card's question and answer in its note (migration 0019): offsets into notes.text. */
export interface SourceOffsets {
  /** The quote's prefix starts here, the quote runs questionStart..questionEnd, its suffix ends at questionTo. */
  questionFrom: number;
  questionStart: number;
  questionEnd: number;
  questionTo: number;
  answerStart: number | null;
  answerEnd: number | null;
  answerHash: string | null;
}

/** Another note that asks a card's question, with where it asks it. */
export interface ExtraSource extends CardSource {
  noteId: number;
  context: string;
  lines: CardLines;
}

interface CardRow {
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

/**
 * An extra source as the card code uses it, its quotes read from its note's
 * stored text (`noteText`, `noteHash`): the row keeps only offsets into it
 * (migration 0019), and the importer rewrites a note's rows with each
 * version of the note, so the text at those offsets is what was quoted.
 */
function toSource(noteId: number, entry: SourceEntry, noteText: string, noteHash: string): ExtraSource {
  const [from, start, end, to, answerStart, answerEnd, answerHash, context, line, answerFirstLine, answerLastLine] = entry;
  const hasAnswer = answerStart !== null && answerEnd !== null;
  return {
    noteId,
    question: {
      exact: noteText.slice(start, end),
      prefix: noteText.slice(from, start),
      suffix: noteText.slice(end, to),
      start,
      end,
    },
    // A source keeps none of its answer's text: the hash says whether the note still holds it.
    // One stored whole before 0012 (no hash) is the note's text at its span, as it was stored.
    answer: hasAnswer
      ? {
          exact: answerHash === null ? noteText.slice(answerStart, answerEnd) : '',
          prefix: '',
          suffix: '',
          start: answerStart,
          end: answerEnd,
          hash: answerHash,
        }
      : null,
    contentHash: noteHash,
    context,
    lines: { line, answerFirstLine, answerLastLine },
  };
}

function toCard(row: CardRow): CardRecord {
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

/**
 * A card has something to reveal: the note's answer, or one the person typed
 * (a cloze or a card made from a selection always has its anchored answer).
 * A question the notes leave unanswered waits in "questions to answer" and is
 * neither shown nor counted as due until the person writes its answer.
 * answer_start rather than answer_exact: the answer's text can be long and
 * sit in overflow pages, which testing it would read for every card.
 */
export const HAS_ANSWER = '(answer_start IS NOT NULL OR answer_override IS NOT NULL)';

/** Cards the person has not set aside at `now`: not suspended, not an orphan, not buried (one parameter: now). */
export const NOT_SET_ASIDE = 'is_suspended = 0 AND is_orphan = 0 AND (buried_until IS NULL OR buried_until <= ?)';

/** Cards a session may show: not set aside at `now`, and answerable. */
const SHOWABLE = `${NOT_SET_ASIDE} AND ${HAS_ANSWER}`;

/** A question still to answer: on its note, not set aside, with no answer from the note or the person. */
const UNANSWERED = 'is_orphan = 0 AND is_suspended = 0 AND answer_start IS NULL AND answer_override IS NULL';

// The literal state and flag terms let SQLite use the partial indexes cards_due / cards_new_answered
// (HAS_ANSWER is checked on the rows the index yields, so it costs no scan).
// `state > 0`: cards_due (0012) holds no new cards, so every query that should use it says so.
const LEARNING_DUE = `SELECT * FROM cards WHERE state IN (1, 3) AND state > 0 AND is_suspended = 0 AND is_orphan = 0 AND due <= ?
  AND ${HAS_ANSWER} AND (buried_until IS NULL OR buried_until <= ?) ORDER BY due LIMIT 1`;
const REVIEW_DUE = `SELECT * FROM cards WHERE state = 2 AND state > 0 AND is_suspended = 0 AND is_orphan = 0 AND due <= ?
  AND ${HAS_ANSWER} AND (buried_until IS NULL OR buried_until <= ?) ORDER BY due LIMIT 1`;
// INDEXED BY: on a small or unanalysed store SQLite may pick cards_due and then sort every new card.
// cards_new_answered (0011) leaves out the questions still to answer, so none is stepped over.
const NEW_CARD = `SELECT * FROM cards INDEXED BY cards_new_answered WHERE state = 0 AND ${SHOWABLE} ORDER BY created_at, id LIMIT 1`;

/** A source's question and answer anchors and note version as statement values, in the column order every write of them uses. */
function anchorValues(source: CardSource): (string | number | null)[] {
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

/**
 * One extra source as a row of note_card_sources keeps it (migration 0020):
 * offsets into its note's text (the quote from..start..end..to, the answer's
 * span and hash), its context and its file lines.
 */
export type SourceEntry = [
  questionFrom: number,
  questionStart: number,
  questionEnd: number,
  questionTo: number,
  answerStart: number | null,
  answerEnd: number | null,
  answerHash: string | null,
  context: string,
  questionLine: number | null,
  answerFirstLine: number | null,
  answerLastLine: number | null,
];

/** The entry the row keeps for a source at these offsets. */
export function sourceEntry(at: SourceOffsets, context: string, lines: CardLines): SourceEntry {
  return [
    at.questionFrom,
    at.questionStart,
    at.questionEnd,
    at.questionTo,
    at.answerStart,
    at.answerEnd,
    at.answerHash,
    context,
    lines.line,
    lines.answerFirstLine,
    lines.answerLastLine,
  ];
}

/** A note's extra sources, parallel arrays as its row keeps them. */
export interface NoteSources {
  cardIds: string[];
  entries: SourceEntry[];
}

/** A row of note_card_sources with its note's stored text and version, which its quotes are read from. */
interface SourcesWithNote {
  note_id: number;
  card_ids: string;
  entries: string;
  note_text: string;
  note_content_hash: string;
}

/** The needle a read by card looks for in card_ids: its id as JSON, quotes included, so that it matches no other id. */
function idNeedle(cardId: string): string {
  return JSON.stringify(cardId);
}

/**
 * Per connection: how many times a CardRepository deleted cards (any of its
 * instances: the API and the importer hold their own). With PRAGMA
 * data_version it tells whether a card seen to exist may be gone since.
 */
const deletions = new WeakMap<Database, number>();

function countDeletion(db: Database): void {
  deletions.set(db, (deletions.get(db) ?? 0) + 1);
}

/** Order of a note's entries: where the question starts, then card id (as card_sources was read). */
function compareSources(sources: NoteSources, a: number, b: number): number {
  const byStart = (sources.entries[a] as SourceEntry)[1] - (sources.entries[b] as SourceEntry)[1];
  if (byStart !== 0) return byStart;
  const x = sources.cardIds[a] as string;
  const y = sources.cardIds[b] as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

function dropEntry(sources: NoteSources, at: number): void {
  sources.cardIds.splice(at, 1);
  sources.entries.splice(at, 1);
}

/**
 * SQL for drill cards and their extra sources (their grades: ReviewLogRepository). Cards are
 * only removed by delete() (the person's choice); a vanished question or a
 * deleted note makes an orphan that keeps its history.
 */
export class CardRepository {
  private readonly db: Database;
  private readonly insertCard: Statement;
  private readonly byId: Statement<[string], CardRow>;
  private readonly ofNote: Statement<[number], CardRow>;
  private readonly orphans: Statement<[], CardRow>;
  private readonly writeSchedule: Statement;
  private readonly learningDue: Statement<[string, string], CardRow>;
  private readonly reviewDue: Statement<[string, string], CardRow>;
  private readonly newCard: Statement<[string], CardRow>;
  private readonly writeLines: Statement;
  private readonly writePlacement: Statement;
  private readonly all: Statement<[], CardRow>;
  private readonly insertFound: Statement;
  private readonly noteText: Statement<[number, string], string>;
  private readonly orphanOne: Statement;
  private readonly orphanWithAnswer: Statement;
  private readonly byQuestionKey: Statement<[number, string, number], string>;
  private readonly keysStmt: Statement<[], number>;
  private readonly sourcesRow: Statement<[number], { card_ids: string; entries: string }>;
  private readonly sourcesOfNote: Statement<[number], Omit<SourcesWithNote, 'note_id'> & { gone: string }>;
  private readonly writeSources: Statement<[number, string, string]>;
  private readonly dropSources: Statement<[number]>;
  private readonly rowsOfCard: Statement<[string], SourcesWithNote>;
  private readonly liveRowsOfCard: Statement<[string], SourcesWithNote>;
  private readonly rowsNaming: Statement<[string], { note_id: number; card_ids: string; entries: string }>;
  private readonly cardThere: Statement<[string], number>;
  private readonly dataVersion: Statement<[], number>;
  private readonly promote: Statement;
  private readonly writeKey: Statement;
  private readonly currentText: Statement<[number], string>;

  constructor(db: Database) {
    this.db = db;
    this.insertCard = db.prepare(`INSERT INTO cards (
        id, note_id, kind, question_exact, question_prefix, question_suffix, question_start, question_end,
        answer_exact, answer_prefix, answer_suffix, answer_start, answer_end, content_hash, answer_hash, context,
        question_override, answer_override,
        due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review,
        created_at, updated_at, question_line, answer_first_line, answer_last_line, question_key, question_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // A card found on import: a new FSRS card (createEmptyCard: due when made, every other field
    // the column's default), so only what differs per card is bound — 140,000 of these in a large import.
    this.insertFound = db.prepare(`INSERT INTO cards (
        id, note_id, kind, question_exact, question_prefix, question_suffix, question_start, question_end,
        answer_exact, answer_prefix, answer_suffix, answer_start, answer_end, content_hash, answer_hash, context,
        due, created_at, updated_at, question_line, answer_first_line, answer_last_line, question_key, question_hash)
      VALUES (?, ?, 'found', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.noteText = db.prepare<[number, string], string>('SELECT text FROM notes WHERE id = ? AND content_hash = ?').pluck();
    this.orphanOne = db.prepare(
      'UPDATE cards SET is_orphan = 1, is_suspended = 1, orphaned_at = COALESCE(orphaned_at, ?), updated_at = ? WHERE id = ?',
    );
    this.orphanWithAnswer = db.prepare(
      'UPDATE cards SET is_orphan = 1, is_suspended = 1, orphaned_at = COALESCE(orphaned_at, ?), updated_at = ?, answer_exact = ? WHERE id = ?',
    );
    // The oldest live found card asking the question in another note: the one a new source joins.
    this.byQuestionKey = db
      .prepare<[number, string, number], string>(
        `SELECT id FROM cards WHERE question_hash = ? AND question_hash IS NOT NULL AND question_key = ? AND kind = 'found' AND is_orphan = 0
           AND note_id <> ? ORDER BY created_at, id LIMIT 1`,
      )
      .pluck();
    this.keysStmt = db.prepare<[], number>('SELECT question_hash FROM cards WHERE question_hash IS NOT NULL').pluck();
    // One row per note that is an extra source of some card (migration 0020), written by the importer
    // once per note: the entries are offsets into the note's stored text, written in the same savepoint.
    this.sourcesRow = db.prepare('SELECT card_ids, entries FROM note_card_sources WHERE note_id = ?');
    // `gone`: positions of ids whose card no longer exists (delete() removes them; this is a second guard).
    this.sourcesOfNote = db.prepare(
      `SELECT n.card_ids, n.entries, notes.text AS note_text, notes.content_hash AS note_content_hash,
         (SELECT json_group_array(j.key) FROM json_each(n.card_ids) AS j WHERE NOT EXISTS (SELECT 1 FROM cards WHERE cards.id = j.value)) AS gone
       FROM note_card_sources AS n JOIN notes ON notes.id = n.note_id WHERE n.note_id = ?`,
    );
    this.writeSources = db.prepare(`INSERT INTO note_card_sources (note_id, card_ids, entries) VALUES (?, ?, ?)
      ON CONFLICT (note_id) DO UPDATE SET card_ids = excluded.card_ids, entries = excluded.entries`);
    this.dropSources = db.prepare('DELETE FROM note_card_sources WHERE note_id = ?');
    // By card: one pass over the table (no index by card, as card_sources had none); the needle is the id quoted (idNeedle).
    this.rowsOfCard = db.prepare(
      `SELECT n.note_id, n.card_ids, n.entries, notes.text AS note_text, notes.content_hash AS note_content_hash
         FROM note_card_sources AS n JOIN notes ON notes.id = n.note_id WHERE instr(n.card_ids, ?) > 0 ORDER BY n.note_id`,
    );
    this.liveRowsOfCard = db.prepare(
      `SELECT n.note_id, n.card_ids, n.entries, notes.text AS note_text, notes.content_hash AS note_content_hash
         FROM note_card_sources AS n JOIN notes ON notes.id = n.note_id
        WHERE instr(n.card_ids, ?) > 0 AND notes.removed_at IS NULL ORDER BY n.note_id`,
    );
    this.rowsNaming = db.prepare('SELECT note_id, card_ids, entries FROM note_card_sources WHERE instr(card_ids, ?) > 0');
    this.cardThere = db.prepare<[string], number>('SELECT 1 FROM cards WHERE id = ?').pluck();
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.promote = db.prepare(`UPDATE cards SET note_id = ?, question_exact = ?, question_prefix = ?, question_suffix = ?,
        question_start = ?, question_end = ?, answer_exact = ?, answer_prefix = ?, answer_suffix = ?, answer_start = ?, answer_end = ?,
        content_hash = ?, answer_hash = ?, context = ?, question_line = ?, answer_first_line = ?, answer_last_line = ?, updated_at = ?
      WHERE id = ?`);
    this.writeKey = db.prepare('UPDATE cards SET question_key = ?, question_hash = ? WHERE id = ?');
    this.currentText = db.prepare<[number], string>('SELECT text FROM notes WHERE id = ?').pluck();
    this.byId = db.prepare('SELECT * FROM cards WHERE id = ?');
    this.writeLines = db.prepare('UPDATE cards SET question_line = ?, answer_first_line = ?, answer_last_line = ? WHERE id = ?');
    this.writePlacement = db.prepare(`UPDATE cards SET note_id = ?, question_exact = ?, question_prefix = ?, question_suffix = ?,
        question_start = ?, question_end = ?, answer_exact = ?, answer_prefix = ?, answer_suffix = ?, answer_start = ?, answer_end = ?,
        content_hash = ?, answer_hash = ?, context = ?, question_line = ?, answer_first_line = ?, answer_last_line = ?, updated_at = ?,
        question_key = ?, question_hash = ?, is_orphan = 0, orphaned_at = NULL, is_suspended = CASE WHEN is_orphan = 1 THEN 0 ELSE is_suspended END
      WHERE id = ?`);
    this.all = db.prepare('SELECT * FROM cards ORDER BY note_id, question_start, id');
    this.ofNote = db.prepare('SELECT * FROM cards WHERE note_id = ? ORDER BY question_start, id');
    this.orphans = db.prepare('SELECT * FROM cards WHERE is_orphan = 1 ORDER BY orphaned_at, id');
    this.writeSchedule = db.prepare(`UPDATE cards SET due = ?, stability = ?, difficulty = ?, elapsed_days = ?,
        scheduled_days = ?, learning_steps = ?, reps = ?, lapses = ?, state = ?, last_review = ?, updated_at = ?
      WHERE id = ?`);
    this.learningDue = db.prepare(LEARNING_DUE);
    this.reviewDue = db.prepare(REVIEW_DUE);
    this.newCard = db.prepare(NEW_CARD);
  }

  /** The condition that narrows sessions and counts to a deck (every card when none is given). */
  scopeOf(deck: Deck | undefined): DeckScope {
    return deckScope(this.db, deck);
  }

  /** Runs `fn` in one transaction (nested calls join the outer one): this repository's own multi-statement writes (docs/architecture.md). */
  private transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Stores a new card with its first schedule (ts-fsrs's createEmptyCard). */
  create(card: NewCard, schedule: CardSchedule, now: string): void {
    this.insertCard.run(
      card.id,
      card.noteId,
      card.kind,
      ...anchorValues(card),
      card.context ?? '',
      card.questionOverride ?? null,
      card.answerOverride ?? null,
      ...scheduleParams(schedule),
      now,
      now,
      card.lines?.line ?? null,
      card.lines?.answerFirstLine ?? null,
      card.lines?.answerLastLine ?? null,
      card.questionKey ?? null,
      card.questionKey ? (card.questionHash ?? keyHash(card.questionKey)) : null,
    );
  }

  /**
   * Stores a card found on import, new to FSRS (createEmptyCard at `now`):
   * the same row create() writes for it, binding only what differs per card.
   */
  createFound(card: NewCard & { noteId: number }, now: string): void {
    this.insertFound.run(
      card.id,
      card.noteId,
      ...anchorValues(card),
      card.context ?? '',
      now,
      now,
      now,
      card.lines?.line ?? null,
      card.lines?.answerFirstLine ?? null,
      card.lines?.answerLastLine ?? null,
      card.questionKey ?? null,
      card.questionKey ? (card.questionHash ?? keyHash(card.questionKey)) : null,
    );
  }

  /**
   * The card with its whole answer: a found card keeps only the first
   * ANSWER_EXACT_MAX units of it, the rest is read from its note while the
   * note is at the card's version and the hash agrees (else the kept part).
   */
  private whole(row: CardRow): CardRecord {
    const card = toCard(row);
    if (card.answer && isAnswerBounded(card.answer)) card.answer.exact = this.answerOf(card) ?? card.answer.exact;
    return card;
  }

  /**
   * The whole answer of a card read from a list (listByNote, listAll,
   * listOrphans give at most ANSWER_EXACT_MAX units of a found card's
   * answer, to keep lists cheap); null when it has none.
   */
  answerOf(card: CardRecord): string | null {
    if (!card.answer) return null;
    if (!isAnswerBounded(card.answer) || card.noteId === null) return card.answer.exact;
    const text = this.noteText.get(card.noteId, card.contentHash);
    const { start, end, hash } = card.answer;
    return text !== undefined && end <= text.length && textHash(text, start, end) === hash ? text.slice(start, end) : card.answer.exact;
  }

  /** The card (with its whole answer), or undefined if there is none with this id. */
  get(id: string): CardRecord | undefined {
    const row = this.byId.get(id);
    return row ? this.whole(row) : undefined;
  }

  /** A note's cards in the order their questions appear. */
  listByNote(noteId: number): CardRecord[] {
    return this.ofNote.all(noteId).map(toCard);
  }

  /** Every card, by note and then in the order its question appears (cards with no note first). */
  listAll(): CardRecord[] {
    return this.all.all().map(toCard);
  }

  /** Records where the card's question and answer are in its note's file (see CardLines). */
  setLines(id: string, lines: CardLines): void {
    this.writeLines.run(lines.line, lines.answerFirstLine, lines.answerLastLine, id);
  }

  /** Cards whose question vanished or whose note was deleted, oldest first. */
  listOrphans(): CardRecord[] {
    return this.orphans.all().map(toCard);
  }

  /** Writes the card's FSRS state. */
  saveSchedule(id: string, schedule: CardSchedule, now: string): void {
    this.writeSchedule.run(...scheduleParams(schedule), now, id);
  }

  /** Suspends or restores a card; returns false if there is no such card. */
  setSuspended(id: string, isSuspended: boolean, now: string): boolean {
    return this.db.prepare('UPDATE cards SET is_suspended = ?, updated_at = ? WHERE id = ?').run(isSuspended ? 1 : 0, now, id).changes > 0;
  }

  /** Leaves a card out of sessions until `until` (null un-buries it). */
  setBuriedUntil(id: string, until: string | null, now: string): boolean {
    return this.db.prepare('UPDATE cards SET buried_until = ?, updated_at = ? WHERE id = ?').run(until, now, id).changes > 0;
  }

  /** Marks a card whose question can no longer be found: suspended, kept with its history. */
  markOrphan(id: string, now: string, wholeAnswer?: string): boolean {
    // A found card's answer is read from its note while the note is at the card's
    // version; an orphan's note has moved on, so the caller hands the whole answer to keep.
    if (wholeAnswer !== undefined) return this.orphanWithAnswer.run(now, now, wholeAnswer, id).changes > 0;
    return this.orphanOne.run(now, now, id).changes > 0;
  }

  /**
   * Makes every card of a note an orphan (its file was deleted; the note row
   * stays as removed): suspended, kept with its history. Returns how many.
   * `answerPreview` as for promoteSource.
   */
  orphanNote(noteId: number, now: string, answerPreview?: (noteText: string, answer: TextAnchor) => string | undefined): number {
    // Cards another note also asks stay on that note; this note stops being a source.
    const shared = this.db
      .prepare<[number], string>(
        // One pass over note_card_sources (it has no index by card; see migration 0020).
        `SELECT DISTINCT j.value FROM note_card_sources AS n, json_each(n.card_ids) AS j
          WHERE j.value IN (SELECT id FROM cards WHERE note_id = ? AND is_orphan = 0)`,
      )
      .pluck()
      .all(noteId);
    for (const id of shared) this.promoteSource(id, now, answerPreview);
    this.dropSources.run(noteId);
    return this.db
      .prepare('UPDATE cards SET is_orphan = 1, is_suspended = 1, orphaned_at = ?, updated_at = ? WHERE note_id = ? AND is_orphan = 0')
      .run(now, now, noteId).changes;
  }

  /**
   * Moves a card's primary anchors to where re-anchoring found its question
   * (and answer) in a new version of a note. With `isReattached` the card
   * also stops being an orphan and is no longer suspended: the person put it
   * back on a question.
   */
  saveSource(id: string, source: CardSource & { noteId: number }, now: string, isReattached = false): boolean {
    const flags = isReattached ? ', is_orphan = 0, orphaned_at = NULL, is_suspended = 0' : '';
    return (
      this.db
        .prepare(
          `UPDATE cards SET note_id = ?, question_exact = ?, question_prefix = ?, question_suffix = ?, question_start = ?,
             question_end = ?, answer_exact = ?, answer_prefix = ?, answer_suffix = ?, answer_start = ?, answer_end = ?,
             content_hash = ?, answer_hash = ?, updated_at = ?${flags}
           WHERE id = ?`,
        )
        .run(source.noteId, ...anchorValues(source), now, id).changes > 0
    );
  }

  /**
   * Puts a found card on where its question now is in its note, in one
   * statement (an import writes this for every kept card): anchors, context
   * and file lines. An orphan put back stops being one and is no longer
   * suspended; a card the person suspended stays suspended.
   */
  savePlacement(
    id: string,
    source: CardSource & { noteId: number },
    context: string,
    lines: CardLines,
    now: string,
    questionKey: string | null = null,
  ): void {
    this.writePlacement.run(
      source.noteId,
      ...anchorValues(source),
      context,
      lines.line,
      lines.answerFirstLine,
      lines.answerLastLine,
      now,
      questionKey,
      questionKey === null ? null : keyHash(questionKey),
      id,
    );
  }

  /** The note's text as stored now (read before a new version replaces it), or undefined. */
  noteTextNow(noteId: number): string | undefined {
    return this.currentText.get(noteId);
  }

  /** Records the key a card's question is compared by across notes. */
  setQuestionKey(id: string, questionKey: string | null): void {
    this.writeKey.run(questionKey, questionKey === null ? null : keyHash(questionKey), id);
  }

  /** The oldest live found card whose question has this key, in a note other than `noteId`. */
  findByQuestionKey(questionKey: string, noteId: number): string | undefined {
    return this.byQuestionKey.get(keyHash(questionKey), questionKey, noteId);
  }

  /** The hash of every question key stored: the importer checks a note's questions against them before asking SQLite. */
  questionKeyHashes(): number[] {
    return this.keysStmt.all();
  }

  /** The cards this note is an extra source of, with where it asks each, by where the question starts. */
  sourcesOf(noteId: number): (ExtraSource & { cardId: string })[] {
    // Read before the note's new version overwrites it: the entries describe the version stored.
    const row = this.sourcesOfNote.get(noteId);
    if (!row) return [];
    const ids = JSON.parse(row.card_ids) as string[];
    const entries = JSON.parse(row.entries) as SourceEntry[];
    const gone = new Set(JSON.parse(row.gone) as number[]);
    const sources: (ExtraSource & { cardId: string })[] = [];
    ids.forEach((cardId, i) => {
      if (!gone.has(i)) sources.push({ cardId, ...toSource(noteId, entries[i] as SourceEntry, row.note_text, row.note_content_hash) });
    });
    return sources;
  }

  /** The note's row as parallel arrays (empty when it is no card's source). */
  private readSources(noteId: number): NoteSources {
    const row = this.sourcesRow.get(noteId);
    return row
      ? { cardIds: JSON.parse(row.card_ids) as string[], entries: JSON.parse(row.entries) as SourceEntry[] }
      : { cardIds: [], entries: [] };
  }

  /**
   * Replaces every extra source of a note with these (none deletes its row):
   * the importer writes a note's sources once, when it is done with the
   * note. Entries are kept by where their question starts, then card id.
   */
  setSourcesOf(noteId: number, sources: NoteSources): void {
    const { cardIds, entries } = sources;
    if (cardIds.length === 0) {
      this.dropSources.run(noteId);
      return;
    }
    let isSorted = true;
    for (let i = 1; i < cardIds.length && isSorted; i++) isSorted = compareSources(sources, i - 1, i) <= 0;
    if (isSorted) {
      this.writeSources.run(noteId, JSON.stringify(cardIds), JSON.stringify(entries));
      return;
    }
    const order = cardIds.map((_, i) => i).sort((a, b) => compareSources(sources, a, b));
    this.writeSources.run(noteId, JSON.stringify(order.map((i) => cardIds[i])), JSON.stringify(order.map((i) => entries[i])));
  }

  /** Adds these sources to the note's row, each replacing the note's entry for its card if it had one. */
  mergeSourcesOf(noteId: number, sources: NoteSources): void {
    const merged = this.readSources(noteId);
    sources.cardIds.forEach((cardId, i) => {
      const was = merged.cardIds.indexOf(cardId);
      if (was >= 0) dropEntry(merged, was);
      merged.cardIds.push(cardId);
      merged.entries.push(sources.entries[i] as SourceEntry);
    });
    this.setSourcesOf(noteId, merged);
  }

  /**
   * Changes whenever a card may have been deleted: by a CardRepository on
   * this connection, or by any write another connection committed. A card
   * seen to exist under one mark still exists while the mark stays the same
   * (within a transaction it cannot change).
   */
  removalMark(): string {
    return `${deletions.get(this.db) ?? 0}:${this.dataVersion.get() as number}`;
  }

  /** Whether a card with this id exists. */
  hasCard(id: string): boolean {
    return this.cardThere.get(id) !== undefined;
  }

  /** This note no longer asks the card's question. */
  removeSource(cardId: string, noteId: number): void {
    const sources = this.readSources(noteId);
    const at = sources.cardIds.indexOf(cardId);
    if (at < 0) return;
    dropEntry(sources, at);
    this.setSourcesOf(noteId, sources);
  }

  /** Every row naming the card (one pass over the table), each rewritten as `change` leaves it. */
  private rewriteRowsNaming(cardId: string, change: (sources: NoteSources, at: number) => void): void {
    for (const row of this.rowsNaming.all(idNeedle(cardId))) {
      const sources = { cardIds: JSON.parse(row.card_ids) as string[], entries: JSON.parse(row.entries) as SourceEntry[] };
      const at = sources.cardIds.indexOf(cardId);
      if (at < 0) continue;
      change(sources, at);
      this.setSourcesOf(row.note_id, sources);
    }
  }

  /**
   * The card's primary note lost its question: the first other live note
   * that asks it becomes the primary source (its anchors, context and lines
   * move onto the card, its source entry goes). Returns false when no other
   * note asks it (the caller makes the card an orphan).
   */
  promoteSource(cardId: string, now: string, answerPreview?: (noteText: string, answer: TextAnchor) => string | undefined): boolean {
    let source: ExtraSource | undefined;
    for (const first of this.sourcesIn(this.liveRowsOfCard, cardId)) {
      source = first;
      break;
    }
    if (!source) return false;
    // An extra source keeps none of its answer's text (note-cards.ts anchorsOf): the card's part of it comes from the note.
    if (answerPreview && source.answer && isAnswerBounded(source.answer)) {
      const text = this.currentText.get(source.noteId);
      const preview = text === undefined ? undefined : answerPreview(text, source.answer);
      if (preview !== undefined) source.answer.exact = preview;
    }
    this.promote.run(
      source.noteId,
      ...anchorValues(source),
      source.context,
      source.lines.line,
      source.lines.answerFirstLine,
      source.lines.answerLastLine,
      now,
      cardId,
    );
    this.removeSource(cardId, source.noteId);
    return true;
  }

  /** Keeps what the person typed for the question or the answer (null goes back to the note's text). */
  setOverrides(id: string, overrides: { question?: string | null; answer?: string | null }, now: string): boolean {
    const card = this.byId.get(id);
    if (!card) return false;
    this.db
      .prepare('UPDATE cards SET question_override = ?, answer_override = ?, updated_at = ? WHERE id = ?')
      .run(
        overrides.question === undefined ? card.question_override : overrides.question,
        overrides.answer === undefined ? card.answer_override : overrides.answer,
        now,
        id,
      );
    return true;
  }

  /** Deletes a card and its history: only ever at the person's request. */
  delete(id: string): boolean {
    return this.transaction(() => {
      // Its places in other notes go with it (note_card_sources has no foreign key to cards).
      this.rewriteRowsNaming(id, dropEntry);
      countDeletion(this.db);
      return this.db.prepare('DELETE FROM cards WHERE id = ?').run(id).changes > 0;
    });
  }

  /**
   * Records that another note asks the same question (replacing that note's
   * earlier anchor, if any). The note's entry stores offsets, neither the
   * quotes nor the note's version: the importer writes a note's sources with
   * each version of the note, in the same savepoint, so they always describe
   * the note as stored and the quotes are read from its text (sourcesOf,
   * promoteSource). A question asked in many notes then costs a few integers
   * per note (migrations 0019, 0020). `source` must be anchored in the note's
   * text as it is stored with this write.
   */
  addSource(
    cardId: string,
    source: CardSource & { noteId: number },
    context = '',
    lines: CardLines = { line: null, answerFirstLine: null, answerLastLine: null },
  ): void {
    const { question, answer } = source;
    const at: SourceOffsets = {
      questionFrom: question.start - question.prefix.length,
      questionStart: question.start,
      questionEnd: question.end,
      questionTo: question.end + question.suffix.length,
      answerStart: answer?.start ?? null,
      answerEnd: answer?.end ?? null,
      answerHash: answer?.hash ?? null,
    };
    this.addSourceAt(cardId, source.noteId, at, context, lines);
  }

  /**
   * addSource from the offsets the entry stores: slicing the quotes out of
   * the note only to measure them would be a string per quote. Rewrites the
   * note's whole row; the importer writes each note's sources once instead
   * (setSourcesOf).
   */
  addSourceAt(cardId: string, noteId: number, at: SourceOffsets, context: string, lines: CardLines): void {
    // As the foreign key of card_sources did: no source of a card that does not exist.
    if (!this.hasCard(cardId)) throw new Error(`no card ${cardId}`);
    const sources = this.readSources(noteId);
    const was = sources.cardIds.indexOf(cardId);
    if (was >= 0) dropEntry(sources, was);
    sources.cardIds.push(cardId);
    sources.entries.push(sourceEntry(at, context, lines));
    this.setSourcesOf(noteId, sources);
  }

  /** The card's other sources, by note id. */
  extraSources(cardId: string): ExtraSource[] {
    // Entries of a card that is gone are not its sources (delete() removes them; this is a second guard).
    if (!this.hasCard(cardId)) return [];
    return [...this.sourcesIn(this.rowsOfCard, cardId)];
  }

  /**
   * The card's entries in the rows `rows` finds by its quoted id, as sources,
   * by note id. Each entry describes its note as stored (see addSource): its
   * quotes and version are the note's.
   */
  private *sourcesIn(rows: Statement<[string], SourcesWithNote>, cardId: string): Generator<ExtraSource> {
    for (const row of rows.iterate(idNeedle(cardId))) {
      const at = (JSON.parse(row.card_ids) as string[]).indexOf(cardId);
      if (at < 0) continue;
      yield toSource(row.note_id, (JSON.parse(row.entries) as SourceEntry[])[at] as SourceEntry, row.note_text, row.note_content_hash);
    }
  }

  /** How many extra sources the store holds (each note's entries; for the benchmarks). */
  countExtraSources(): number {
    return this.db.prepare('SELECT COALESCE(SUM(json_array_length(card_ids)), 0) FROM note_card_sources').pluck().get() as number;
  }

  /** The (re)learning card due first at `now`, if any: these come before everything else. */
  nextLearning(dueBy: string, now: string, scope: DeckScope = EVERY_CARD): CardRecord | undefined {
    const row = scope === EVERY_CARD ? this.learningDue.get(dueBy, now) : this.scoped(LEARNING_DUE, scope).get(dueBy, now, ...scope.params);
    return row ? this.whole(row) : undefined;
  }

  /** The review card due first, if one is due by `dueBy`. */
  nextReview(dueBy: string, now: string, scope: DeckScope = EVERY_CARD): CardRecord | undefined {
    const row = scope === EVERY_CARD ? this.reviewDue.get(dueBy, now) : this.scoped(REVIEW_DUE, scope).get(dueBy, now, ...scope.params);
    return row ? this.whole(row) : undefined;
  }

  /** The new card made first that a session may show. */
  nextNew(now: string, scope: DeckScope = EVERY_CARD): CardRecord | undefined {
    const row = scope === EVERY_CARD ? this.newCard.get(now) : this.scoped(NEW_CARD, scope).get(now, ...scope.params);
    return row ? this.whole(row) : undefined;
  }

  /**
   * Cards a session could show before `dueBy` (the end of the study day):
   * (re)learning steps and reviews due by then, and new cards, before any
   * daily limit.
   */
  countShowable(dueBy: string, now: string, scope: DeckScope = EVERY_CARD): { learning: number; review: number; new: number } {
    const count = (sql: string, ...params: (string | number)[]) =>
      this.db
        .prepare(`${sql} AND (${scope.where})`)
        .pluck()
        .get(...params, ...scope.params) as number;
    return {
      learning: count(`SELECT COUNT(*) FROM cards WHERE state IN (1, 3) AND state > 0 AND ${SHOWABLE} AND due <= ?`, now, dueBy),
      review: count(`SELECT COUNT(*) FROM cards WHERE state = 2 AND state > 0 AND ${SHOWABLE} AND due <= ?`, now, dueBy),
      new: count(`SELECT COUNT(*) FROM cards INDEXED BY cards_new_answered WHERE state = 0 AND ${SHOWABLE}`, now),
    };
  }

  /**
   * Per note, the cards a session may show and how many of them are due by
   * `dueBy` (new cards included): one pass over the cards for the deck list.
   */
  countByNote(dueBy: string, now: string): { noteId: number; cards: number; due: number }[] {
    return this.db
      .prepare(
        `SELECT note_id AS noteId, COUNT(*) AS cards, SUM(CASE WHEN state = 0 OR due <= ? THEN 1 ELSE 0 END) AS due
         FROM cards WHERE note_id IS NOT NULL AND ${SHOWABLE} GROUP BY note_id`,
      )
      .all(dueBy, now) as { noteId: number; cards: number; due: number }[];
  }

  /** A "next card" statement narrowed to a deck (placed before its ORDER BY). */
  private scoped(sql: string, scope: DeckScope): Statement<unknown[], CardRow> {
    const at = sql.lastIndexOf(' ORDER BY ');
    return this.db.prepare(`${sql.slice(0, at)} AND (${scope.where})${sql.slice(at)}`);
  }

  /**
   * Every card by FSRS state, and how many are suspended (orphans included),
   * orphaned, or questions still to answer (counted in their state too).
   */
  countByState(): {
    new: number;
    learning: number;
    review: number;
    relearning: number;
    suspended: number;
    orphan: number;
    unanswered: number;
  } {
    const counts = { new: 0, learning: 0, review: 0, relearning: 0, suspended: 0, orphan: 0, unanswered: 0 };
    const names = ['new', 'learning', 'review', 'relearning'] as const;
    const rows = this.db
      .prepare(
        `SELECT state, SUM(is_suspended) AS suspended, SUM(is_orphan) AS orphan,
           SUM(CASE WHEN ${UNANSWERED} THEN 1 ELSE 0 END) AS unanswered, COUNT(*) AS n FROM cards GROUP BY state`,
      )
      .all() as { state: CardStateCode; suspended: number; orphan: number; unanswered: number; n: number }[];
    for (const row of rows) {
      counts[names[row.state]] += row.n;
      counts.suspended += row.suspended;
      counts.orphan += row.orphan;
      counts.unanswered += row.unanswered;
    }
    return counts;
  }

  /** The questions still to answer (see UNANSWERED), in a deck, by note and in reading order. */
  listUnanswered(scope: DeckScope = EVERY_CARD): CardRecord[] {
    return (
      this.db
        .prepare(`SELECT * FROM cards WHERE ${UNANSWERED} AND (${scope.where}) ORDER BY note_id, question_start, id`)
        .all(...scope.params) as CardRow[]
    ).map(toCard);
  }

  /** Cards the person suspended (orphans are listed apart), most recently changed first. */
  listSuspended(): CardRecord[] {
    return (
      this.db.prepare('SELECT * FROM cards WHERE is_suspended = 1 AND is_orphan = 0 ORDER BY updated_at DESC, id').all() as CardRow[]
    ).map(toCard);
  }

  /** How many grades each of these cards has in the review log (cards with none are left out). */
  reviewCounts(ids: string[]): Map<string, number> {
    if (ids.length === 0) return new Map();
    const rows = this.db
      .prepare('SELECT card_id AS id, COUNT(*) AS n FROM review_log WHERE card_id IN (SELECT value FROM json_each(?)) GROUP BY card_id')
      .all(JSON.stringify(ids)) as { id: string; n: number }[];
    return new Map(rows.map((row) => [row.id, row.n]));
  }

  /**
   * Puts a card (usually an orphan) on the question another card holds: it
   * takes that card's note, anchors, kind, context, file lines and other
   * sources, and keeps its own id, schedule and review history. Its question
   * override gives way to the target's (the question is now the target's);
   * its typed answer is kept, else it takes the target's. The target card is
   * then deleted (`displaced` 'delete') or becomes a suspended orphan with its
   * own history ('orphan'). One transaction.
   */
  takePlace(cardId: string, targetId: string, displaced: 'delete' | 'orphan', now: string): boolean {
    return this.transaction(() => {
      const card = this.byId.get(cardId);
      const target = this.byId.get(targetId);
      if (!card || !target || card.id === target.id) return false;
      this.db
        .prepare(
          `UPDATE cards SET note_id = ?, kind = ?, question_exact = ?, question_prefix = ?, question_suffix = ?,
             question_start = ?, question_end = ?, answer_exact = ?, answer_prefix = ?, answer_suffix = ?, answer_start = ?,
             answer_end = ?, content_hash = ?, context = ?, question_line = ?, answer_first_line = ?, answer_last_line = ?,
             question_override = ?, answer_override = ?, is_orphan = 0, orphaned_at = NULL, is_suspended = 0, updated_at = ?
           WHERE id = ?`,
        )
        .run(
          target.note_id,
          target.kind,
          target.question_exact,
          target.question_prefix,
          target.question_suffix,
          target.question_start,
          target.question_end,
          target.answer_exact,
          target.answer_prefix,
          target.answer_suffix,
          target.answer_start,
          target.answer_end,
          target.content_hash,
          target.context,
          target.question_line,
          target.answer_first_line,
          target.answer_last_line,
          target.question_override,
          card.answer_override ?? target.answer_override,
          now,
          card.id,
        );
      // The card's own extra sources described its old question; the target's now describe its new one.
      this.rewriteRowsNaming(card.id, dropEntry);
      this.rewriteRowsNaming(target.id, (sources, at) => {
        sources.cardIds[at] = card.id;
      });
      if (displaced === 'delete') {
        this.db.prepare('DELETE FROM cards WHERE id = ?').run(target.id);
        countDeletion(this.db);
      } else this.markOrphan(target.id, now);
      return true;
    });
  }
}
