import { createHash } from 'node:crypto';
import { repositoriesOf } from '../../db/store-repositories.js';
import type { Database } from 'better-sqlite3';
import { runInTransaction } from '../../db/open-store.js';
import { createEmptyCard, fsrs, generatorParameters, State } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';
import type { CardSchedule } from '../../db/repositories/card-records.js';
import type { NewReviewLog } from '../../db/repositories/review-log.js';
import { fromFsrsCard } from '../drills/fsrs-card.js';
import { orderedCardId, questionKey } from '../drills/note-cards.js';
import { ankiPlainText, fromAnkiField, imageExtension } from './anki-html.js';
import { readAnkiPackage } from './read-apkg.js';
import { sanitizeSvg } from '../sheets/svg-sanitize.js';
import type { AnkiCard, AnkiCollection, AnkiNote, AnkiRevlog } from './read-apkg.js';

/** What an import did, in counts the person is shown. */
export interface AnkiImportReport {
  deck: string;
  deckId: number;
  format: AnkiCollection['format'];
  /** Anki cards that became new Lattice cards. */
  created: number;
  /** Anki cards whose question is already a question of a note: joined to that card, not duplicated. */
  linked: number;
  /** Anki cards already imported into this deck before (left as they are). */
  skipped: number;
  /** Grades carried over into the review log. */
  reviews: number;
  media: number;
}

const DAY_MS = 86_400_000;
/** The longest face kept from a field (a stranger's deck may hold anything). */
const FIELD_MAX = 200_000;
const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' };

/** An SVG cut to what draws (main/sheets/svg-sanitize.ts), or null when nothing is left. */
function svgBytes(data: Uint8Array): Uint8Array | null {
  const clean = sanitizeSvg(new TextDecoder().decode(data));
  return clean ? new TextEncoder().encode(clean) : null;
}

/** A deck's name from its file: the name without folders or extension. */
export function deckNameOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return (
    base
      .replace(/\.(apkg|colpkg)$/i, '')
      .trim()
      .slice(0, 200) || 'Anki'
  );
}

/** Question and answer of one card of a note: Basic's fields (reversed for a second template), or a cloze's gap and fill. */
function cardFields(note: AnkiNote, card: AnkiCard, isCloze: boolean): { question: string; answer: string } {
  const [first = '', second = '', ...rest] = note.fields;
  if (isCloze) {
    const n = card.ord + 1;
    const cloze = /\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g;
    const question = first.replace(cloze, (_all, k: string, text: string, hint?: string) => (Number(k) === n ? `[${hint ?? '…'}]` : text));
    const answer = first.replace(cloze, (_all, k: string, text: string) => (Number(k) === n ? `<b>${text}</b>` : text));
    return { question, answer: [answer, second].filter((part) => part.trim() !== '').join('<br>') };
  }
  if (card.ord === 1 && second !== '') return { question: second, answer: first };
  return { question: first, answer: [second, ...rest.filter((part) => part.trim() !== '')].join('<br>') };
}

/**
 * A card's history through FSRS: each graded revlog row (Again 1 … Easy 4)
 * replayed with ts-fsrs from a new card, one review-log row per grade. Anki's
 * "forget" (a manual row with interval 0) starts the card again. When Anki
 * kept an FSRS memory state on the card (its `data`), that state is the
 * card's stability and difficulty: it is what Anki had, and Anki's own
 * parameters made it. The due date is Anki's, so nothing falls due earlier
 * or later than it would have there.
 */
