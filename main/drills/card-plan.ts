import { sortedNoteSources } from '../../db/repositories/card-sources.js';
import type { SourceEntry } from '../../db/repositories/card-sources.js';
import type { FoundQuestion } from '../markdown/questions.js';
import type { CardRepository } from '../../db/repositories/cards.js';
import { createFoundCard, isPlaceable, orderedCardId, sourceEntryOf, textOrder } from './note-cards.js';
import type { NoteQuestions, QuestionCardFields, QuestionKeys } from './note-cards.js';

/*
 * The cards of a note new to the store, decided where the note is parsed
 * (the parse worker in a large import), so the thread that writes only
 * writes them. A first import of a question bank is mostly this: every
 * question either makes a card or joins the card an earlier note of the
 * import made for the same question. Deciding that needs only the notes
 * parsed before, in the order the importer writes them, and the question
 * keys stored when the import started, both of which the parse side has.
 *
 * A plan is a proposal. The writer (placePlannedCards below)
 * follows it only when nothing it could not know has happened: the note is
 * new, every card it joins was made by a plan the writer carried out and
 * committed, no card was deleted since the import started, and no key it
 * makes a card for has one already (a changed note the writer synced its
 * own way may have made one). Otherwise the note goes through syncNoteCards
 * as before, which has the last word. The plan decides exactly what
 * placeQuestions would decide for such a note; card-plan.test.ts holds the
 * two to the same result.
 */

export const SKIP = 0;
/** A card for a question no card has yet. */
export const CREATE = 1;
/** One more source of a card an earlier note's plan made. */
export const JOIN = 2;
/** A card of its own for a question the note asks again: its first ask holds the question's card already. */
export const AGAIN = 3;

/** What the parse side decided for a new note's questions. Plain data: it crosses from the parse worker. */
export interface CardPlan {
  /** Per question (the note's questions' order): SKIP (no text to anchor on), CREATE, JOIN or AGAIN. */
  actions: Uint8Array;
  /** The plan number of each card this note makes, in text order: a later note joins it by that number. */
  made: Int32Array;
  /** Their ids, in the same order. */
  madeIds: string[];
  /** The plan numbers of the cards this note joins (one per JOIN). */
  joined: Int32Array;
  /** The note's row of note_card_sources, ready to write (migration 0020); '' when it joins none. */
  cardIdsJson: string;
  entriesJson: string;
}

/** A card a plan made, as the planner remembers it for later notes. */
interface PlannedCard {
  number: number;
  id: string;
  /** The plan's count of notes when it was made: a note never joins its own card. */
  note: number;
}

/**
 * Plans the cards of the notes of one import, in the order the importer
 * writes them. One planner per parse worker (a replaced worker plans
 * nothing: its numbers would clash with the first one's).
 */
export class CardPlanner {
  /** Hashes of the keys a card may already have: those stored when the import started, and those of notes it did not plan. */
  private readonly unsure: Set<number>;
  /** The first card planned for each key, by the key itself (no collisions here: the writer checks by hash). */
  private readonly planned = new Map<string, PlannedCard>();
  private nextNumber = 0;
  private notes = 0;

  constructor(storedKeyHashes: Iterable<number>) {
    this.unsure = new Set(storedKeyHashes);
  }

  /**
   * The plan for a note read from a file, or undefined when the note is
   * already stored (the writer re-anchors its cards instead) or asks a
   * question that may already have a card. Either way the writer may make
   * cards for its keys that no plan knows of, so later notes asking them are
   * not planned.
   */
  plan(isStored: boolean, questions: FoundQuestion[], fields: QuestionCardFields[]): CardPlan | undefined {
    this.notes++;
    if (questions.length === 0 || fields.length !== questions.length) return undefined;
    const unsure = isStored || fields.some((f) => f.keyHash !== null && this.unsure.has(f.keyHash));
    if (unsure) {
      for (const f of fields) if (f.keyHash !== null) this.unsure.add(f.keyHash);
      return undefined;
    }
    const actions = new Uint8Array(questions.length);
    const made: number[] = [];
    const madeIds: string[] = [];
    const joined: number[] = [];
    const joinedIds: string[] = [];
    const entries: SourceEntry[] = [];
    for (const index of textOrder(questions)) {
      const question = questions[index] as FoundQuestion;
      if (!isPlaceable(question)) continue;
      const f = fields[index] as QuestionCardFields;
      const card = f.key === null ? undefined : this.planned.get(f.key);
      // Asked by an earlier note: one card, this note one more of its sources. Asked again here: a card of its own.
      if (card && card.note !== this.notes && !joined.includes(card.number)) {
        actions[index] = JOIN;
        joined.push(card.number);
        joinedIds.push(card.id);
        entries.push(sourceEntryOf(question, f));
        continue;
      }
      actions[index] = card ? AGAIN : CREATE;
      const number = this.nextNumber++;
      const id = orderedCardId();
      made.push(number);
      madeIds.push(id);
      if (f.key !== null && !card) this.planned.set(f.key, { number, id, note: this.notes });
    }
    const row = joined.length === 0 ? undefined : sortedNoteSources({ cardIds: joinedIds, entries });
    return {
      actions,
      made: Int32Array.from(made),
      madeIds,
      joined: Int32Array.from(joined),
      cardIdsJson: row ? JSON.stringify(row.cardIds) : '',
      entriesJson: row ? JSON.stringify(row.entries) : '',
    };
  }
}

/**
 * A note new to the store gets the cards its plan (CardPlanner) decided,
 * inside the caller's savepoint, when the plan can be vouched for: no card
 * was deleted since the import's first note, every card it joins was made by
 * an earlier note's plan that is stored, and no key it makes a card for has
 * one. Returns false, having written nothing, otherwise: the caller then
 * syncs the note with syncNoteCards, which decides the same for a plan
 * that holds.
 */
export function placePlannedCards(
  cards: CardRepository,
  noteId: number,
  note: NoteQuestions,
  plan: CardPlan,
  stamp: string,
  keys: QuestionKeys,
): boolean {
  const { questions } = note;
  const fields = note.fields;
  if (!fields || fields.length !== questions.length || plan.actions.length !== questions.length) return false;
  keys.checkRemovals(cards);
  if (!keys.isUndisturbed()) return false;
  for (const number of plan.joined) if (!keys.hasPlanned(number)) return false;
  // Checked for all before any is made. A question asked again (AGAIN) has a card: the one its first ask holds.
  for (let i = 0; i < questions.length; i++) {
    const f = fields[i] as QuestionCardFields;
    if (plan.actions[i] === CREATE && f.key !== null && keys.cardFor(f.key, f.keyHash as number) !== undefined) return false;
  }
  let made = 0;
  for (const index of textOrder(questions)) {
    if (plan.actions[index] !== CREATE && plan.actions[index] !== AGAIN) continue;
    const f = fields[index] as QuestionCardFields;
    const id = plan.madeIds[made] as string;
    createFoundCard(cards, noteId, note, questions[index] as FoundQuestion, f, id, stamp);
    if (f.key !== null) keys.add(f.key, f.keyHash as number, { id, noteId });
    keys.planMade(plan.made[made] as number);
    made++;
  }
  if (plan.joined.length > 0) cards.sources.writeNoteRow(noteId, plan.cardIdsJson, plan.entriesJson);
  return true;
}
