import type { Database, Statement } from 'better-sqlite3';
import type { CardLines, CardSource } from './card-records.js';

/*
 * The other notes that ask a card's question (its extra sources): a question
 * bank copied across folders is one card with a source per note, kept as one
 * row of note_card_sources per note (migration 0020). CardRepository holds
 * one of these as `cards.sources` and moves a card's entries with it when it
 * is deleted or takes another card's place.
 */

/** Where an extra source row puts a card's question and answer in its note (migration 0019): offsets into notes.text. */
export interface SourceOffsets {
  /** The quote's prefix starts here, the quote runs questionStart..questionEnd, its suffix ends at questionTo. */
  questionFrom: number;
  questionStart: number;
  questionEnd: number;
  questionTo: number;
  answerStart: number | null;
  answerEnd: number | null;
  answerHash: string | null;
}

/** Another note that asks a card's question, with where it asks it. */
export interface ExtraSource extends CardSource {
  noteId: number;
  context: string;
  lines: CardLines;
}

/**
 * An extra source as the card code uses it, its quotes read from its note's
 * stored text (`noteText`, `noteHash`): the row keeps only offsets into it
 * (migration 0019), and the importer rewrites a note's rows with each
 * version of the note, so the text at those offsets is what was quoted.
 */
function toSource(noteId: number, entry: SourceEntry, noteText: string, noteHash: string): ExtraSource {
  const [from, start, end, to, answerStart, answerEnd, answerHash, context, line, answerFirstLine, answerLastLine] = entry;
  const hasAnswer = answerStart !== null && answerEnd !== null;
  return {
    noteId,
    question: {
      exact: noteText.slice(start, end),
      prefix: noteText.slice(from, start),
      suffix: noteText.slice(end, to),
      start,
      end,
    },
    // A source keeps none of its answer's text: the hash says whether the note still holds it.
    // One stored whole before 0012 (no hash) is the note's text at its span, as it was stored.
    answer: hasAnswer
      ? {
          exact: answerHash === null ? noteText.slice(answerStart, answerEnd) : '',
          prefix: '',
          suffix: '',
          start: answerStart,
          end: answerEnd,
          hash: answerHash,
        }
      : null,
    contentHash: noteHash,
    context,
    lines: { line, answerFirstLine, answerLastLine },
  };
}

/**
 * One extra source as a row of note_card_sources keeps it (migration 0020):
 * offsets into its note's text (the quote from..start..end..to, the answer's
 * span and hash), its context and its file lines.
 */
export type SourceEntry = [
  questionFrom: number,
  questionStart: number,
  questionEnd: number,
  questionTo: number,
  answerStart: number | null,
  answerEnd: number | null,
  answerHash: string | null,
  context: string,
  questionLine: number | null,
  answerFirstLine: number | null,
  answerLastLine: number | null,
];

/** The entry the row keeps for a source at these offsets. */
export function sourceEntry(at: SourceOffsets, context: string, lines: CardLines): SourceEntry {
  return [
    at.questionFrom,
    at.questionStart,
    at.questionEnd,
    at.questionTo,
    at.answerStart,
    at.answerEnd,
    at.answerHash,
    context,
    lines.line,
    lines.answerFirstLine,
    lines.answerLastLine,
  ];
}

/** A note's extra sources, parallel arrays as its row keeps them. */
export interface NoteSources {
  cardIds: string[];
  entries: SourceEntry[];
}

/** A row of note_card_sources with its note's stored text and version, which its quotes are read from. */
interface SourcesWithNote {
  note_id: number;
  card_ids: string;
  entries: string;
  note_text: string;
  note_content_hash: string;
}

/** The needle a read by card looks for in card_ids: its id as JSON, quotes included, so that it matches no other id. */
function idNeedle(cardId: string): string {
  return JSON.stringify(cardId);
}

