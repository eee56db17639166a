import { z } from 'zod';
import type { CardRecord } from '../../db/repositories/cards.js';
import { CardNotFoundError, DrillScheduler } from '../drills/scheduler.js';
import { DrillSettingError, RETENTION_MAX, RETENTION_MIN } from '../drills/settings.js';
import type { AppContext } from './context.js';
import type { DrillCard, DrillCardView, DrillDeck as Deck, DrillListItem, DrillNext } from './contract.js';
import { cardFaces } from '../drills/card-view.js';
import { absolutePathOf } from './notes.js';
import { invalid, notFound } from './errors.js';
import type { DomainHandlers } from './handler.js';

type DrillCalls =
  | 'drills.next'
  | 'drills.grade'
  | 'drills.undo'
  | 'drills.preview'
  | 'drills.bury'
  | 'drills.suspend'
  | 'drills.settings'
  | 'drills.updateSettings'
  | 'drills.stats'
  | 'drills.list'
  | 'drills.decks'
  | 'drills.card'
  | 'drills.edit'
  | 'drills.delete';

const STATES = ['new', 'learning', 'review', 'relearning'] as const;

/** A stored card as the API shows it. */
export function toDrillCard(card: CardRecord): DrillCard {
  return {
    id: card.id,
    noteId: card.noteId,
    kind: card.kind,
    question: card.question.exact,
    answer: card.answer?.exact ?? null,
    context: card.context,
    questionOverride: card.questionOverride,
    answerOverride: card.answerOverride,
    isSuspended: card.isSuspended,
    buriedUntil: card.buriedUntil,
    isOrphan: card.isOrphan,
    state: STATES[card.schedule.state],
    due: card.schedule.due,
    reps: card.schedule.reps,
    lapses: card.schedule.lapses,
    lastReview: card.schedule.lastReview,
  };
}

/** The scheduler's errors as the ones that cross the boundary. */
function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CardNotFoundError) throw notFound(error.message);
    if (error instanceof DrillSettingError || error instanceof RangeError) throw invalid(error.message);
    throw error;
  }
}

const cardId = z.string().min(1).max(100);
const rating = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const empty = z.strictObject({});
const deck = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('note'), noteId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('library'), libraryId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('tag'), tag: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('concept'), conceptId: z.number().int().positive() }),
]);
/** What a person may type as a card's question or answer: Markdown with math, bounded like a comment. */
const typed = z.string().max(20_000).nullable().optional();

/** A card with its question and answer rendered as the reader would, and where it sits. */
function cardView(ctx: AppContext, card: CardRecord): DrillCardView {
  const note = card.noteId === null ? undefined : ctx.notes.get(card.noteId);
  const faces = cardFaces(card, note ? { path: note.path, source: note.source, sections: ctx.notes.sections(note.id) } : null);
  return {
    card: toDrillCard(card),
    questionHtml: faces.questionHtml,
    answerHtml: faces.answerHtml,
    note: note ? { id: note.id, title: note.title, path: absolutePathOf(ctx, note) } : null,
    section: faces.section,
    match: note && !card.isOrphan ? { start: card.question.start, end: card.question.end } : null,
  };
}

