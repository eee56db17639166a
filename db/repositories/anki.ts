import type { Database, Statement } from 'better-sqlite3';
import type { DeckScope } from './card-decks.js';
import { keyHash } from './card-records.js';
import { MediaRepository } from './media.js';

/** An imported Anki card's row: which Lattice card it became or matched, and its faces. */
export interface AnkiCardRow {
  deckId: number;
  guid: string;
  ord: number;
  cardId: string;
  isLinked: boolean;
  questionHtml: string;
  answerHtml: string;
  tags: string[];
}

export interface AnkiDeckSummary {
  id: number;
  name: string;
  importedAt: string;
  cards: number;
}

export interface AnkiMediaRecord {
  hash: string;
  name: string;
  mime: string;
  data: Buffer;
}

/** Storage of imported Anki decks (migration 0018): decks, their cards' faces, their media. */
export class AnkiRepository {
  private readonly deckByName: Statement<[string], { id: number }>;
  private readonly insertDeck: Statement<[string, string]>;
  private readonly rowStmt: Statement<[number, string, number], RawRow>;
  private readonly insertRow: Statement<[number, string, number, string, number, string, string, string]>;
  private readonly facesStmt: Statement<[string], RawRow>;
  private readonly byKey: Statement<[number, string], string>;
  /** Anki media share the notes' picture store (media.ts). */
  private readonly pictures: MediaRepository;
  private readonly decksStmt: Statement<[], AnkiDeckSummary>;

