import { createHash } from 'node:crypto';
import { runInTransaction } from '../../db/open-store.js';
import Database from 'better-sqlite3';
import { zipSync } from 'fflate';
import type { MediaFile } from './anki-html.js';
import { ankiPlainText } from './anki-html.js';

/**
 * Anki's legacy collection (schema 11, `collection.anki2`): the format every
 * Anki since 2.1 imports, and the one independent readers understand. Tables
 * and columns as Anki's published schema has them; note types, decks and
 * their options as JSON in `col`.
 */
const SCHEMA = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null,
  dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null,
  tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null,
  usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null,
  factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null,
  lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`;

/** The note type's id: fixed, so a deck exported again updates the same note type in Anki rather than adding one. */
export const LATTICE_MODEL_ID = 1733000000000;
export const FIELD_NAMES = ['Front', 'Back', 'Source'] as const;
const DAY_S = 86_400;

/** One grade of a card, as Anki's revlog keeps it. */
export interface AnkiReview {
  /** Milliseconds since the epoch: the revlog row's id. */
  at: number;
  ease: 1 | 2 | 3 | 4;
  /** Interval after the grade: days (> 0) or, while learning, seconds (< 0). */
  ivl: number;
  /** 0 learning, 1 review, 2 relearning. */
  type: 0 | 1 | 2;
  durationMs: number;
}

/** A card's schedule in Anki's terms. */
export interface AnkiSchedule {
  /** 0 new, 1 learning, 2 review, 3 relearning. */
  type: 0 | 1 | 2 | 3;
  /** When it is due (ms since the epoch); new cards are due by position instead. */
  dueAt: number;
  /** Interval in days (review cards). */
  ivl: number;
  reps: number;
  lapses: number;
  /** FSRS memory state, stored in the card's `data` as Anki 23.10+ does. */
  memory: { stability: number; difficulty: number; desiredRetention: number } | null;
}

export interface AnkiExportCard {
  /** The Lattice card's id: the note's guid, so a second export updates the notes Anki already has. */
  id: string;
  front: string;
  back: string;
  source: string;
  tags: string[];
  isSuspended: boolean;
  schedule: AnkiSchedule | null;
  reviews: AnkiReview[];
}

export interface AnkiPackageInput {
  deckName: string;
  cards: AnkiExportCard[];
  media: MediaFile[];
  now: Date;
}

const MODEL_CSS = `.card { font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; font-size: 18px; text-align: left; color: black; background-color: white; }
.source { margin-top: 1em; font-size: 12px; color: #777; }
pre { white-space: pre-wrap; }`;

/** The note type: Basic's template with a third field naming where the card comes from. */
function noteType(deckId: number, nowS: number): Record<string, unknown> {
  const field = (name: string, ord: number) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] });
  return {
    id: LATTICE_MODEL_ID,
    name: 'Lattice',
    type: 0,
    mod: nowS,
    usn: -1,
    sortf: 0,
    did: deckId,
    tmpls: [
      {
        name: 'Card 1',
        ord: 0,
        qfmt: '{{Front}}',
        afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}\n\n{{#Source}}<div class="source">{{Source}}</div>{{/Source}}',
        bqfmt: '',
        bafmt: '',
        did: null,
        bfont: '',
        bsize: 0,
      },
    ],
    flds: FIELD_NAMES.map(field),
    css: MODEL_CSS,
    latexPre:
      '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    latexsvg: false,
    req: [[0, 'any', [0]]],
    tags: [],
    vers: [],
  };
}

function deck(id: number, name: string, nowS: number): Record<string, unknown> {
  return {
    id,
    name,
    mod: nowS,
    usn: -1,
    lrnToday: [0, 0],
    revToday: [0, 0],
    newToday: [0, 0],
    timeToday: [0, 0],
    collapsed: false,
    browserCollapsed: false,
    desc: '',
    dyn: 0,
    conf: 1,
    extendNew: 0,
    extendRev: 0,
  };
}

/** Anki's default deck options (schema 11), which every deck here uses. */
function deckOptions(nowS: number): Record<string, unknown> {
  return {
    id: 1,
    name: 'Default',
    mod: nowS,
    usn: -1,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
    lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
  };
}

/** A stable deck id from its name: the same deck exported again is the same deck in Anki. */
export function deckIdOf(name: string): number {
  return 1_000_000_000 + (parseInt(createHash('sha1').update(name).digest('hex').slice(0, 8), 16) % 1_000_000_000);
}

/** Anki's checksum of a note's first field: the first 8 hex digits of the SHA-1 of its plain text. */
export function fieldChecksum(html: string): number {
  return parseInt(createHash('sha1').update(ankiPlainText(html)).digest('hex').slice(0, 8), 16);
}

/** Ids Anki reads as times in ms; each one taken once, so notes, cards and grades never collide. */
class IdClock {
  private last = 0;
  take(wanted: number): number {
    this.last = Math.max(Math.round(wanted), this.last + 1);
    return this.last;
  }
}

/**
 * The collection as an SQLite file: one note and one card per Lattice card,
 * in one deck, with each card's schedule and its grades in revlog when the
 * caller gave them.
 */
export function buildLegacyCollection(input: AnkiPackageInput): Buffer {
  const nowS = Math.floor(input.now.getTime() / 1000);
  const firstReview = Math.min(input.now.getTime(), ...input.cards.flatMap((card) => card.reviews.map((review) => review.at)));
  // Day 0 of the collection: due dates of review cards count days from it.
  const crt = Math.floor(firstReview / 1000 / DAY_S) * DAY_S;
  const deckId = deckIdOf(input.deckName);
  const db = new Database(':memory:');
  try {
    db.exec(SCHEMA);
    const conf = {
      nextPos: input.cards.length + 1,
      estTimes: true,
      activeDecks: [deckId],
      sortType: 'noteFld',
      timeLim: 0,
      sortBackwards: false,
      addToCur: true,
      curDeck: deckId,
      newBury: true,
      newSpread: 0,
      dueCounts: true,
      curModel: LATTICE_MODEL_ID,
      collapseTime: 1200,
    };
    db.prepare('INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)').run(
      crt,
      input.now.getTime(),
      input.now.getTime(),
      JSON.stringify(conf),
      JSON.stringify({ [LATTICE_MODEL_ID]: noteType(deckId, nowS) }),
      JSON.stringify({ 1: deck(1, 'Default', nowS), [deckId]: deck(deckId, input.deckName, nowS) }),
      JSON.stringify({ 1: deckOptions(nowS) }),
      '{}',
    );
    const addNote = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    const addCard = db.prepare('INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)');
    const addReview = db.prepare('INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)');
    const ids = new IdClock();
    const reviewIds = new IdClock();
    const base = input.now.getTime() - input.cards.length * 2;
    // The package's own SQLite file, not the store: one transaction so its writes are one commit.
    runInTransaction(db, () => {
      input.cards.forEach((card, position) => {
        const noteId = ids.take(base);
        const cardId = ids.take(base);
        const tags = card.tags.length > 0 ? ` ${[...new Set(card.tags)].join(' ')} ` : '';
        addNote.run(
          noteId,
          card.id,
          LATTICE_MODEL_ID,
          nowS,
          tags,
          [card.front, card.back, card.source].join('\x1f'),
          ankiPlainText(card.front),
          fieldChecksum(card.front),
        );
        const s = ankiCardSchedule(card.schedule, position + 1, crt);
        const queue = card.isSuspended ? -1 : s.queue;
        addCard.run(cardId, noteId, deckId, nowS, s.type, queue, s.due, s.ivl, s.factor, s.reps, s.lapses, s.left, s.data);
        let lastIvl = 0;
        for (const review of card.reviews) {
          addReview.run(
            reviewIds.take(review.at),
            cardId,
            review.ease,
            review.ivl,
            lastIvl,
            review.type === 0 ? 0 : 2500,
            Math.min(60_000, Math.max(0, Math.round(review.durationMs))),
            review.type,
          );
          lastIvl = review.ivl;
        }
      });
    });
    return db.serialize();
  } finally {
    db.close();
  }
}

/** A card row's scheduling columns: new cards by position; learning ones due at a time; review ones on a day counted from crt. */
function ankiCardSchedule(schedule: AnkiSchedule | null, position: number, crt: number) {
  const fresh = { type: 0, queue: 0, due: position, ivl: 0, factor: 0, reps: 0, lapses: 0, left: 0, data: '{}' };
  if (!schedule || schedule.type === 0) return fresh;
  const data = schedule.memory
    ? JSON.stringify({
        s: round(schedule.memory.stability, 4),
        d: round(schedule.memory.difficulty, 3),
        dr: round(schedule.memory.desiredRetention, 2),
      })
    : '{}';
  const common = { type: schedule.type, reps: schedule.reps, lapses: schedule.lapses, data, factor: 2500 };
  if (schedule.type === 2) {
    return {
      ...common,
      queue: 2,
      due: Math.max(0, Math.floor((schedule.dueAt / 1000 - crt) / DAY_S)),
      ivl: Math.max(1, Math.round(schedule.ivl)),
      left: 0,
    };
  }
  // Learning and relearning: in the intraday queue, due at a time; one step left.
  return {
    ...common,
    queue: 1,
    due: Math.floor(schedule.dueAt / 1000),
    ivl: schedule.type === 3 ? Math.max(1, Math.round(schedule.ivl)) : 0,
    left: 1001,
  };
}

function round(value: number, places: number): number {
  const scale = 10 ** places;
  return Math.round(value * scale) / scale;
}

/** The `.apkg`: the collection, `media` (number → file name, as JSON) and the files named by number. */
export function buildApkg(input: AnkiPackageInput): Uint8Array {
  const unique = new Map<string, Uint8Array>();
  for (const file of input.media) unique.set(file.name, file.data);
  const entries: Record<string, Uint8Array> = { 'collection.anki2': buildLegacyCollection(input) };
  const map: Record<string, string> = {};
  [...unique].forEach(([name, data], index) => {
    map[String(index)] = name;
    entries[String(index)] = data;
  });
  entries.media = new TextEncoder().encode(JSON.stringify(map));
  return zipSync(entries, { level: 6 });
}
