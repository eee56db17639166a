import type { Database, Statement } from 'better-sqlite3';
import { INSERT_NOTE_ROWS, writeWholeIndex } from '../search-index.js';

/**
 * SQL for the full-text index (migration 0004): one FTS5 table per kind of
 * row (notes, concepts, annotations), contentless, fed through
 * lattice_search_text(). What a row holds is said once, in db/search-index.ts.
 */

export type SearchSource = 'notes' | 'concepts' | 'annotations';

const TABLES: Record<SearchSource, string> = { notes: 'search_notes', concepts: 'search_concepts', annotations: 'search_annotations' };

/**
 * bm25 weights of the columns title, headings, body: a term in a note's title
 * or a heading counts for more than one in passing.
 */
const rankOf = (table: string): string => `bm25(${table}, 10.0, 4.0, 1.0)`;

/** Above this many matching notes, only the most recent are ranked; see {@link SearchRepository.rankNotes}. */
const RANK_ALL_CAP = 600;

/** A ranked row; `score` is bm25's (lower is better). */
export interface RankedRow {
  rowid: number;
  score: number;
}

export interface NoteHitRecord {
  id: number;
  title: string;
  path: string;
  text: string;
}

export interface AnnotationHitRecord {
  id: string;
  noteId: number;
  noteTitle: string;
  quote: string;
  comment: string;
  tags: string[];
  start: number;
  end: number;
}

export interface ConceptHitRecord {
  id: number;
  name: string;
  aliases: string[];
  definition: string;
  noteId: number | null;
  noteTitle: string | null;
  sectionOrd: number | null;
}

/** Writes note rows of the index (triggers write the others) and reads ranked rows back. */
export class SearchRepository {
  private readonly db: Database;
  private readonly insertNotes: Statement<[string]>;
  private readonly deleteRows: Statement<[string]>;
  private readonly noteById: Statement<[number], NoteHitRecord>;
  private readonly annotationByRow: Statement<
    [number],
    {
      id: string;
      note_id: number;
      note_title: string | null;
      quote_exact: string;
      comment: string;
      tags: string;
      start_offset: number;
      end_offset: number;
    }
  >;
  private readonly conceptById: Statement<
    [number],
    {
      id: number;
      name: string;
      definition: string;
      definition_note_id: number | null;
      definition_section_ord: number | null;
      note_title: string | null;
      aliases: string;
    }
  >;
  private readonly diagramsOf: Statement<[number], { section_ord: number | null; labels: string }>;
  private readonly statements = new Map<string, Statement>();

  constructor(db: Database) {
    this.db = db;
    this.insertNotes = db.prepare(INSERT_NOTE_ROWS);
    this.deleteRows = db.prepare('DELETE FROM search_notes WHERE rowid IN (SELECT value FROM json_each(?))');
    this.noteById = db.prepare('SELECT id, title, path, text FROM notes WHERE id = ? AND removed_at IS NULL');
    this.annotationByRow =
      db.prepare(`SELECT a.id, a.note_id, n.title AS note_title, a.quote_exact, a.comment, a.tags, a.start_offset, a.end_offset
      FROM search_annotation_keys k JOIN annotations a ON a.id = k.annotation_id LEFT JOIN notes n ON n.id = a.note_id WHERE k.seq = ?`);
    this.diagramsOf = db.prepare(
      'SELECT section_ord, lattice_diagram_labels(source) AS labels FROM diagrams WHERE note_id = ? ORDER BY ord',
    );
    this.conceptById = db.prepare(`SELECT c.id, c.name, c.definition, c.definition_note_id, c.definition_section_ord, n.title AS note_title,
        (SELECT json_group_array(a.alias) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0) AS aliases
      FROM concepts c LEFT JOIN notes n ON n.id = c.definition_note_id AND n.removed_at IS NULL WHERE c.id = ?`);
  }

