import { z } from 'zod';
import type { CardRecord } from '../../db/repositories/card-records.js';
import { CardNotFoundError, DrillScheduler } from '../drills/scheduler.js';
import { DrillSettingError } from '../drills/settings.js';
import type { AppContext } from './context.js';
import type {
  DrillCard,
  DrillCardView,
  DrillDeck,
  DrillListItem,
  DrillManagedCard,
  DrillNext,
  DrillTarget,
  DrillUnanswered,
} from './contract.js';
import { drillDeck as deck, drillInterviewPlan, drillRating as rating, drillSettings } from './contract/drills.js';
import { cardFaces } from '../drills/card-view.js';
import type { CardNote } from '../drills/card-view.js';
import { noteImagesLookup } from '../media/note-images.js';
import { clozeSpan, formulaSpans } from '../drills/hand-made.js';
import { orderedCardId } from '../drills/note-cards.js';
import { describeSpan } from '../annotations/selectors.js';
import type { NoteRecord } from '../../db/repositories/notes.js';
import { absolutePathOf } from './notes.js';
import { invalid, notFound } from './errors.js';
import type { DomainHandlers } from './handler.js';
import { InterviewPlanner } from '../drills/interview.js';
import { ankiDeckName, importedFaces } from '../anki/imported-faces.js';
import { withAnkiDecks } from '../anki/anki-decks.js';
import { nextStudyDayStart } from '../drills/study-day.js';

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
  | 'drills.delete'
  | 'drills.unanswered'
  | 'drills.create'
  | 'drills.cloze'
  | 'drills.orphans'
  | 'drills.suspended'
  | 'drills.targets'
  | 'drills.reattach'
  | 'drills.interview'
  | 'drills.setInterview'
  | 'drills.interviewNext'
  | 'drills.mock';

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

/** A span must lie inside the note's text, hold some text and not cut a character in half. */
function checkSpan(text: string, start: number, end: number): void {
  if (start < 0 || end > text.length || end <= start)
    throw invalid(`the span ${start}–${end} is not inside the note (length ${text.length})`);
  const isLow = (i: number): boolean =>
    i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i] ?? '') && /[\uD800-\uDBFF]/.test(text[i - 1] ?? '');
  if (isLow(start) || isLow(end)) throw invalid('the span cuts a character in half');
  if (text.slice(start, end).trim() === '') throw invalid('there is no text in that span');
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
const empty = z.strictObject({});
/** What a person may type as a card's question or answer: Markdown with math, bounded like a comment. */
const typed = z.string().max(20_000).nullable().optional();

/** What cardFaces needs of a card's note; the formulas' places only for a card made by hand (found cards render their lines). */
function cardNote(ctx: AppContext, note: NoteRecord, card: CardRecord): CardNote {
  const imagesOf = noteImagesLookup(ctx.repositories.media);
  return {
    path: note.path,
    source: note.source,
    sections: ctx.notes.sections(note.id),
    images: imagesOf(note.id),
    ...(card.kind === 'found' ? {} : { formulas: formulaSpans(note.text, ctx.notes.formulas(note.id)) }),
  };
}

/**
 * Renders the questions of many cards, reading and splitting each note once
 * (and finding its formulas once), so a list of a note's thousand questions
 * stays linear in the note's size.
 */
function questionRenderer(ctx: AppContext): (card: CardRecord) => string {
  const notes = new Map<number, { note: NoteRecord; lines: string[]; formulas?: ReturnType<typeof formulaSpans> } | null>();
  return (card) => {
    if (card.noteId === null) return cardFaces(card, null).questionHtml;
    if (!notes.has(card.noteId)) {
      const note = ctx.notes.get(card.noteId);
      notes.set(card.noteId, note ? { note, lines: note.source.split('\n') } : null);
    }
    const entry = notes.get(card.noteId);
    if (!entry) return cardFaces(card, null).questionHtml;
    if (card.kind !== 'found' && !entry.formulas) entry.formulas = formulaSpans(entry.note.text, ctx.notes.formulas(entry.note.id));
    const view: CardNote = {
      path: entry.note.path,
      source: entry.note.source,
      sections: [],
      lines: entry.lines,
      ...(entry.formulas ? { formulas: entry.formulas } : {}),
    };
    return cardFaces(card, view).questionHtml;
  };
}

