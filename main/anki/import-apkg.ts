import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { createEmptyCard, fsrs, generatorParameters, State } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';
import { AnkiRepository } from '../../db/repositories/anki.js';
import { CardRepository } from '../../db/repositories/cards.js';
import type { CardSchedule } from '../../db/repositories/cards.js';
import { ReviewLogRepository } from '../../db/repositories/review-log.js';
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
  return base.replace(/\.(apkg|colpkg)$/i, '').trim().slice(0, 200) || 'Anki';
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
export function replayHistory(card: AnkiCard, revlog: AnkiRevlog[], crt: number, cardId: string, desiredRetention: number): { schedule: CardSchedule; logs: NewReviewLog[] } {
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

/**
 * Imports an Anki package into the deck named after it. Each Anki card
 * becomes a Lattice card with its faces (sanitized HTML, images kept in the
 * media store) and its history as FSRS state, unless its question is
 * already a question of a note (same key as the drills compare questions
 * by): then the note's card stands for it, taking the Anki history only if
 * it has none of its own. A package imported again adds only what is new.
 * One transaction: a package that fails halfway leaves nothing behind.
 */
export function importAnkiPackage(db: Database, bytes: Uint8Array, fileName: string, options: { desiredRetention: number; now?: Date }): AnkiImportReport {
  const collection = readAnkiPackage(bytes);
  const anki = new AnkiRepository(db);
  const cards = new CardRepository(db);
  const log = new ReviewLogRepository(db);
  const now = (options.now ?? new Date()).toISOString();
  const deck = deckNameOf(fileName);

  return cards.transaction(() => {
    const deckId = anki.deckId(deck, now);
    const report: AnkiImportReport = { deck, deckId, format: collection.format, created: 0, linked: 0, skipped: 0, reviews: 0, media: 0 };

    const stored = new Map<string, string | null>();
    const mediaSrc = (name: string): string | null => {
      if (!stored.has(name)) {
        const raw = collection.media.get(name);
        const extension = raw ? imageExtension(raw) : '';
        // SECURITY: an SVG is a document that can carry scripts; only its drawing is kept.
        const data = raw && extension === 'svg' ? svgBytes(raw) : raw;
        if (!data || !extension) stored.set(name, null);
        else {
          const hash = createHash('sha256').update(data).digest('hex');
          anki.saveMedia({ hash, name, mime: MIME[extension]!, data: Buffer.from(data) });
          report.media++;
          stored.set(name, `/media/${hash}`);
        }
      }
      return stored.get(name) ?? null;
    };

    const notes = new Map(collection.notes.map((note) => [note.id, note]));
    const revlogs = new Map<number, AnkiRevlog[]>();
    for (const row of collection.revlog) revlogs.set(row.cardId, [...(revlogs.get(row.cardId) ?? []), row]);

    for (const card of collection.cards) {
      const note = notes.get(card.noteId);
      if (!note) continue;
      if (anki.row(deckId, note.guid, card.ord)) {
        report.skipped++;
        continue;
      }
      const fields = cardFields(note, card, collection.clozeModels.has(note.modelId));
      const questionHtml = fromAnkiField(fields.question.slice(0, FIELD_MAX), mediaSrc);
      const answerHtml = fromAnkiField(fields.answer.slice(0, FIELD_MAX), mediaSrc);
      const question = ankiPlainText(questionHtml) || '…';
      const answer = ankiPlainText(answerHtml);
      const key = questionKey(question);
      const linkedId = key ? anki.noteCardWithKey(key) : undefined;
      const cardId = linkedId ?? orderedCardId();
      const history = replayHistory(card, revlogs.get(card.id) ?? [], collection.crt, cardId, options.desiredRetention);

      if (linkedId) {
        report.linked++;
        const existing = cards.get(linkedId)!;
        // The note's card keeps its own history; one never graded in Lattice continues from Anki's.
        if (existing.schedule.reps === 0 && log.history(linkedId).length === 0 && history.logs.length > 0) {
          cards.saveSchedule(linkedId, history.schedule, now);
          for (const entry of history.logs) log.appendLog(entry);
          report.reviews += history.logs.length;
        }
      } else {
        report.created++;
        cards.create(
          {
            id: cardId,
            noteId: null,
            kind: 'manual',
            question: { exact: question, prefix: '', suffix: '', start: 0, end: question.length },
            answer: { exact: answer, prefix: '', suffix: '', start: 0, end: answer.length },
            contentHash: '',
          },
          history.schedule,
          now,
        );
        for (const entry of history.logs) log.appendLog(entry);
        report.reviews += history.logs.length;
        if (card.queue === -1) cards.setSuspended(cardId, true, now);
      }
      anki.addRow({ deckId, guid: note.guid, ord: card.ord, cardId, isLinked: linkedId !== undefined, questionHtml, answerHtml, tags: note.tags });
    }
    return report;
  });
}