/** Order of a note's entries: where the question starts, then card id (as card_sources was read). */
function compareSources(sources: NoteSources, a: number, b: number): number {
  const byStart = (sources.entries[a] as SourceEntry)[1] - (sources.entries[b] as SourceEntry)[1];
  if (byStart !== 0) return byStart;
  const x = sources.cardIds[a] as string;
  const y = sources.cardIds[b] as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

function dropEntry(sources: NoteSources, at: number): void {
  sources.cardIds.splice(at, 1);
  sources.entries.splice(at, 1);
}

/** SQL for note_card_sources: a note's extra sources, read and written as one row. */
export class CardSourceRepository {
  private readonly db: Database;
  private readonly sourcesRow: Statement<[number], { card_ids: string; entries: string }>;
  private readonly sourcesOfNote: Statement<[number], Omit<SourcesWithNote, 'note_id'> & { gone: string }>;
  private readonly writeSources: Statement<[number, string, string]>;
  private readonly dropSources: Statement<[number]>;
  private readonly rowsOfCard: Statement<[string], SourcesWithNote>;
  private readonly liveRowsOfCard: Statement<[string], SourcesWithNote>;
  private readonly rowsNaming: Statement<[string], { note_id: number; card_ids: string; entries: string }>;
  /** CardRepository.hasCard: a source may only name a card that exists. */
  private readonly hasCard: (cardId: string) => boolean;

  constructor(db: Database, hasCard: (cardId: string) => boolean) {
    this.db = db;
    this.hasCard = hasCard;
    // One row per note that is an extra source of some card (migration 0020), written by the importer
    // once per note: the entries are offsets into the note's stored text, written in the same savepoint.
    this.sourcesRow = db.prepare('SELECT card_ids, entries FROM note_card_sources WHERE note_id = ?');
    // `gone`: positions of ids whose card no longer exists (CardRepository.delete removes them; this is a second guard).
    this.sourcesOfNote = db.prepare(
      `SELECT n.card_ids, n.entries, notes.text AS note_text, notes.content_hash AS note_content_hash,
         (SELECT json_group_array(j.key) FROM json_each(n.card_ids) AS j WHERE NOT EXISTS (SELECT 1 FROM cards WHERE cards.id = j.value)) AS gone
       FROM note_card_sources AS n JOIN notes ON notes.id = n.note_id WHERE n.note_id = ?`,
    );
    this.writeSources = db.prepare(`INSERT INTO note_card_sources (note_id, card_ids, entries) VALUES (?, ?, ?)
      ON CONFLICT (note_id) DO UPDATE SET card_ids = excluded.card_ids, entries = excluded.entries`);
    this.dropSources = db.prepare('DELETE FROM note_card_sources WHERE note_id = ?');
    // By card: one pass over the table (no index by card, as card_sources had none); the needle is the id quoted (idNeedle).
    this.rowsOfCard = db.prepare(
      `SELECT n.note_id, n.card_ids, n.entries, notes.text AS note_text, notes.content_hash AS note_content_hash
         FROM note_card_sources AS n JOIN notes ON notes.id = n.note_id WHERE instr(n.card_ids, ?) > 0 ORDER BY n.note_id`,
    );
    this.liveRowsOfCard = db.prepare(
      `SELECT n.note_id, n.card_ids, n.entries, notes.text AS note_text, notes.content_hash AS note_content_hash
         FROM note_card_sources AS n JOIN notes ON notes.id = n.note_id
        WHERE instr(n.card_ids, ?) > 0 AND notes.removed_at IS NULL ORDER BY n.note_id`,
    );
    this.rowsNaming = db.prepare('SELECT note_id, card_ids, entries FROM note_card_sources WHERE instr(card_ids, ?) > 0');
  }

  /** The cards this note is an extra source of, with where it asks each, by where the question starts. */
  ofNote(noteId: number): (ExtraSource & { cardId: string })[] {
    // Read before the note's new version overwrites it: the entries describe the version stored.
    const row = this.sourcesOfNote.get(noteId);
    if (!row) return [];
    const ids = JSON.parse(row.card_ids) as string[];
    const entries = JSON.parse(row.entries) as SourceEntry[];
    const gone = new Set(JSON.parse(row.gone) as number[]);
    const sources: (ExtraSource & { cardId: string })[] = [];
    ids.forEach((cardId, i) => {
      if (!gone.has(i)) sources.push({ cardId, ...toSource(noteId, entries[i] as SourceEntry, row.note_text, row.note_content_hash) });
    });
    return sources;
  }

  /** The note's row as parallel arrays (empty when it is no card's source). */
  private readSources(noteId: number): NoteSources {
    const row = this.sourcesRow.get(noteId);
    return row
      ? { cardIds: JSON.parse(row.card_ids) as string[], entries: JSON.parse(row.entries) as SourceEntry[] }
      : { cardIds: [], entries: [] };
  }

  /**
   * Replaces every extra source of a note with these (none deletes its row):
   * the importer writes a note's sources once, when it is done with the
   * note. Entries are kept by where their question starts, then card id.
   */
  replaceOfNote(noteId: number, sources: NoteSources): void {
    if (sources.cardIds.length === 0) {
      this.dropSources.run(noteId);
      return;
    }
    const { cardIds, entries } = sources;
    let isSorted = true;
    for (let i = 1; i < cardIds.length && isSorted; i++) isSorted = compareSources(sources, i - 1, i) <= 0;
    if (isSorted) {
      this.writeSources.run(noteId, JSON.stringify(cardIds), JSON.stringify(entries));
      return;
    }
    const order = cardIds.map((_, i) => i).sort((a, b) => compareSources(sources, a, b));
    this.writeSources.run(noteId, JSON.stringify(order.map((i) => cardIds[i])), JSON.stringify(order.map((i) => entries[i])));
  }

  /**
   * Writes a note's row as the import's card plan made it (card-plan.ts):
   * its ids and entries as JSON already, in the order replaceOfNote keeps
   * them; replaces any row the note had.
   */
  writeNoteRow(noteId: number, cardIdsJson: string, entriesJson: string): void {
    this.writeSources.run(noteId, cardIdsJson, entriesJson);
  }

  /** Adds these sources to the note's row, each replacing the note's entry for its card if it had one. */
  mergeIntoNote(noteId: number, sources: NoteSources): void {
    const merged = this.readSources(noteId);
    sources.cardIds.forEach((cardId, i) => {
      const was = merged.cardIds.indexOf(cardId);
      if (was >= 0) dropEntry(merged, was);
      merged.cardIds.push(cardId);
      merged.entries.push(sources.entries[i] as SourceEntry);
    });
    this.replaceOfNote(noteId, merged);
  }

  /** This note no longer asks the card's question. */
  remove(cardId: string, noteId: number): void {
    const sources = this.readSources(noteId);
    const at = sources.cardIds.indexOf(cardId);
    if (at < 0) return;
    dropEntry(sources, at);
    this.replaceOfNote(noteId, sources);
  }

  /** Every row naming the card (one pass over the table), each rewritten as `change` leaves it. */
  private rewriteRowsNaming(cardId: string, change: (sources: NoteSources, at: number) => void): void {
    for (const row of this.rowsNaming.all(idNeedle(cardId))) {
      const sources = { cardIds: JSON.parse(row.card_ids) as string[], entries: JSON.parse(row.entries) as SourceEntry[] };
      const at = sources.cardIds.indexOf(cardId);
      if (at < 0) continue;
      change(sources, at);
      this.replaceOfNote(row.note_id, sources);
    }
  }

  /**
   * Records that another note asks the same question (replacing that note's
   * earlier anchor, if any). The note's entry stores offsets, neither the
   * quotes nor the note's version: the importer writes a note's sources with
   * each version of the note, in the same savepoint, so they always describe
   * the note as stored and the quotes are read from its text (ofNote,
   * CardRepository.promoteSource). A question asked in many notes then costs a few integers
   * per note (migrations 0019, 0020). `source` must be anchored in the note's
   * text as it is stored with this write.
   */
  add(
    cardId: string,
    source: CardSource & { noteId: number },
    context = '',
    lines: CardLines = { line: null, answerFirstLine: null, answerLastLine: null },
  ): void {
    const { question, answer } = source;
    const at: SourceOffsets = {
      questionFrom: question.start - question.prefix.length,
      questionStart: question.start,
      questionEnd: question.end,
      questionTo: question.end + question.suffix.length,
      answerStart: answer?.start ?? null,
      answerEnd: answer?.end ?? null,
      answerHash: answer?.hash ?? null,
    };
    this.addAt(cardId, source.noteId, at, context, lines);
  }

  /**
   * add() from the offsets the entry stores: slicing the quotes out of
   * the note only to measure them would be a string per quote. Rewrites the
   * note's whole row; the importer writes each note's sources once instead
   * (replaceOfNote).
   */
  addAt(cardId: string, noteId: number, at: SourceOffsets, context: string, lines: CardLines): void {
    // As the foreign key of card_sources did: no source of a card that does not exist.
    if (!this.hasCard(cardId)) throw new Error(`no card ${cardId}`);
    const sources = this.readSources(noteId);
    const was = sources.cardIds.indexOf(cardId);
    if (was >= 0) dropEntry(sources, was);
    sources.cardIds.push(cardId);
    sources.entries.push(sourceEntry(at, context, lines));
    this.replaceOfNote(noteId, sources);
  }

  /** The card's other sources, by note id. */
  ofCard(cardId: string): ExtraSource[] {
    // Entries of a card that is gone are not its sources (CardRepository.delete removes them; this is a second guard).
    if (!this.hasCard(cardId)) return [];
    return [...this.sourcesIn(this.rowsOfCard, cardId)];
  }

  /**
   * The card's entries in the rows `rows` finds by its quoted id, as sources,
   * by note id. Each entry describes its note as stored (see add): its
   * quotes and version are the note's.
   */
  private *sourcesIn(rows: Statement<[string], SourcesWithNote>, cardId: string): Generator<ExtraSource> {
    for (const row of rows.iterate(idNeedle(cardId))) {
      const at = (JSON.parse(row.card_ids) as string[]).indexOf(cardId);
      if (at < 0) continue;
      yield toSource(row.note_id, (JSON.parse(row.entries) as SourceEntry[])[at] as SourceEntry, row.note_text, row.note_content_hash);
    }
  }

  /** Takes the card's entries out of every row (the card is being deleted, or its sources are another's now). */
  dropCard(cardId: string): void {
    this.rewriteRowsNaming(cardId, dropEntry);
  }

  /** The entries of card `from` become card `to`'s (CardRepository.takePlace: `to` took `from`'s question). */
  renameCard(from: string, to: string): void {
    this.rewriteRowsNaming(from, (sources, at) => {
      sources.cardIds[at] = to;
    });
  }

  /** The card's first source in a note that is not removed (by note id), or undefined. */
  firstLiveOf(cardId: string): ExtraSource | undefined {
    for (const source of this.sourcesIn(this.liveRowsOfCard, cardId)) return source;
    return undefined;
  }

  /**
   * The live cards whose primary note is `noteId` that some note's row names:
   * asked elsewhere too, they stay on that other note when this one goes.
   * One pass over note_card_sources (it has no index by card; see migration 0020).
   */
  cardsAskedElsewhere(noteId: number): string[] {
    return this.db
      .prepare<[number], string>(
        `SELECT DISTINCT j.value FROM note_card_sources AS n, json_each(n.card_ids) AS j
          WHERE j.value IN (SELECT id FROM cards WHERE note_id = ? AND is_orphan = 0)`,
      )
      .pluck()
      .all(noteId);
  }

  /** How many extra sources the store holds (each note's entries; for the benchmarks). */
  count(): number {
    return this.db.prepare('SELECT COALESCE(SUM(json_array_length(card_ids)), 0) FROM note_card_sources').pluck().get() as number;
  }
}