/** drills.*: review sessions over the cards of the notes, scheduled with FSRS. */
export function drillHandlers(ctx: AppContext): DomainHandlers<DrillCalls> {
  const scheduler = new DrillScheduler(ctx.store.db);
  /** The next card with its intervals and its faces: what the review screen shows after a grade. */
  const nextWithView = (chosen: Deck | undefined): DrillNext | null => {
    const next = scheduler.next(chosen);
    if (!next) return null;
    return { card: toDrillCard(next.card), queue: next.queue, previews: scheduler.preview(next.card.id), view: cardView(ctx, next.card) };
  };
  return {
    'drills.next': {
      schema: z.strictObject({ deck: deck.optional(), withView: z.boolean().optional() }),
      run: ({ deck: chosen, withView }) => {
        if (withView) return nextWithView(chosen);
        const next = scheduler.next(chosen);
        return next ? { card: toDrillCard(next.card), queue: next.queue, previews: scheduler.preview(next.card.id) } : null;
      },
    },
    'drills.grade': {
      schema: z.strictObject({
        cardId,
        rating,
        reviewId: z.string().min(1).max(100).optional(),
        durationMs: z.number().int().min(0).max(86_400_000).optional(),
        next: z.strictObject({ deck: deck.optional() }).optional(),
      }),
      run: ({ next: then, ...args }) =>
        guarded(() => {
          const { card, isDuplicate } = scheduler.grade(args);
          const graded = { card: toDrillCard(card), isDuplicate };
          return then ? { ...graded, next: nextWithView(then.deck) } : graded;
        }),
    },
    'drills.undo': {
      schema: empty,
      run: () => {
        const undone = scheduler.undo();
        return undone ? { card: toDrillCard(undone.card) } : null;
      },
    },
    'drills.preview': {
      schema: z.strictObject({ cardId }),
      run: ({ cardId: id }) => guarded(() => scheduler.preview(id)),
    },
    'drills.bury': {
      schema: z.strictObject({ cardId }),
      run: ({ cardId: id }) => guarded(() => toDrillCard(scheduler.buryUntilTomorrow(id))),
    },
    'drills.suspend': {
      schema: z.strictObject({ cardId, isSuspended: z.boolean() }),
      run: ({ cardId: id, isSuspended }) => guarded(() => toDrillCard(scheduler.setSuspended(id, isSuspended))),
    },
    'drills.settings': { schema: empty, run: () => scheduler.settings() },
    'drills.updateSettings': {
      schema: z.strictObject({
        desiredRetention: z.number().min(RETENTION_MIN).max(RETENTION_MAX).optional(),
        newCardsPerDay: z.number().int().min(0).max(100_000).optional(),
        maxReviewsPerDay: z.number().int().min(0).max(100_000).optional(),
        dayStartHour: z.number().int().min(0).max(23).optional(),
      }),
      run: (changes) => guarded(() => scheduler.updateSettings(changes)),
    },
    'drills.stats': { schema: z.strictObject({ deck: deck.optional() }), run: ({ deck: chosen }) => scheduler.stats(chosen) },
    'drills.list': {
      schema: z.strictObject({ noteId: z.number().int().positive().optional() }),
      run: ({ noteId }) => {
        if (noteId !== undefined && !ctx.notes.get(noteId)) throw notFound(`no note with id ${noteId}`);
        // Paths of every note in one query (no note text), rather than one look-up per card.
        const paths = new Map(ctx.notes.list({ includeRemoved: true }).map((note) => [note.id, absolutePathOf(ctx, note)]));
        const cards = noteId === undefined ? scheduler.cards.listAll() : scheduler.cards.listByNote(noteId);
        return cards.map((card): DrillListItem => {
          // An orphan's lines describe a version of the note it no longer matches.
          const lines = card.isOrphan ? { line: null, answerFirstLine: null, answerLastLine: null } : card.lines;
          return {
            id: card.id,
            noteId: card.noteId,
            path: card.noteId === null ? null : (paths.get(card.noteId) ?? null),
            line: lines.line,
            question: card.questionOverride ?? card.question.exact,
            context: card.context,
            answerFirstLine: lines.answerFirstLine,
            answerLastLine: lines.answerLastLine,
            state: card.isOrphan ? 'orphan' : card.isSuspended ? 'suspended' : STATES[card.schedule.state],
            due: card.schedule.due,
          };
        });
      },
    },
    'drills.decks': {
      schema: empty,
      run: () => scheduler.decks(ctx.notes.list(), ctx.libraries.list()),
    },
    'drills.card': {
      schema: z.strictObject({ cardId }),
      run: ({ cardId: id }) => {
        const card = scheduler.cards.get(id);
        if (!card) throw notFound(`no card ${id}`);
        return cardView(ctx, card);
      },
    },
    'drills.edit': {
      schema: z.strictObject({ cardId, question: typed, answer: typed }),
      run: ({ cardId: id, question, answer }) => {
        // An empty override is no override: the note's text comes back.
        const blankToNull = (text: string | null | undefined) => (text === undefined ? undefined : text?.trim() ? text : null);
        if (!scheduler.cards.setOverrides(id, { question: blankToNull(question), answer: blankToNull(answer) }, new Date().toISOString())) {
          throw notFound(`no card ${id}`);
        }
        return cardView(ctx, scheduler.cards.get(id)!);
      },
    },
    'drills.delete': {
      schema: z.strictObject({ cardId }),
      run: ({ cardId: id }) => {
        if (!scheduler.cards.delete(id)) throw notFound(`no card ${id}`);
        return { id };
      },
    },
  };
}
