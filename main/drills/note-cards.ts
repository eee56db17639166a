import { randomBytes } from 'node:crypto';
import { ANSWER_EXACT_MAX, isAnswerBounded, keyHash, textHash } from '../../db/repositories/card-records.js';
import { sourceEntry } from '../../db/repositories/card-sources.js';
import type { CardLines, CardRecord, TextAnchor } from '../../db/repositories/card-records.js';
import type { ExtraSource, NoteSources, SourceEntry, SourceOffsets } from '../../db/repositories/card-sources.js';
import type { CardRepository } from '../../db/repositories/cards.js';
import { anchorAll } from '../annotations/anchoring.js';
import type { AnchorResult } from '../annotations/anchoring.js';
import { describeSpanAt } from '../annotations/selectors.js';
import type { AnchorTarget } from '../annotations/selectors.js';
import { snapEndForward, snapSpan } from '../annotations/text-units.js';
import { comparable, isElliptical } from '../markdown/question-forms.js';
import type { FoundQuestion } from '../markdown/questions.js';

/** What a card shows above an elliptical question: its parents, outermost first. */
export const CONTEXT_SEPARATOR = ' › ';

/** One version of a note, as the importer stores it. */
export interface NoteQuestions {
  text: string;
  contentHash: string;
  questions: FoundQuestion[];
  /** cardFieldsOf(text, questions), when the caller has it already. */
  fields?: QuestionCardFields[];
}

export interface CardSync {
  created: number;
  kept: number;
  orphaned: number;
  /** Questions another note already asked: this note became an extra source of that card. */
  shared: number;
  /** Cards whose question left this note but stayed on another of their notes, which became the primary one. */
  promoted: number;
}

export interface SyncOptions {
  /** The cards this note is an extra source of (CardSourceRepository.ofNote), when it was stored before. */
  sources?: (ExtraSource & { cardId: string })[];
  /** The note's text before this version: a card that becomes an orphan keeps its whole answer from it. */
  previousText?: string;
  /** The question keys of the store, shared by the notes of an import; without it each new question asks SQLite. */
  keys?: QuestionKeys;
}

/** A card an import made, as QuestionKeys keeps it. */
interface MadeCard {
  id: string;
  noteId: number;
  /** Its question key: QuestionKeys finds a card by the key's hash, and two keys may share one. */
  key: string;
  /** The removal mark under which a later note found the card still there (QuestionKeys.isLive). */
  liveMark?: string;
}

/**
 * The question keys an import knows of: every key stored when it started
 * (CardRepository.questionKeys) and those of the cards it made since. A
 * question whose key is unknown is asked by no other note, with no query;
 * one asked by a card this import made joins it without one either. A known
 * key made before goes to SQLite, which has the last word (the person may
 * have deleted that card meanwhile).
 */
export class QuestionKeys {
  /** keyHash of every key stored when the import started: a number set is cheap to ask, and a collision only costs a query. */
  private readonly stored: Set<number>;
  /**
   * Every key this import placed a card on, by its hash (keyHash), with the
   * first card it made with that key (null for a card it found stored, or
   * when two keys meet on one hash: SQLite then says which card a key has).
   * By the number, not the key string: in a large import the keys arrive
   * fresh from the parse worker, and a Map keyed by strings hashes each one
   * again, reading it whole, then compares it with the entry's, cold in the
   * CPU's caches; a number is its own hash. One lookup per join, for the
   * same reason.
   */
  private readonly seen = new Map<number, MadeCard | null>();
  private mark: string | undefined;
  /** The mark of the import's first note: while it holds, no card was deleted during the import. */
  private firstMark: string | undefined;
  /** The cards the note being synced made, with their key hashes, until the importer says how its savepoint ended. */
  private madeInNote: { hash: number; made: MadeCard }[] = [];
  /**
   * The ids of the cards stored notes' plans made, by plan number (card-plan.ts): a later note's plan may join those.
   * An array, not a Map: plan numbers count up from 0, and a bank copied across folders looks one up per join.
   */
  private readonly plannedStored: (string | undefined)[] = [];
  /** Those the note being synced made, until its savepoint ends. */
  private plannedInNote: { number: number; id: string }[] = [];

