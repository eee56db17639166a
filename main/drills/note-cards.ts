import { randomBytes } from 'node:crypto';
import { createEmptyCard } from 'ts-fsrs';
import type { CardLines, CardRecord, CardRepository, TextAnchor } from '../../db/repositories/cards.js';
import { anchorAll } from '../annotations/anchoring.js';
import type { AnchorResult } from '../annotations/anchoring.js';
import { describeSpan } from '../annotations/selectors.js';
import type { AnchorTarget } from '../annotations/selectors.js';
import type { FoundQuestion } from '../import/markdown/questions.js';
import { fromFsrsCard } from './fsrs-card.js';

/** What a card shows above an elliptical question: its parents, outermost first. */
export const CONTEXT_SEPARATOR = ' › ';

/** One version of a note, as the importer stores it. */
export interface NoteQuestions {
  text: string;
  contentHash: string;
  questions: FoundQuestion[];
}

export interface CardSync {
  created: number;
  kept: number;
  orphaned: number;
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
 * else the line as written.
 */
function questionAnchor(text: string, question: FoundQuestion): TextAnchor {
  const { start, end } = question.span;
  const at = question.text.length > 0 ? text.slice(start, end).indexOf(question.text) : -1;
  return at >= 0 ? toAnchor(describeSpan(text, start + at, start + at + question.text.length)) : toAnchor(describeSpan(text, start, end));
}

function linesOf(question: FoundQuestion): CardLines {
  return { line: question.line, answerFirstLine: question.answerFirstLine, answerLastLine: question.answerLastLine };
}

function sameAnchor(a: TextAnchor, b: TextAnchor): boolean {
  return a.start === b.start && a.end === b.end && a.exact === b.exact && a.prefix === b.prefix && a.suffix === b.suffix;
}

function sameAnswer(a: TextAnchor | null, b: TextAnchor | null): boolean {
  return a === null || b === null ? a === b : sameAnchor(a, b);
}

function sameLines(a: CardLines, b: CardLines): boolean {
  return a.line === b.line && a.answerFirstLine === b.answerFirstLine && a.answerLastLine === b.answerLastLine;
}

function answerAnchor(text: string, question: FoundQuestion): TextAnchor | null {
  return question.answer && question.answer.end > question.answer.start ? toAnchor(describeSpan(text, question.answer.start, question.answer.end)) : null;
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
 * Brings a note's cards in line with a new version of it, inside the
 * caller's savepoint (the import or reread that stored the version). Each
 * card found in the note is re-anchored with the annotation engine (quote +
 * context + position, with its confidence floor); a card whose question lands
 * on a question found in the new text keeps its id and history and takes
 * that question's answer; a question no card landed on gets a new card; a
 * card whose question cannot be placed becomes a suspended orphan, with its
 * history, never deleted and never moved onto another question. Orphans of
 * the note are tried again, so a question put back picks its card up.
 * Cards made by hand keep their own anchors, re-anchored the same way.
 */
export function syncNoteCards(cards: CardRepository, noteId: number, note: NoteQuestions, stamp: string, existing: CardRecord[]): CardSync {
  const { text, contentHash, questions } = note;
  const result: CardSync = { created: 0, kept: 0, orphaned: 0 };
  // Questions in text order with their spans (the finder returns reading order; sorting costs nothing then).
  const order = questions.map((_, i) => i).sort((a, b) => (questions[a]?.span.start ?? 0) - (questions[b]?.span.start ?? 0));
  const spans = order.map((i) => (questions[i] as FoundQuestion).span);
  const claimed = new Array<string | undefined>(questions.length);

  const found = existing.filter((card) => card.kind === 'found');
  const results: AnchorResult[] = found.length > 0 ? anchorAll(found.map((card) => toTarget(card.question)), text) : [];
  // The most confident cards claim their question first; a second card on the same question is an orphan.
  // On a tie a card on its question goes before an orphan: a card the person put on a question (drills.reattach)
  // shares its anchors with the card it displaced, and must keep the place.
  const ranked = found
    .map((_, i) => i)
    .sort((a, b) => (results[b]?.score ?? 0) - (results[a]?.score ?? 0) || Number(found[a]?.isOrphan) - Number(found[b]?.isOrphan));
  for (const i of ranked) {
    const card = found[i] as CardRecord;
    const placed = results[i];
    const at = placed?.state === 'anchored' ? questionAt(spans, placed.target.start, placed.target.end) : -1;
    const index = at >= 0 ? (order[at] as number) : -1;
    if (index < 0 || claimed[index] !== undefined) {
      if (!card.isOrphan) {
        cards.markOrphan(card.id, stamp);
        result.orphaned++;
      }
      continue;
    }
    claimed[index] = card.id;
    const question = questions[index] as FoundQuestion;
    const fresh = { question: questionAnchor(text, question), answer: answerAnchor(text, question) };
    const context = question.context.join(CONTEXT_SEPARATOR);
    const lines = linesOf(question);
    // A note read again unchanged: nothing to write for most of its cards.
    if (!(!card.isOrphan && card.contentHash === contentHash && card.context === context && sameLines(card.lines, lines) && sameAnchor(card.question, fresh.question) && sameAnswer(card.answer, fresh.answer))) {
      cards.savePlacement(card.id, { noteId, ...fresh, contentHash }, context, lines, stamp);
    }
    result.kept++;
  }

  // Cards made by hand are not the finder's: they follow their own anchors, whatever it finds. One
  // orphaned because its text went (or its file did) comes back when its text is there again.
  const byHand = existing.filter((card) => card.kind !== 'found');
  if (byHand.length > 0) {
    const targets = byHand.flatMap((card) => (card.answer ? [toTarget(card.question), toTarget(card.answer)] : [toTarget(card.question)]));
    const placed = anchorAll(targets, text);
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

  const schedule = fromFsrsCard(createEmptyCard(new Date(stamp)));
  for (const index of order) {
    if (claimed[index] !== undefined) continue;
    const question = questions[index] as FoundQuestion;
    // A question with no text to anchor on could never be found again: each import would orphan it and make another.
    if (question.span.end <= question.span.start || question.text.trim() === '') continue;
    const id = orderedCardId();
    cards.create(
      {
        id,
        noteId,
        kind: 'found',
        question: questionAnchor(text, question),
        answer: answerAnchor(text, question),
        contentHash,
        context: question.context.join(CONTEXT_SEPARATOR),
        lines: linesOf(question),
      },
      schedule,
      stamp,
    );
    result.created++;
  }
  return result;
}