  private cached(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * (Re)writes the rows of notes from what is stored for them: title, section
   * headings and tags, text projection and diagram labels. Call inside the
   * transaction that saved the notes, after their sections; `replaced` are
   * those that had a row (they were stored, and not removed, before — or the
   * save brought a removed note back).
   */
  indexNotes(noteIds: number[], replaced: number[]): void {
    if (noteIds.length === 0) return;
    if (replaced.length > 0) this.deleteRows.run(JSON.stringify(replaced));
    this.insertNotes.run(JSON.stringify(noteIds));
  }

  /** The best `limit` rows of `source` matching an FTS5 expression, best first. */
  rank(source: SearchSource, match: string, limit: number): RankedRow[] {
    const table = TABLES[source];
    const sql = `SELECT rowid, ${rankOf(table)} AS score FROM ${table} WHERE ${table} MATCH ? ORDER BY score LIMIT ?`;
    return this.cached(sql).all(match, limit) as RankedRow[];
  }

  /**
   * The best `limit` notes for an FTS5 expression. When more notes match
   * than {@link RANK_ALL_CAP} (a word in nearly every note), only the most
   * recently added of them are ranked: on top of bm25's one pass over the
   * index for each phrase's document frequency, every ranked note costs a
   * read of its positions and sizes, and ranking thousands of passing
   * mentions would cost more than a keystroke should.
   */
  rankNotes(match: string, limit: number): RankedRow[] {
    const sql = `SELECT rowid, score FROM (
        SELECT rowid, ${rankOf('search_notes')} AS score FROM search_notes WHERE search_notes MATCH ? ORDER BY rowid DESC LIMIT ?
      ) ORDER BY score LIMIT ?`;
    return this.cached(sql).all(match, RANK_ALL_CAP, limit) as RankedRow[];
  }

  /** The best `limit` annotations of one note. */
  rankAnnotationsOfNote(noteId: number, match: string, limit: number): RankedRow[] {
    const sql = `SELECT search_annotations.rowid AS rowid, ${rankOf('search_annotations')} AS score FROM search_annotations
      JOIN search_annotation_keys k ON k.seq = search_annotations.rowid
      JOIN annotations a ON a.id = k.annotation_id
      WHERE search_annotations MATCH ? AND a.note_id = ? ORDER BY score LIMIT ?`;
    return this.cached(sql).all(match, noteId, limit) as RankedRow[];
  }

  /** A live note's title, path and text, for a hit. */
  note(rowid: number): NoteHitRecord | undefined {
    return this.noteById.get(rowid);
  }

  /** The labels of a note's diagrams (indexed with its text), by section. */
  diagramLabels(noteId: number): { sectionOrd: number | null; labels: string }[] {
    return this.diagramsOf.all(noteId).map((row) => ({ sectionOrd: row.section_ord, labels: row.labels }));
  }

  /** The annotation a row of search_annotations stands for. */
  annotation(rowid: number): AnnotationHitRecord | undefined {
    const row = this.annotationByRow.get(rowid);
    if (!row) return undefined;
    return {
      id: row.id,
      noteId: row.note_id,
      noteTitle: row.note_title ?? '',
      quote: row.quote_exact,
      comment: row.comment,
      tags: JSON.parse(row.tags) as string[],
      start: row.start_offset,
      end: row.end_offset,
    };
  }

  /** A concept with its aliases and the live note that defines it, if any. */
  concept(rowid: number): ConceptHitRecord | undefined {
    const row = this.conceptById.get(rowid);
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.name,
      aliases: JSON.parse(row.aliases) as string[],
      definition: row.definition,
      noteId: row.note_title === null ? null : row.definition_note_id,
      noteTitle: row.note_title,
      sectionOrd: row.note_title === null ? null : row.definition_section_ord,
    };
  }

  /** Writes the whole index again from the notes, annotations and concepts (benchmarks; repair). */
  rebuild(): void {
    this.db.transaction(() => writeWholeIndex(this.db))();
  }

  /** Merges the index's segments into one: after a large import, queries read fewer b-trees. */
  optimize(): void {
    this.db.exec("INSERT INTO search_notes (search_notes) VALUES ('optimize')");
  }

  /** Bytes the index takes on disk (its shadow tables), or null where SQLite lacks dbstat. */
  indexBytes(): number | null {
    try {
      return this.db
        .prepare("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE 'search\\_%' ESCAPE '\\'")
        .pluck()
        .get() as number;
    } catch {
      return null;
    }
  }
}
