import type { Database } from 'better-sqlite3';
import { repositoriesOf } from '../../db/store-repositories.js';
import { deckScope } from '../../db/repositories/card-decks.js';
import type { Deck } from '../../db/repositories/card-decks.js';
import type { CardRecord } from '../../db/repositories/card-records.js';
import type { NoteRecord, NoteRepository } from '../../db/repositories/notes.js';
import type { SectionRecord } from '../markdown/types.js';
import type { ReviewLogRecord } from '../../db/repositories/review-log.js';
import { cardFaces } from '../drills/card-view.js';
import { noteImagesLookup } from '../media/note-images.js';
import type { CardNote } from '../drills/card-view.js';
import { formulaSpans } from '../drills/hand-made.js';
import { escapeHtml } from '../markdown/safe-html.js';
import { ankiTag, imageExtension, mediaName, mermaidSources, toAnkiFace } from './anki-html.js';
import type { MediaFile, MediaResolver } from './anki-html.js';
import { buildApkg } from './legacy-collection.js';
import type { AnkiExportCard, AnkiReview, AnkiSchedule } from './legacy-collection.js';

export interface AnkiExportOptions {
  /** The deck's name in Anki (Lattice's words for the deck chosen). */
  deckName: string;
  /** Carry each card's schedule and grades, so FSRS in Anki continues where Lattice stopped. */
  withHistory: boolean;
  desiredRetention: number;
  /** Mermaid diagrams drawn by the renderer, SVG by source hash; others go out as their source. */
  diagrams?: Record<string, string>;
  /** Where local images come from (the media store); without it only imported decks' media go out. */
  resolveMedia?: MediaResolver;
  now?: Date;
}

export interface AnkiExport {
  fileName: string;
  apkg: Uint8Array;
  cards: number;
  reviews: number;
  media: number;
}

const DAY_MS = 86_400_000;

/**
 * The chain of section titles holding a card's question, outermost first,
 * without the note's own title heading and without the question's own
 * heading (a tag per question would say nothing a search could not).
 */
function sectionPath(sections: SectionRecord[], offset: number, title: string): string[] {
  return sectionChain(sections, offset)
    .filter((section, i, chain) => !(i === 0 && section.title === title) && !(i === chain.length - 1 && offset - section.startOffset <= 8))
    .map((section) => section.title);
}

function sectionChain(sections: SectionRecord[], offset: number): SectionRecord[] {
  let inner: SectionRecord | null = null;
  for (const section of sections) {
    if (section.startOffset <= offset && offset < section.endOffset && (!inner || section.level >= inner.level)) inner = section;
  }
  const byOrd = new Map(sections.map((section) => [section.ord, section]));
  const path: SectionRecord[] = [];
  for (let at = inner; at && path.length < 12; at = at.parentOrd === null ? null : (byOrd.get(at.parentOrd) ?? null)) path.unshift(at);
  return path;
}

/** A grade as Anki's revlog row: interval in days once in review, in negative seconds while learning. */
export function toAnkiReview(entry: ReviewLogRecord): AnkiReview {
  const span = Date.parse(entry.afterDue) - Date.parse(entry.scheduledAt);
  const type = entry.before.state === 2 ? 1 : entry.before.state === 3 ? 2 : 0;
  return {
    at: Date.parse(entry.reviewedAt),
    ease: entry.rating,
    ivl: entry.afterState === 2 ? Math.max(1, Math.round(span / DAY_MS)) : -Math.max(1, Math.round(span / 1000)),
    type,
    durationMs: entry.durationMs,
  };
}

function toAnkiSchedule(card: CardRecord, desiredRetention: number): AnkiSchedule | null {
  const { schedule } = card;
  if (schedule.state === 0) return null;
  return {
    type: schedule.state,
    dueAt: Date.parse(schedule.due),
    ivl: schedule.scheduledDays,
    reps: schedule.reps,
    lapses: schedule.lapses,
    memory: { stability: schedule.stability, difficulty: schedule.difficulty, desiredRetention },
  };
}

/** A file name for the deck: its words, with what no file system accepts replaced. */
export function apkgFileName(deckName: string): string {
  const base =
    deckName
      // eslint-disable-next-line no-control-regex -- control characters cannot be in a file name
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
      .trim()
      .slice(0, 100) || 'Lattice';
  return `${base}.apkg`;
}

/**
 * A deck of cards as an `.apkg`. Each card's faces are what the review
 * screen shows (the note's own lines through the reader's pipeline, or an
 * imported card's Anki HTML), made Anki HTML by toAnkiFace; tags are the
 * note's title and the path of sections holding the question; the card's
 * history goes too when asked. Orphans are left out: their text no longer
 * matches their note. Each note is read once, however many cards it has;
 * cards are converted 200 at a time with the event loop turning between, so
 * a deck of thousands does not stall the app.
 */