  constructor(storedHashes: Iterable<number>) {
    this.stored = new Set(storedHashes);
  }

  /**
   * The card a question with this key (hash: keyHash(key)) may join: the
   * first card this import made with the key; null when a card with it may
   * exist but SQLite must say which; undefined when no card has the key (no
   * other note asks the question).
   */
  cardFor(key: string, hash: number): MadeCard | null | undefined {
    const entry = this.seen.get(hash);
    if (entry !== undefined) return entry !== null && entry.key === key ? entry : null;
    return this.stored.has(hash) ? null : undefined;
  }

  /** A card with this key (hash: keyHash(key)) now exists: made by this import when `made` is given. */
  add(key: string, hash: number, made?: { id: string; noteId: number }): void {
    const entry = this.seen.get(hash);
    if (entry === undefined || (made && entry === null)) {
      const card = made ? { id: made.id, noteId: made.noteId, key } : null;
      this.seen.set(hash, card);
      if (card) this.madeInNote.push({ hash, made: card });
    }
    // Another key on the same hash: SQLite says which card each has.
    else if (entry !== null && entry.key !== key) this.seen.set(hash, null);
  }

  /**
   * Before each note: the removal mark (CardRepository.removalMark). When it
   * changed, a card may have been deleted since it was seen, so a card the
   * person deleted between two batches is looked for again.
   */
  checkRemovals(cards: CardRepository): void {
    // The same string object while the mark holds: isLive then compares two references, not two strings.
    const mark = cards.removalMark();
    if (mark !== this.mark) this.mark = mark;
    this.firstMark ??= mark;
    // Cards of a note whose end no one reported are asked of SQLite when a later note would join them (isLive).
    this.madeInNote = [];
    this.plannedInNote = [];
  }

  /** Whether no card may have been deleted since the import's first note (checkRemovals): a plan's cards are all there. */
  isUndisturbed(): boolean {
    return this.mark === this.firstMark;
  }

  /** The note being synced made this card, with this plan number (card-plan.ts). */
  planMade(number: number, id: string): void {
    this.plannedInNote.push({ number, id });
  }

  /** The id of the card with this plan number, when a note that is stored made it. */
  plannedCard(number: number): string | undefined {
    return this.plannedStored[number];
  }

  /**
   * The note just synced is stored (its savepoint released): the cards it
   * made exist under the mark its sync began with, so a later note joins
   * them without asking SQLite while the mark stays the same. Only the
   * importer's transaction can undo that savepoint now, and a failed batch
   * ends the import and these keys with it.
   */
  noteStored(): void {
    for (const { made } of this.madeInNote) made.liveMark = this.mark;
    for (const { number, id } of this.plannedInNote) this.plannedStored[number] = id;
    this.madeInNote = [];
    this.plannedInNote = [];
  }

  /** The note just synced was rolled back: the cards it made are gone, and a later note asking their questions asks SQLite. */
  noteFailed(): void {
    for (const { hash, made } of this.madeInNote) if (this.seen.get(hash) === made) this.seen.set(hash, null);
    this.madeInNote = [];
    this.plannedInNote = [];
  }

  /**
   * Whether a card this import made still exists: known without a query
   * when the note that made it was reported stored (noteStored), else asked
   * of SQLite once per card while nothing is deleted. A card is asked only by
   * a note after the one that made it, whose savepoint had ended: only a
   * deletion (which changes the mark) can take it away after it was seen.
   */
  isLive(made: MadeCard, cards: CardRepository): boolean {
    if (made.liveMark !== undefined && made.liveMark === this.mark) return true;
    if (!cards.hasCard(made.id)) return false;
    made.liveMark = this.mark;
    return true;
  }

  /** The card made with this key hash is gone from this import's view: SQLite is asked instead. */
  forget(hash: number): void {
    this.seen.set(hash, null);
  }
}

/** Keys longer than this keep their head and a hash of the rest: a 10,000-character question makes no 10,000-character index entry. */
const KEY_MAX = 200;
/** A question shorter than this (`GQA`, `原理`) says too little to be the same question in another note. */
const KEY_MIN = 4;