  constructor(private readonly db: Database) {
    this.deckByName = db.prepare('SELECT id FROM anki_decks WHERE name = ?');
    this.insertDeck = db.prepare('INSERT INTO anki_decks (name, imported_at) VALUES (?, ?)');
    this.rowStmt = db.prepare('SELECT * FROM anki_cards WHERE deck_id = ? AND anki_guid = ? AND anki_ord = ?');
    this.insertRow = db.prepare(
      'INSERT INTO anki_cards (deck_id, anki_guid, anki_ord, card_id, is_linked, question_html, answer_html, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.facesStmt = db.prepare('SELECT * FROM anki_cards WHERE card_id = ? AND is_linked = 0 LIMIT 1');
    // The oldest live card of a note asking the question: the one an Anki card with that question joins.
    this.byKey = db
      .prepare<[number, string], string>(
        `SELECT id FROM cards WHERE question_hash = ? AND question_key = ? AND kind = 'found' AND is_orphan = 0 AND note_id IS NOT NULL
           ORDER BY created_at, id LIMIT 1`,
      )
      .pluck();
    this.pictures = new MediaRepository(db);
    this.decksStmt = db.prepare(
      `SELECT anki_decks.id, anki_decks.name, anki_decks.imported_at AS importedAt, COUNT(anki_cards.card_id) AS cards
         FROM anki_decks LEFT JOIN anki_cards ON anki_cards.deck_id = anki_decks.id
        GROUP BY anki_decks.id ORDER BY anki_decks.name`,
    );
  }

  /** The deck of that name, made if it is new; a package imported again lands in the same deck. */
  deckId(name: string, now: string): number {
    const found = this.deckByName.get(name);
    if (found) return found.id;
    return Number(this.insertDeck.run(name, now).lastInsertRowid);
  }

  /** The deck of that name, if it was imported before. */
  deckIdIfAny(name: string): number | undefined {
    return this.deckByName.get(name)?.id;
  }

  /** Removes a deck and its rows (an import that failed: its cards are deleted by the caller). */
  deleteDeck(id: number): void {
    this.db.prepare('DELETE FROM anki_decks WHERE id = ?').run(id);
  }

  /** Removes the grades an import carried over from Anki to a card (review ids `anki-…`): a failed import undone. */
  deleteAnkiReviews(cardId: string): void {
    this.db.prepare("DELETE FROM review_log WHERE card_id = ? AND review_id LIKE 'anki-%'").run(cardId);
  }

  /** The row an Anki card made on an earlier import of the deck, if any. */
  row(deckId: number, guid: string, ord: number): AnkiCardRow | undefined {
    const row = this.rowStmt.get(deckId, guid, ord);
    return row ? toRow(row) : undefined;
  }

  addRow(row: AnkiCardRow): void {
    this.insertRow.run(
      row.deckId,
      row.guid,
      row.ord,
      row.cardId,
      row.isLinked ? 1 : 0,
      row.questionHtml,
      row.answerHtml,
      JSON.stringify(row.tags),
    );
  }

  /** What an imported card shows (none for a card of a note: it shows its note). */
  faces(cardId: string): AnkiCardRow | undefined {
    const row = this.facesStmt.get(cardId);
    return row ? toRow(row) : undefined;
  }

  /** The card of a note asking the question with this key (note-cards.ts questionKey), if any. */
  noteCardWithKey(key: string): string | undefined {
    return this.byKey.get(keyHash(key), key);
  }

  /** Stores a media file once per content, in the store the notes' pictures use, so /media/<hash> serves it. */
  saveMedia(media: AnkiMediaRecord): void {
    this.pictures.putMedia(media.data, media.mime);
  }

  media(hash: string): AnkiMediaRecord | undefined {
    const file = this.pictures.getMedia(hash);
    return file ? { hash: file.hash, name: file.hash, mime: file.mime, data: file.bytes } : undefined;
  }

  decks(): AnkiDeckSummary[] {
    return this.decksStmt.all();
  }

  /** The same counts over every card made from Anki (those linked to a note's card are counted with their note). */
  madeCounts(dayEnd: string, now: string): { cards: number; due: number } {
    return (
      this.db
        .prepare<[string, string], { cards: number; due: number }>(
          `SELECT COUNT(*) AS cards, COALESCE(SUM(CASE WHEN state = 0 OR due < ? THEN 1 ELSE 0 END), 0) AS due FROM cards
            WHERE note_id IS NULL AND is_orphan = 0 AND is_suspended = 0 AND (buried_until IS NULL OR buried_until <= ?)
              AND id IN (SELECT card_id FROM anki_cards WHERE is_linked = 0)`,
        )
        .get(dayEnd, now) ?? { cards: 0, due: 0 }
    );
  }

  /** An imported deck's name. */
  deckName(id: number): string | undefined {
    return this.db.prepare<[number], string>('SELECT name FROM anki_decks WHERE id = ?').pluck().get(id);
  }

  /**
   * Per imported deck, the cards a session may show (not suspended, orphaned
   * or buried) and how many of them are due before `dayEnd` (new ones included,
   * as the deck list counts them).
   */
  sessionCounts(dayEnd: string, now: string): { id: number; name: string; cards: number; due: number }[] {
    return this.db
      .prepare<[string, string], { id: number; name: string; cards: number; due: number }>(
        `SELECT anki_decks.id, anki_decks.name, COUNT(cards.id) AS cards,
                COALESCE(SUM(CASE WHEN cards.state = 0 OR cards.due < ? THEN 1 ELSE 0 END), 0) AS due
           FROM anki_decks
           JOIN anki_cards ON anki_cards.deck_id = anki_decks.id
           JOIN cards ON cards.id = anki_cards.card_id AND cards.is_suspended = 0 AND cards.is_orphan = 0
                     AND (cards.buried_until IS NULL OR cards.buried_until <= ?)
          GROUP BY anki_decks.id ORDER BY anki_decks.name`,
      )
      .all(dayEnd, now);
  }

  /** Ids of the cards a deck scope holds, in the order they were made (the notes' order). */
  cardIds(scope: DeckScope): string[] {
    return this.db
      .prepare<(string | number)[], string>(`SELECT id FROM cards WHERE ${scope.where} ORDER BY created_at, id`)
      .pluck()
      .all(...scope.params);
  }
}

interface RawRow {
  deck_id: number;
  anki_guid: string;
  anki_ord: number;
  card_id: string;
  is_linked: number;
  question_html: string;
  answer_html: string;
  tags: string;
}

function toRow(row: RawRow): AnkiCardRow {
  let tags: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.tags);
    if (Array.isArray(parsed)) tags = parsed.map(String);
  } catch {
    tags = [];
  }
  return {
    deckId: row.deck_id,
    guid: row.anki_guid,
    ord: row.anki_ord,
    cardId: row.card_id,
    isLinked: row.is_linked === 1,
    questionHtml: row.question_html,
    answerHtml: row.answer_html,
    tags,
  };
}