/** A card with its question and answer rendered as the reader would, and where it sits. */
function cardView(ctx: AppContext, card: CardRecord): DrillCardView {
  const note = card.noteId === null ? undefined : ctx.notes.get(card.noteId);
  const imported = card.noteId === null ? importedFaces(ctx.store.db, card.id) : null;
  const faces = imported ? { ...imported, section: null } : cardFaces(card, note ? cardNote(ctx, note, card) : null);
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
  const annotations = ctx.repositories.annotations;

  /** A card made by hand on a span of a note's text: due now, anchored like an annotation. */
  const makeByHand = (
    note: NoteRecord,
    kind: 'manual' | 'cloze',
    question: { start: number; end: number },
    answer: { start: number; end: number },
    questionOverride: string | null,
  ): DrillCardView => {
    const anchor = (span: { start: number; end: number }) => {
      const target = describeSpan(note.text, span.start, span.end);
      return { exact: target.quote.exact, prefix: target.quote.prefix, suffix: target.quote.suffix, start: target.start, end: target.end };
    };
    const made = scheduler.createCard({
      id: orderedCardId(),
      noteId: note.id,
      kind,
      question: anchor(question),
      answer: anchor(answer),
      contentHash: note.contentHash,
      questionOverride,
    });
    return cardView(ctx, made);
  };

  /** Note titles by id, each note looked up once (from the notes list, which carries no note text). */
  const noteTitles = (): ((id: number | null) => { id: number; title: string } | null) => {
    const titles = new Map(ctx.notes.list({ includeRemoved: true }).map((note) => [note.id, { id: note.id, title: note.title }]));
    return (id) => (id === null ? null : (titles.get(id) ?? null));
  };

  /** Orphaned or suspended cards as their screen lists them: notes and review counts looked up once each. */
  const managed = (cards: CardRecord[]): DrillManagedCard[] => {
    const reviews = scheduler.cards.reviewCounts(cards.map((card) => card.id));
    const titles = noteTitles();
    const questionHtml = questionRenderer(ctx);
    return cards.map((card) => ({
      card: toDrillCard(card),
      question: card.questionOverride ?? card.question.exact,
      questionHtml: questionHtml(card),
      note: titles(card.noteId),
      orphanedAt: card.orphanedAt,
      reviews: reviews.get(card.id) ?? 0,
    }));
  };

  const interview = new InterviewPlanner(ctx.store.db);
  const concepts = ctx.repositories.concepts;
  /** A covered deck's name as the deck list words it (empty for everything; the screen words that). */
  const deckLabel = (chosen: DrillDeck): string => {
    if (chosen.kind === 'note') return ctx.notes.get(chosen.noteId)?.title ?? '';
    if (chosen.kind === 'library') return ctx.libraries.get(chosen.libraryId)?.name ?? '';
    if (chosen.kind === 'concept') return concepts.get(chosen.conceptId)?.name ?? '';
    if (chosen.kind === 'anki') return ankiDeckName(ctx.store.db, chosen.ankiDeckId);
    return chosen.kind === 'tag' ? chosen.tag : '';
  };
  /** The next card with its intervals and its faces: what the review screen shows after a grade. */
  const nextWithView = (chosen: DrillDeck | undefined): DrillNext | null => {
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
      schema: drillSettings.partial(),
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
      run: () => {
        const now = new Date();
        const dayEnd = nextStudyDayStart(now, scheduler.settings().dayStartHour).toISOString();
        return withAnkiDecks(ctx.store.db, scheduler.decks(ctx.notes.list(), ctx.libraries.list()), dayEnd, now.toISOString());
      },
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
    'drills.unanswered': {
      schema: z.strictObject({ deck: deck.optional() }),
      run: ({ deck: chosen }): DrillUnanswered[] => {
        const cards = scheduler.cards.listUnanswered(scheduler.cards.scopeOf(chosen));
        const questionHtml = questionRenderer(ctx);
        const titles = noteTitles();
        return cards.map((card) => ({ card: toDrillCard(card), note: titles(card.noteId), questionHtml: questionHtml(card) }));
      },
    },
    'drills.create': {
      schema: z.strictObject({
        noteId: z.number().int().positive(),
        start: z.number().int().min(0),
        end: z.number().int().min(1),
        question: z.string().max(20_000),
      }),
      run: ({ noteId, start, end, question }) => {
        const note = ctx.notes.get(noteId);
        if (!note) throw notFound(`no note with id ${noteId}`);
        if (!question.trim()) throw invalid('a card needs a question');
        checkSpan(note.text, start, end);
        return makeByHand(note, 'manual', { start, end }, { start, end }, question.trim());
      },
    },
    'drills.cloze': {
      schema: z.strictObject({ annotationId: z.string().min(1).max(100) }),
      run: ({ annotationId }) => {
        const highlight = annotations.get(annotationId);
        if (!highlight) throw notFound(`no annotation ${annotationId}`);
        if (highlight.state === 'orphan') throw invalid('this highlight lost its text: re-attach it before making a card of it');
        const note = ctx.notes.get(highlight.noteId);
        if (!note) throw notFound(`no note with id ${highlight.noteId}`);
        checkSpan(note.text, highlight.start, highlight.end);
        const answer = { start: highlight.start, end: highlight.end };
        return makeByHand(note, 'cloze', clozeSpan(note.text, answer.start, answer.end), answer, null);
      },
    },
    'drills.orphans': { schema: empty, run: () => managed(scheduler.cards.listOrphans()) },
    'drills.suspended': { schema: empty, run: () => managed(scheduler.cards.listSuspended()) },
    'drills.targets': {
      schema: z.strictObject({ noteId: z.number().int().positive() }),
      run: ({ noteId }): DrillTarget[] => {
        if (!ctx.notes.get(noteId)) throw notFound(`no note with id ${noteId}`);
        const cards = scheduler.cards.listByNote(noteId).filter((card) => !card.isOrphan);
        const reviews = scheduler.cards.reviewCounts(cards.map((card) => card.id));
        const questionHtml = questionRenderer(ctx);
        return cards.map((card) => ({
          cardId: card.id,
          question: card.questionOverride ?? card.question.exact,
          questionHtml: questionHtml(card),
          context: card.context,
          kind: card.kind,
          reviews: reviews.get(card.id) ?? 0,
          hasAnswer: card.answer !== null || card.answerOverride !== null,
        }));
      },
    },
    'drills.reattach': {
      schema: z.strictObject({ cardId, targetCardId: cardId, ifTargetReviewed: z.enum(['refuse', 'orphan']).optional() }),
      run: ({ cardId: id, targetCardId, ifTargetReviewed = 'refuse' }) => {
        const card = scheduler.cards.get(id);
        if (!card) throw notFound(`no card ${id}`);
        const target = scheduler.cards.get(targetCardId);
        if (!target) throw notFound(`no card ${targetCardId}`);
        if (card.id === target.id) throw invalid('a card cannot take its own place');
        if (target.isOrphan || target.noteId === null) throw invalid('that card is not on a question of a note');
        // A target never graded loses nothing; one with grades is only displaced when the person said so, and keeps them.
        const reviews = scheduler.cards.reviewCounts([target.id]).get(target.id) ?? 0;
        if (reviews > 0 && ifTargetReviewed !== 'orphan') {
          throw invalid(
            `the card on that question has ${reviews} review${reviews === 1 ? '' : 's'}: send ifTargetReviewed 'orphan' to make it an orphan`,
          );
        }
        const outcome = reviews > 0 ? 'orphaned' : 'deleted';
        scheduler.cards.takePlace(card.id, target.id, outcome === 'deleted' ? 'delete' : 'orphan', new Date().toISOString());
        return { card: toDrillCard(scheduler.cards.get(card.id)!), target: { id: target.id, outcome } };
      },
    },
    'drills.interview': { schema: empty, run: () => interview.forecast(deckLabel) },
    'drills.setInterview': {
      schema: drillInterviewPlan,
      run: (plan) =>
        guarded(() => {
          interview.setPlan(plan);
          return interview.forecast(deckLabel);
        }),
    },
    'drills.interviewNext': {
      schema: empty,
      run: () => {
        const next = interview.next();
        if (!next) return null;
        return { card: toDrillCard(next.card), queue: next.queue, previews: scheduler.preview(next.card.id) };
      },
    },
    'drills.mock': {
      schema: z.strictObject({ decks: z.array(deck).max(100), count: z.number().int().min(1).max(50) }),
      run: ({ decks, count }) => interview.mock(decks, count).map((card) => cardView(ctx, card)),
    },
  };
}
