import type { SourceEntry } from '../../db/repositories/card-sources.js';
import type { FoundQuestion } from '../markdown/questions.js';
import type { CardRepository } from '../../db/repositories/cards.js';
import { createFoundCard, isPlaceable, orderedCardId, sourceEntryOf, textOrder } from './note-cards.js';
import type { NoteQuestions, QuestionCardFields, QuestionKeys } from './note-cards.js';

/*
 * The cards of a note new to the store, decided where the note is parsed
 * (on the parse worker in an async import, inline in a sync one), so the
 * thread that writes only checks them, makes their ids and writes them. A first import of a question bank is mostly this: every
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
  /** The plan number of each card this note makes (CREATE or AGAIN), in text order: a later note joins it by that number. */
  made: Int32Array;
  /** The plan numbers of the cards this note joins (one per JOIN), in text order. */
  joined: Int32Array;
  /** The entries of the note's row of note_card_sources as JSON, in text order (migration 0020); '' when it joins none. */
  entriesJson: string;
}

/** A card a plan made, as the planner remembers it for later notes. */
interface PlannedCard {
  number: number;
  /** The plan's count of notes when it was made: a note never joins its own card. */
  note: number;
}

/**
 * Plans the cards of the notes of one import, in the order the importer
 * writes them. One planner per parse worker (a replaced worker plans
 * nothing: its numbers would clash with the first one's). It numbers the
 * cards and leaves their ids to the writer, which makes them as it writes
 * (orderedCardId): new cards are introduced in the order they were made,
 * and a batch may mix planned notes with notes the writer decided itself.
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
    const joined: number[] = [];
    const entries: SourceEntry[] = [];
    /** Keys this note planned a first card for: forgotten again if the note is not planned after all. */
    const added: string[] = [];
    for (const index of textOrder(questions)) {
      const question = questions[index] as FoundQuestion;
      if (!isPlaceable(question)) continue;
      const f = fields[index] as QuestionCardFields;
      const card = f.key === null ? undefined : this.planned.get(f.key);
      // Asked by an earlier note: one card, this note one more of its sources. Asked again here: a card of its own.
      if (card && card.note !== this.notes && !joined.includes(card.number)) {
        // The row keeps its entries by where the question starts: two questions never start at one place, but if
        // they did the writer would have to order them by card id, which only it knows. Such a note is not planned.
        if (entries.length > 0 && (entries[entries.length - 1] as SourceEntry)[1] >= question.span.start) {
          for (const key of added) this.planned.delete(key);
          for (const g of fields) if (g.keyHash !== null) this.unsure.add(g.keyHash);
          return undefined;
        }
        actions[index] = JOIN;
        joined.push(card.number);
        entries.push(sourceEntryOf(question, f));
        continue;
      }
      actions[index] = card ? AGAIN : CREATE;
      const number = this.nextNumber++;
      made.push(number);
      if (f.key !== null && !card) {
        this.planned.set(f.key, { number, note: this.notes });
        added.push(f.key);
      }
    }
    return {
      actions,
      made: Int32Array.from(made),
      joined: Int32Array.from(joined),
      entriesJson: entries.length === 0 ? '' : JSON.stringify(entries),
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
  const joinedIds: string[] = [];
  for (const number of plan.joined) {
    const id = keys.plannedCard(number);
    if (id === undefined) return false;
    joinedIds.push(id);
  }
  // Checked for all before any is made. A question asked again (AGAIN) has a card: the one its first ask holds.
  for (let i = 0; i < questions.length; i++) {
    const f = fields[i] as QuestionCardFields;
    if (plan.actions[i] === CREATE && f.key !== null && keys.cardFor(f.key, f.keyHash as number) !== undefined) return false;
  }
  let made = 0;
  for (const index of textOrder(questions)) {
    if (plan.actions[index] !== CREATE && plan.actions[index] !== AGAIN) continue;
    const f = fields[index] as QuestionCardFields;
    const id = orderedCardId();
    createFoundCard(cards, noteId, note, questions[index] as FoundQuestion, f, id, stamp);
    if (f.key !== null) keys.add(f.key, f.keyHash as number, { id, noteId });
    keys.planMade(plan.made[made] as number, id);
    made++;
  }
  // Each id was made by orderedCardId when an earlier note's plan was carried out: hex digits and
  // dashes, so joined they are their JSON array. JSON.stringify's escaping pass over the 126,832
  // ids a copied bank joins took tens of ms of the import.
  if (joinedIds.length > 0) cards.sources.writeNoteRow(noteId, `["${joinedIds.join('","')}"]`, plan.entriesJson);
  return true;
}