/**
 * The key a question is compared by across notes: its comparable text (no
 * markup, spacing, numbering or end punctuation; question-forms.ts), or
 * null for a prompt that needs its parent to be understood (`如何提高`) or
 * one too short to tell apart. Two notes asking a question with the same
 * key ask the same question: it is one card with two sources.
 */
export function questionKey(text: string): string | null {
  if (isElliptical(text)) return null;
  const key = comparable(text);
  if (key.length < KEY_MIN) return null;
  return key.length <= KEY_MAX ? key : `${key.slice(0, KEY_MAX)}#${textHash(key, KEY_MAX)}`;
}

/** Random bits drawn in blocks: one call to the system per 256 ids instead of one per id. */
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomHex(): string {
  if (poolAt + 8 > pool.length) {
    pool = randomBytes(8 * 256);
    poolAt = 0;
  }
  poolAt += 8;
  return pool.toString('hex', poolAt - 8, poolAt);
}

let lastMs = 0;
let sequence = 0;

/**
 * A UUID (version 7 layout) that sorts after every id made before it in this
 * process: new cards are introduced by (created_at, id), and every card of an
 * import batch shares created_at, so the id keeps them in the notes' order.
 */
export function orderedCardId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    sequence++;
    // 12 bits of sequence per millisecond; past that, borrow the next millisecond.
    if (sequence > 0xfff) {
      ms = ++lastMs;
      sequence = 0;
    }
  } else {
    sequence = 0;
  }
  lastMs = ms;
  const time = ms.toString(16).padStart(12, '0');
  const random = randomHex();
  const variant = ((parseInt(random.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}-${variant}${random.slice(1, 4)}-${random.slice(4, 16)}`;
}

function toAnchor(target: AnchorTarget): TextAnchor {
  return { exact: target.quote.exact, prefix: target.quote.prefix, suffix: target.quote.suffix, start: target.start, end: target.end };
}

function toTarget(anchor: TextAnchor): AnchorTarget {
  return { quote: { exact: anchor.exact, prefix: anchor.prefix, suffix: anchor.suffix }, start: anchor.start, end: anchor.end };
}

/**
 * Where a card anchors a question: the question's words as the card shows
 * them (without the author's `1.` or `Q：`) when they sit whole in its line,
 * else the line as written. As offsets (describeSpanAt): the card fields
 * keep offsets, and the strings are sliced where the card is written.
 */
function questionAnchorAt(text: string, question: FoundQuestion): { from: number; start: number; end: number; to: number } {
  const { start, end } = question.span;
  const at = question.text.length > 0 ? text.slice(start, end).indexOf(question.text) : -1;
  return at >= 0 ? describeSpanAt(text, start + at, start + at + question.text.length) : describeSpanAt(text, start, end);
}

function linesOf(question: FoundQuestion): CardLines {
  return { line: question.line, answerFirstLine: question.answerFirstLine, answerLastLine: question.answerLastLine };
}

function sameAnchor(a: TextAnchor, b: TextAnchor): boolean {
  return a.start === b.start && a.end === b.end && a.exact === b.exact && a.prefix === b.prefix && a.suffix === b.suffix;
}

function sameAnswer(a: TextAnchor | null, b: TextAnchor | null): boolean {
  return a === null || b === null ? a === b : sameAnchor(a, b) && (a.hash ?? null) === (b.hash ?? null);
}

function sameLines(a: CardLines, b: CardLines): boolean {
  return a.line === b.line && a.answerFirstLine === b.answerFirstLine && a.answerLastLine === b.answerLastLine;
}

/**
 * A found card's answer: its span, where its first ANSWER_EXACT_MAX units end and a
 * hash of the whole. No context: the answer is taken from the finder on each
 * import, never re-anchored, and the whole text is read from the note when
 * the card is shown (CardRepository.get), so the store does not hold every
 * answer twice.
 */
function answerAnchorAt(text: string, question: FoundQuestion): { start: number; end: number; kept: number; hash: string } | null {
  if (!question.answer || question.answer.end <= question.answer.start) return null;
  const { start, end } = snapSpan(text, question.answer.start, question.answer.end);
  const kept = end - start <= ANSWER_EXACT_MAX ? end : snapEndForward(text, start + ANSWER_EXACT_MAX);
  return { start, end, kept: Math.min(kept, end), hash: textHash(text, start, end) };
}

/**
 * What a card stores for a found question, a pure function of the note's
 * text and the question: its anchors as offsets into the text (the thread
 * that writes slices the strings; offsets cross from the parse worker far
 * cheaper than the strings would) and its key.
 */
export interface QuestionCardFields {
  /** The question's anchor: prefix from qFrom, quote qStart..qEnd, suffix to qTo. */
  qFrom: number;
  qStart: number;
  qEnd: number;
  qTo: number;
  /** The answer's span and the end of the part kept on the card; aStart -1 without an answer. */
  aStart: number;
  aEnd: number;
  aKept: number;
  aHash: string | null;
  key: string | null;
  /** keyHash(key), or null without a key. */
  keyHash: number | null;
}

/**
 * The card fields of each found question. The importer computes them where
 * it finds the questions (on the parse worker in an import of many notes),
 * so the thread that writes does little more than write.
 */
export function cardFieldsOf(text: string, questions: FoundQuestion[]): QuestionCardFields[] {
  return questions.map((question) => {
    const key = questionKey(question.text);
    const q = questionAnchorAt(text, question);
    const a = answerAnchorAt(text, question);
    return {
      qFrom: q.from,
      qStart: q.start,
      qEnd: q.end,
      qTo: q.to,
      aStart: a ? a.start : -1,
      aEnd: a ? a.end : -1,
      aKept: a ? a.kept : -1,
      aHash: a ? a.hash : null,
      key,
      keyHash: key === null ? null : keyHash(key),
    };
  });
}

/**
 * The anchors a card stores, from its fields: slices of the note's text.
 * An extra source keeps none of them (sourceOffsetsOf): nothing shows a
 * source's answer, and the note holds it when the source becomes the card's
 * primary one (sourceAnswerPreview).
 */
function anchorsOf(text: string, f: QuestionCardFields): { question: TextAnchor; answer: TextAnchor | null } {
  const question = {
    exact: text.slice(f.qStart, f.qEnd),
    prefix: text.slice(f.qFrom, f.qStart),
    suffix: text.slice(f.qEnd, f.qTo),
    start: f.qStart,
    end: f.qEnd,
  };
  const answer =
    f.aStart < 0 ? null : { exact: text.slice(f.aStart, f.aKept), prefix: '', suffix: '', start: f.aStart, end: f.aEnd, hash: f.aHash };
  return { question, answer };
}

/**
 * What an extra source row stores, from the card fields: what
 * anchorsOf(text, f, true) would give to CardSourceRepository.add, without
 * slicing the note (the row keeps offsets only; a question asked in many
 * notes makes one of these per note on import).
 */
function sourceOffsetsOf(f: QuestionCardFields): SourceOffsets {
  const hasAnswer = f.aStart >= 0;
  return {
    questionFrom: f.qFrom,
    questionStart: f.qStart,
    questionEnd: f.qEnd,
    questionTo: f.qTo,
    answerStart: hasAnswer ? f.aStart : null,
    answerEnd: hasAnswer ? f.aEnd : null,
    answerHash: hasAnswer ? f.aHash : null,
  };
}

/** The entry a note's row keeps for this question as another card's source. */
export function sourceEntryOf(question: FoundQuestion, f: QuestionCardFields): SourceEntry {
  return sourceEntry(sourceOffsetsOf(f), question.context.join(CONTEXT_SEPARATOR), linesOf(question));
}

/**
 * The part of an extra source's answer a card keeps when the source becomes
 * its primary one: what answerAnchorAt keeps, read from the source's note
 * while it still holds that answer (same hash), else undefined.
 */
export function sourceAnswerPreview(noteText: string, answer: TextAnchor): string | undefined {
  const { start, end, hash } = answer;
  if (end > noteText.length || textHash(noteText, start, end) !== hash) return undefined;
  const kept = end - start <= ANSWER_EXACT_MAX ? end : snapEndForward(noteText, start + ANSWER_EXACT_MAX);
  return noteText.slice(start, Math.min(kept, end));
}

/** The whole answer of a card whose note held it in `previous`, when the hash still agrees. */
function wholeAnswer(card: CardRecord, previous: string | undefined): string | undefined {
  const answer = card.answer;
  if (!answer || !isAnswerBounded(answer) || previous === undefined || answer.end > previous.length) return undefined;
  return textHash(previous, answer.start, answer.end) === answer.hash ? previous.slice(answer.start, answer.end) : undefined;
}

/**
 * The question (index into `spans`, sorted by start) that a re-anchored span
 * lands on: the one it overlaps most, if they share at least half of the
 * longer of the two. Binary search, then a look at the neighbours: questions
 * do not overlap each other, so only a few can touch the span.
 */
function questionAt(spans: { start: number; end: number }[], start: number, end: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid]?.end ?? 0) <= start) lo = mid + 1;
    else hi = mid;
  }
  let best = -1;
  let bestOverlap = 0;
  for (let i = lo; i < spans.length && (spans[i]?.start ?? Infinity) < end; i++) {
    const span = spans[i] as { start: number; end: number };
    const overlap = Math.min(end, span.end) - Math.max(start, span.start);
    if (overlap > bestOverlap && overlap * 2 >= Math.max(end - start, span.end - span.start)) {
      best = i;
      bestOverlap = overlap;
    }
  }
  return best;
}

/**
 * The card of another note asking the question with this key, which this
 * note joins as one more source, or undefined when there is none.
 */
function sharedCard(
  cards: CardRepository,
  keys: QuestionKeys | undefined,
  key: string,
  hash: number,
  noteId: number,
  taken: Set<string>,
): string | undefined {
  const made = keys ? keys.cardFor(key, hash) : null;
  if (made === undefined) return undefined;
  if (made && made.noteId !== noteId && !taken.has(made.id)) {
    // The note's sources are written when it is done (syncNoteCards), so no write here fails on a card gone
    // since this import made it (deleted between two batches, or made in a note whose savepoint rolled back),
    // as a source row's foreign key did: the import asks whether it is still there, and else asks SQLite.
    if (keys?.isLive(made, cards)) return made.id;
    keys?.forget(hash);
  }
  const id = cards.findByQuestionKey(key, noteId);
  // Already asked elsewhere in this note: the note asks it twice, and the second is a card of its own.
  return id === undefined || taken.has(id) ? undefined : id;
}

/**
 * Brings a note's cards in line with a new version of it, inside the
 * caller's savepoint (the import or reread that stored the version). Each
 * card found in the note is re-anchored with the annotation engine (quote +
 * context + position, with its confidence floor); a card whose question lands
 * on a question found in the new text keeps its id and history and takes
 * that question's answer. A card whose question cannot be placed stays on
 * another note that asks it (that source becomes its primary one) or else
 * becomes a suspended orphan with its history — never deleted and never
 * moved onto another question. Orphans of the note are tried again, so a
 * question put back picks its card up. The note's places as an extra source
 * of other notes' cards are re-anchored the same way (and dropped where the
 * question is gone). A question no card landed on joins the card of another
 * note asking the same question (same questionKey) as an extra source, or
 * gets a new card. Cards made by hand keep their own anchors, re-anchored
 * the same way.
 */
export function syncNoteCards(
  cards: CardRepository,
  noteId: number,
  note: NoteQuestions,
  stamp: string,
  existing: CardRecord[],
  options: SyncOptions = {},
): CardSync {
  const { text, contentHash, questions } = note;
  const fields = note.fields?.length === questions.length ? note.fields : cardFieldsOf(text, questions);
  const { keys, previousText } = options;
  const sources = options.sources ?? [];
  const result: CardSync = { created: 0, kept: 0, orphaned: 0, shared: 0, promoted: 0 };
  // Questions in text order with their spans (the finder returns reading order: then there is nothing to sort).
  const order = textOrder(questions);
  const claimed = new Array<string | undefined>(questions.length);
  // The note's places as another card's source, written as one row when the note is done (migration 0020).
  const kept: NoteSources = { cardIds: [], entries: [] };
  keys?.checkRemovals(cards);

  // A note stored for the first time (most of an import) has nothing to re-anchor: each question joins or makes a card.
  if (existing.length === 0 && sources.length === 0) {
    placeQuestions(cards, noteId, note, fields, order, claimed, new Set(), kept, stamp, keys, result);
    writeSources(cards, noteId, kept, options);
    return result;
  }

  const spans = order.map((i) => (questions[i] as FoundQuestion).span);
  // The note's own found cards first, then its places as another card's source: re-anchored together on one prepared text.
  const found = existing.filter((card) => card.kind === 'found');
  const targets = [...found.map((card) => toTarget(card.question)), ...sources.map((source) => toTarget(source.question))];
  const results: AnchorResult[] = targets.length > 0 ? anchorAll(targets, text) : [];
  // The most confident claim their question first; a second on the same question loses it. On a tie a
  // card on its question goes before an orphan (a card the person put on a question with drills.reattach
  // shares its anchors with the card it displaced, and must keep the place), and a card before a source.
  const orphanRank = (i: number): number => (i < found.length && found[i]?.isOrphan ? 1 : 0);
  const ranked = targets
    .map((_, i) => i)
    .sort((a, b) => (results[b]?.score ?? 0) - (results[a]?.score ?? 0) || orphanRank(a) - orphanRank(b) || a - b);
  for (const i of ranked) {
    const placed = results[i];
    const at = placed?.state === 'anchored' ? questionAt(spans, placed.target.start, placed.target.end) : -1;
    const index = at >= 0 ? (order[at] as number) : -1;
    const isFree = index >= 0 && claimed[index] === undefined;
    if (i >= found.length) {
      const source = sources[i - found.length] as ExtraSource & { cardId: string };
      // Not placed: left out of the note's row, which is written whole at the end.
      if (!isFree) continue;
      claimed[index] = source.cardId;
      const question = questions[index] as FoundQuestion;
      kept.cardIds.push(source.cardId);
      kept.entries.push(sourceEntryOf(question, fields[index] as QuestionCardFields));
      result.shared++;
      continue;
    }
    const card = found[i] as CardRecord;
    if (!isFree) {
      if (card.isOrphan) continue;
      if (cards.promoteSource(card.id, stamp, sourceAnswerPreview)) {
        result.promoted++;
        continue;
      }
      cards.markOrphan(card.id, stamp, wholeAnswer(card, previousText));
      result.orphaned++;
      continue;
    }
    claimed[index] = card.id;
    const question = questions[index] as FoundQuestion;
    const own = fields[index] as QuestionCardFields;
    const fresh = anchorsOf(text, own);
    const context = question.context.join(CONTEXT_SEPARATOR);
    const lines = linesOf(question);
    const { key } = own;
    if (key !== null) keys?.add(key, own.keyHash as number);
    // A note read again unchanged: nothing to write for most of its cards.
    const isSame =
      !card.isOrphan &&
      card.contentHash === contentHash &&
      card.context === context &&
      card.questionKey === key &&
      sameLines(card.lines, lines) &&
      sameAnchor(card.question, fresh.question) &&
      sameAnswer(card.answer, fresh.answer);
    if (!isSame) cards.savePlacement(card.id, { noteId, ...fresh, contentHash }, context, lines, stamp, key);
    result.kept++;
  }

  // Cards made by hand are not the finder's: they follow their own anchors, whatever it finds. One
  // orphaned because its text went (or its file did) comes back when its text is there again.
  const byHand = existing.filter((card) => card.kind !== 'found');
  if (byHand.length > 0) {
    const handTargets = byHand.flatMap((card) =>
      card.answer ? [toTarget(card.question), toTarget(card.answer)] : [toTarget(card.question)],
    );
    const placed = anchorAll(handTargets, text);
    let k = 0;
    for (const card of byHand) {
      const q = placed[k++];
      const a = card.answer ? placed[k++] : undefined;
      if (q?.state === 'anchored' && (!card.answer || a?.state === 'anchored')) {
        const answer = a?.state === 'anchored' ? toAnchor(a.target) : null;
        cards.saveSource(card.id, { noteId, question: toAnchor(q.target), answer, contentHash }, stamp, card.isOrphan);
        result.kept++;
      } else if (!card.isOrphan) {
        cards.markOrphan(card.id, stamp);
        result.orphaned++;
      }
    }
  }

  /** Cards this note already holds a question of (its own, or as a source). */
  const taken = new Set(claimed.filter((id): id is string => id !== undefined));
  placeQuestions(cards, noteId, note, fields, order, claimed, taken, kept, stamp, keys, result);
  writeSources(cards, noteId, kept, options);
  return result;
}

/**
 * Writes the note's places as other cards' sources, once per note: they
 * replace its row when the caller handed its stored sources (all of them
 * were re-anchored into `kept` or dropped). Without them, as a caller that
 * knows of none, the new ones join whatever the row holds.
 */
function writeSources(cards: CardRepository, noteId: number, kept: NoteSources, options: SyncOptions): void {
  if (options.sources !== undefined) {
    if (kept.cardIds.length > 0 || options.sources.length > 0) cards.sources.replaceOfNote(noteId, kept);
    return;
  }
  if (kept.cardIds.length > 0) cards.sources.mergeIntoNote(noteId, kept);
}

/**
 * Whether a found question can have a card: one with no text to anchor on
 * could never be found again, so each import would orphan it and make another.
 * (/\S/ finds what trim() would keep, without making a string.)
 */
export function isPlaceable(question: FoundQuestion): boolean {
  return question.span.end > question.span.start && /\S/.test(question.text);
}

/** Indexes of the questions by where they start in the text: 0, 1, 2… when they come in that order already. */
export function textOrder(questions: FoundQuestion[]): number[] {
  const order = questions.map((_, i) => i);
  for (let i = 1; i < questions.length; i++) {
    if ((questions[i] as FoundQuestion).span.start < (questions[i - 1] as FoundQuestion).span.start) {
      return order.sort((a, b) => (questions[a] as FoundQuestion).span.start - (questions[b] as FoundQuestion).span.start);
    }
  }
  return order;
}

/**
 * The last step of syncNoteCards: each question no card was placed on joins
 * the card of another note asking it (one more source of that card) or gets a
 * new card. `taken`: cards this note already holds a question of (its own, or
 * as a source); `kept`: the note's source entries, which a join adds to.
 */
function placeQuestions(
  cards: CardRepository,
  noteId: number,
  note: NoteQuestions,
  fields: QuestionCardFields[],
  order: number[],
  claimed: (string | undefined)[],
  taken: Set<string>,
  kept: NoteSources,
  stamp: string,
  keys: QuestionKeys | undefined,
  result: CardSync,
): void {
  const { questions } = note;
  for (const index of order) {
    if (claimed[index] !== undefined) continue;
    const question = questions[index] as FoundQuestion;
    if (!isPlaceable(question)) continue;
    const own = fields[index] as QuestionCardFields;
    const { key, keyHash: hash } = own;
    // Asked in another note already: one card, this note one more of its sources (written with the others at the end).
    const shared = key === null ? undefined : sharedCard(cards, keys, key, hash as number, noteId, taken);
    if (shared !== undefined) {
      kept.cardIds.push(shared);
      kept.entries.push(sourceEntryOf(question, own));
      claimed[index] = shared;
      taken.add(shared);
      result.shared++;
      continue;
    }
    const id = orderedCardId();
    createFoundCard(cards, noteId, note, question, own, id, stamp);
    claimed[index] = id;
    if (key !== null) keys?.add(key, hash as number, { id, noteId });
    result.created++;
  }
}

/** Stores a new card for a question found in the note. */
export function createFoundCard(
  cards: CardRepository,
  noteId: number,
  note: NoteQuestions,
  question: FoundQuestion,
  own: QuestionCardFields,
  id: string,
  stamp: string,
): void {
  cards.createFound(
    {
      id,
      kind: 'found',
      noteId,
      ...anchorsOf(note.text, own),
      contentHash: note.contentHash,
      context: question.context.join(CONTEXT_SEPARATOR),
      lines: linesOf(question),
      questionKey: own.key,
      questionHash: own.keyHash,
    },
    stamp,
  );
}
