import type { Database, Statement } from 'better-sqlite3';
import { deckScope, EVERY_CARD } from './card-decks.js';
import type { Deck, DeckScope } from './card-decks.js';
import { anchorValues, isAnswerBounded, keyHash, scheduleParams, textHash, toCard } from './card-records.js';
import type { CardLines, CardRecord, CardRow, CardSchedule, CardSource, CardStateCode, NewCard, TextAnchor } from './card-records.js';
import { CardSourceRepository } from './card-sources.js';

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

/** A note's cards a session may show, and of them those due by the end of the study day, by queue (CardRepository.countByNote). */
export interface NoteCardCounts {
  noteId: number;
  cards: number;
  learning: number;
  review: number;
  new: number;
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

/**
 * SQL for drill cards (their other notes: `sources`; their grades: ReviewLogRepository). Cards are
 * only removed by delete() (the person's choice); a vanished question or a
 * deleted note makes an orphan that keeps its history.
 */
export class CardRepository {
  /** The other notes that ask each card's question. */
  readonly sources: CardSourceRepository;
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
  private readonly cardThere: Statement<[string], number>;
  private readonly dataVersion: Statement<[], number>;
  private readonly promote: Statement;
  private readonly writeKey: Statement;
  private readonly currentText: Statement<[number], string>;

  constructor(db: Database) {
    this.db = db;
    this.sources = new CardSourceRepository(db, (cardId) => this.hasCard(cardId));
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
    for (const id of this.sources.cardsAskedElsewhere(noteId)) this.promoteSource(id, now, answerPreview);
    this.sources.replaceOfNote(noteId, { cardIds: [], entries: [] });
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

  /**
   * The card's primary note lost its question: the first other live note
   * that asks it becomes the primary source (its anchors, context and lines
   * move onto the card, its source entry goes). Returns false when no other
   * note asks it (the caller makes the card an orphan).
   */
  promoteSource(cardId: string, now: string, answerPreview?: (noteText: string, answer: TextAnchor) => string | undefined): boolean {
    const source = this.sources.firstLiveOf(cardId);
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
    this.sources.remove(cardId, source.noteId);
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
      this.sources.dropCard(id);
      countDeletion(this.db);
      return this.db.prepare('DELETE FROM cards WHERE id = ?').run(id).changes > 0;
    });
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
   * Per note, the cards a session may show, and of them what countShowable
   * counts (learning and reviews due by `dueBy`, new cards) before the daily
   * limits: one pass over the cards for the deck list.
   */
  countByNote(dueBy: string, now: string): NoteCardCounts[] {
    return this.db
      .prepare(
        `SELECT note_id AS noteId, COUNT(*) AS cards,
           SUM(CASE WHEN state IN (1, 3) AND due <= ? THEN 1 ELSE 0 END) AS learning,
           SUM(CASE WHEN state = 2 AND due <= ? THEN 1 ELSE 0 END) AS review,
           SUM(CASE WHEN state = 0 THEN 1 ELSE 0 END) AS new
         FROM cards WHERE note_id IS NOT NULL AND ${SHOWABLE} GROUP BY note_id`,
      )
      .all(dueBy, dueBy, now) as NoteCardCounts[];
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
      this.sources.dropCard(card.id);
      this.sources.renameCard(target.id, card.id);
      if (displaced === 'delete') {
        this.db.prepare('DELETE FROM cards WHERE id = ?').run(target.id);
        countDeletion(this.db);
      } else this.markOrphan(target.id, now);
      return true;
    });
  }
}