export function replayHistory(
  card: AnkiCard,
  revlog: AnkiRevlog[],
  crt: number,
  cardId: string,
  desiredRetention: number,
): { schedule: CardSchedule; logs: NewReviewLog[] } {
  const scheduler = fsrs(generatorParameters({ request_retention: desiredRetention, enable_fuzz: false }));
  let current: Card | null = null;
  const logs: NewReviewLog[] = [];
  for (const row of revlog) {
    if (row.type === 4 && row.ivl === 0) {
      current = null;
      continue;
    }
    if (row.ease < 1 || row.ease > 4 || row.type === 5) continue;
    let at = new Date(row.id);
    const from: Card = current ?? createEmptyCard(at);
    if (from.last_review && at < from.last_review) at = from.last_review;
    const before = fromFsrsCard(from);
    const next: Card = scheduler.next(from, at, row.ease as Grade).card;
    logs.push({
      reviewId: `anki-${cardId}-${row.id}`,
      cardId,
      rating: row.ease as 1 | 2 | 3 | 4,
      reviewedAt: new Date(row.id).toISOString(),
      scheduledAt: at.toISOString(),
      elapsedDays: before.lastReview === null ? 0 : (at.getTime() - Date.parse(before.lastReview)) / DAY_MS,
      durationMs: Math.max(0, row.time),
      before,
      afterDue: next.due.toISOString(),
      afterState: next.state as number as 0 | 1 | 2 | 3,
    });
    current = next;
  }
  const memory = typeof card.data.s === 'number' && typeof card.data.d === 'number' ? { s: card.data.s, d: card.data.d } : null;
  if (!current && memory && card.type === 2) {
    // History left out of the package, memory state kept: the card is where Anki says it is.
    const empty: Card = createEmptyCard(new Date(crt * 1000));
    current = { ...empty, state: State.Review, reps: card.reps, lapses: card.lapses, scheduled_days: card.ivl };
  }
  if (!current) return { schedule: fromFsrsCard(createEmptyCard(new Date())), logs };
  if (memory) current = { ...current, stability: memory.s, difficulty: memory.d };
  const due = ankiDue(card, crt);
  if (due !== null) current = { ...current, due };
  return { schedule: fromFsrsCard(current), logs };
}

/** When Anki has the card due: review cards on a day counted from crt, learning ones at a time in seconds. */
function ankiDue(card: AnkiCard, crt: number): Date | null {
  const queue = card.queue < 0 ? card.type : card.queue;
  if (queue === 2 || queue === 3) return new Date((crt + card.due * 86_400) * 1000);
  if (queue === 1) return new Date(card.due * 1000);
  return null;
}

/** One Anki card, converted and ready to store. */
interface PlannedCard {
  guid: string;
  ord: number;
  cardId: string;
  linkedId: string | undefined;
  questionHtml: string;
  answerHtml: string;
  question: string;
  answer: string;
  tags: string[];
  isSuspended: boolean;
  history: ReturnType<typeof replayHistory>;
}

/** Cards converted between two turns of the event loop, and cards written per transaction. */
const CONVERT_SLICE = 200;
const WRITE_SLICE = 1000;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Imports an Anki package into the deck named after it. Each Anki card
 * becomes a Lattice card with its faces (sanitized HTML, images kept in the
 * media store) and its history as FSRS state, unless its question is
 * already a question of a note (same key as the drills compare questions
 * by): then the note's card stands for it, taking the Anki history only if
 * it has none of its own. A package imported again adds only what is new.
 *
 * A deck can hold tens of thousands of cards: they are converted a slice
 * at a time and written in transactions of a thousand, the event loop
 * turning between them, so the app keeps answering. Should a write fail,
 * the cards this import made are deleted again (with their reviews) and
 * the deck too if it was new.
 */