export async function exportDeck(
  db: Database,
  notes: NoteRepository,
  deck: Deck | undefined,
  options: AnkiExportOptions,
): Promise<AnkiExport> {
  const cards = repositoriesOf(db).cards;
  const anki = repositoriesOf(db).anki;
  const log = repositoriesOf(db).reviewLog;
  const media: MediaFile[] = [];
  const resolveMedia: MediaResolver = (src) => {
    const stored = /^\/media\/([0-9a-f]{64})$/.exec(src);
    const file = stored ? anki.media(stored[1]!) : undefined;
    if (file) return { name: mediaName(file.data, imageExtension(file.data) || 'bin'), data: file.data };
    return options.resolveMedia ? options.resolveMedia(src) : null;
  };
  // A note's own pictures, stored at import: its faces show them, and they go out as packaged media.
  const imagesOf = noteImagesLookup(repositoriesOf(db).media);
  const noteCache = new Map<number, { note: NoteRecord; view: CardNote } | null>();
  const noteOf = (id: number | null) => {
    if (id === null) return null;
    if (!noteCache.has(id)) {
      const note = notes.get(id);
      noteCache.set(
        id,
        note
          ? {
              note,
              view: {
                path: note.path,
                source: note.source,
                sections: notes.sections(id),
                lines: note.source.split('\n'),
                formulas: formulaSpans(note.text, notes.formulas(id)),
                images: imagesOf(id),
              },
            }
          : null,
      );
    }
    return noteCache.get(id) ?? null;
  };

  const out: AnkiExportCard[] = [];
  let reviews = 0;
  const ids = anki.cardIds(deckScope(db, deck));
  for (let i = 0; i < ids.length; i++) {
    if (i > 0 && i % 200 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const card = cards.get(ids[i]!);
    if (!card || card.isOrphan) continue;
    const imported = card.noteId === null ? anki.faces(card.id) : undefined;
    const entry = noteOf(card.noteId);
    const faces = imported
      ? { questionHtml: imported.questionHtml, answerHtml: imported.answerHtml }
      : cardFaces(card, entry?.view ?? null);
    const front = toAnkiFace(faces.questionHtml, resolveMedia, options.diagrams);
    const back = toAnkiFace(faces.answerHtml ?? '', resolveMedia, options.diagrams);
    media.push(...front.media, ...back.media);
    const path = entry ? sectionPath(entry.view.sections, card.question.start, entry.note.title) : [];
    const tags = entry
      ? [ankiTag([entry.note.title]), ankiTag([entry.note.title, ...path])]
      : (imported?.tags ?? []).map((tag) => ankiTag([tag]));
    const source = entry ? escapeHtml([entry.note.title, ...path].join(' › ')) : '';
    const history = options.withHistory ? log.history(card.id).map(toAnkiReview) : [];
    reviews += history.length;
    out.push({
      id: card.id,
      front: front.html,
      back: back.html,
      source,
      tags: [...new Set(tags.filter((tag) => tag !== ''))],
      isSuspended: card.isSuspended,
      schedule: options.withHistory ? toAnkiSchedule(card, options.desiredRetention) : null,
      reviews: history,
    });
  }
  const uniqueMedia = new Map(media.map((file) => [file.name, file]));
  const apkg = buildApkg({ deckName: options.deckName, cards: out, media: [...uniqueMedia.values()], now: options.now ?? new Date() });
  return { fileName: apkgFileName(options.deckName), apkg, cards: out.length, reviews, media: uniqueMedia.size };
}

/**
 * The Mermaid diagrams a deck's export would hold, each once, for the
 * renderer to draw before it asks for the export (as it does for sheets).
 */
export function deckDiagrams(db: Database, notes: NoteRepository, deck: Deck | undefined): { hash: string; source: string }[] {
  const cards = repositoriesOf(db).cards;
  const anki = repositoriesOf(db).anki;
  const found = new Map<string, string>();
  const views = new Map<number, CardNote | null>();
  for (const id of anki.cardIds(deckScope(db, deck))) {
    const card = cards.get(id);
    if (!card || card.isOrphan || card.noteId === null) continue;
    if (!views.has(card.noteId)) {
      const note = notes.get(card.noteId);
      views.set(card.noteId, note ? { path: note.path, source: note.source, sections: [], lines: note.source.split('\n') } : null);
    }
    const faces = cardFaces(card, views.get(card.noteId) ?? null);
    for (const diagram of [...mermaidSources(faces.questionHtml), ...mermaidSources(faces.answerHtml ?? '')])
      found.set(diagram.hash, diagram.source);
  }
  return [...found].map(([hash, source]) => ({ hash, source }));
}