export async function importAnkiPackage(
  db: Database,
  bytes: Uint8Array,
  fileName: string,
  options: { desiredRetention: number; now?: Date },
): Promise<AnkiImportReport> {
  const collection = readAnkiPackage(bytes);
  const anki = repositoriesOf(db).anki;
  const cards = repositoriesOf(db).cards;
  const log = repositoriesOf(db).reviewLog;
  const now = (options.now ?? new Date()).toISOString();
  const deck = deckNameOf(fileName);
  const existingDeck = anki.deckIdIfAny(deck);
  const report: AnkiImportReport = {
    deck,
    deckId: existingDeck ?? 0,
    format: collection.format,
    created: 0,
    linked: 0,
    skipped: 0,
    reviews: 0,
    media: 0,
  };

  // Media named by the fields, each stored once, when the first write starts.
  const mediaToStore = new Map<string, { hash: string; name: string; mime: string; data: Buffer }>();
  const mediaSrc = new Map<string, string | null>();
  const srcOf = (name: string): string | null => {
    if (!mediaSrc.has(name)) {
      const raw = collection.media.get(name);
      const extension = raw ? imageExtension(raw) : '';
      // SECURITY: an SVG is a document that can carry scripts; only its drawing is kept.
      const data = raw && extension === 'svg' ? svgBytes(raw) : raw;
      if (!data || !extension) mediaSrc.set(name, null);
      else {
        const hash = createHash('sha256').update(data).digest('hex');
        mediaToStore.set(hash, { hash, name, mime: MIME[extension]!, data: Buffer.from(data) });
        mediaSrc.set(name, `/media/${hash}`);
      }
    }
    return mediaSrc.get(name) ?? null;
  };

  const notes = new Map(collection.notes.map((note) => [note.id, note]));
  const revlogs = new Map<number, AnkiRevlog[]>();
  for (const row of collection.revlog) {
    const list = revlogs.get(row.cardId);
    if (list) list.push(row);
    else revlogs.set(row.cardId, [row]);
  }

  const planned: PlannedCard[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < collection.cards.length; i++) {
    if (i > 0 && i % CONVERT_SLICE === 0) await nextTurn();
    const card = collection.cards[i]!;
    const note = notes.get(card.noteId);
    if (!note) continue;
    const place = `${note.guid}\u0000${card.ord}`;
    if (seen.has(place) || (existingDeck !== undefined && anki.row(existingDeck, note.guid, card.ord))) {
      report.skipped++;
      continue;
    }
    seen.add(place);
    const fields = cardFields(note, card, collection.clozeModels.has(note.modelId));
    const questionHtml = fromAnkiField(fields.question.slice(0, FIELD_MAX), srcOf);
    const answerHtml = fromAnkiField(fields.answer.slice(0, FIELD_MAX), srcOf);
    const question = ankiPlainText(questionHtml) || '…';
    const key = questionKey(question);
    const linkedId = key ? anki.noteCardWithKey(key) : undefined;
    const cardId = linkedId ?? orderedCardId();
    planned.push({
      guid: note.guid,
      ord: card.ord,
      cardId,
      linkedId,
      questionHtml,
      answerHtml,
      question,
      answer: ankiPlainText(answerHtml),
      tags: note.tags,
      isSuspended: card.queue === -1,
      history: replayHistory(card, revlogs.get(card.id) ?? [], collection.crt, cardId, options.desiredRetention),
    });
  }

  const made: string[] = [];
  const adopted: { id: string; before: CardSchedule }[] = [];
  try {
    for (let from = 0; from === 0 || from < planned.length; from += WRITE_SLICE) {
      if (from > 0) await nextTurn();
      runInTransaction(db, () => {
        if (from === 0) {
          report.deckId = anki.deckId(deck, now);
          for (const media of mediaToStore.values()) anki.saveMedia(media);
          report.media = mediaToStore.size;
        }
        for (const card of planned.slice(from, from + WRITE_SLICE)) writeCard(card);
      });
    }
  } catch (error) {
    runInTransaction(db, () => {
      for (const id of made) cards.delete(id);
      for (const { id, before } of adopted) {
        anki.deleteAnkiReviews(id);
        cards.saveSchedule(id, before, now);
      }
      if (existingDeck === undefined && report.deckId) anki.deleteDeck(report.deckId);
    });
    throw error;
  }
  return report;

  function writeCard(card: PlannedCard): void {
    if (card.linkedId) {
      report.linked++;
      const existing = cards.get(card.linkedId);
      // The note's card keeps its own history; one never graded in Lattice continues from Anki's.
      if (existing && existing.schedule.reps === 0 && log.history(card.linkedId).length === 0 && card.history.logs.length > 0) {
        adopted.push({ id: card.linkedId, before: existing.schedule });
        cards.saveSchedule(card.linkedId, card.history.schedule, now);
        for (const entry of card.history.logs) log.appendLog(entry);
        report.reviews += card.history.logs.length;
      }
    } else {
      report.created++;
      cards.create(
        {
          id: card.cardId,
          noteId: null,
          kind: 'manual',
          question: { exact: card.question, prefix: '', suffix: '', start: 0, end: card.question.length },
          answer: { exact: card.answer, prefix: '', suffix: '', start: 0, end: card.answer.length },
          contentHash: '',
        },
        card.history.schedule,
        now,
      );
      made.push(card.cardId);
      for (const entry of card.history.logs) log.appendLog(entry);
      report.reviews += card.history.logs.length;
      if (card.isSuspended) cards.setSuspended(card.cardId, true, now);
    }
    anki.addRow({
      deckId: report.deckId,
      guid: card.guid,
      ord: card.ord,
      cardId: card.cardId,
      isLinked: card.linkedId !== undefined,
      questionHtml: card.questionHtml,
      answerHtml: card.answerHtml,
      tags: card.tags,
    });
  }
}
