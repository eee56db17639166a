import type { Database, Statement } from 'better-sqlite3';

/** What is stored for one note, counted, to compare with what a clean import stores for the same file. */
export interface StoredNoteFacts {
  id: number;
  libraryId: number;
  path: string;
  contentHash: string;
  title: string;
  textLength: number;
  sections: number;
  formulas: number;
  diagrams: number;
  links: number;
  /** Whether the search index holds a row for the note. */
  isIndexed: boolean;
  /** The questions of its cards that are not orphans, sorted (a duplicate shows twice). */
  cardQuestions: string[];
  /** Its concept mention rows (found after an import, by a background job). */
  mentions: number;
}

interface FactsRow {
  id: number;
  library_id: number;
  path: string;
  content_hash: string;
  title: string;
  text_length: number;
  sections: number;
  formulas: number;
  diagrams: number;
  links: number;
  is_indexed: number;
  mentions: number;
}

const FTS_TABLES = ['search_notes', 'search_concepts', 'search_annotations'] as const;

/**
 * Read-only checks of a whole store, for the crash checks (scripts/check-crash-*.ts):
 * whether SQLite finds the file sound, and what is stored per note.
 */
export class StoreHealthRepository {
  private readonly facts: Statement<[], FactsRow>;
  private readonly questions: Statement<[number], string>;
  private readonly strayIndexRows: Statement<[], number>;

  constructor(private readonly db: Database) {
    this.facts = db.prepare(`SELECT n.id, n.library_id, n.path, n.content_hash, n.title, length(n.text) AS text_length,
        (SELECT COUNT(*) FROM sections s WHERE s.note_id = n.id) AS sections,
        (SELECT COUNT(*) FROM formulas f WHERE f.note_id = n.id) AS formulas,
        (SELECT COUNT(*) FROM diagrams d WHERE d.note_id = n.id) AS diagrams,
        (SELECT COUNT(*) FROM note_links l WHERE l.note_id = n.id) AS links,
        EXISTS (SELECT 1 FROM search_notes_docsize z WHERE z.id = n.id) AS is_indexed,
        (SELECT COUNT(*) FROM concept_mentions m WHERE m.note_id = n.id) AS mentions
      FROM notes n WHERE n.removed_at IS NULL ORDER BY n.id`);
    this.questions = db
      .prepare('SELECT question_exact FROM cards WHERE note_id = ? AND is_orphan = 0 ORDER BY question_exact')
      .pluck() as Statement<[number], string>;
    this.strayIndexRows = db
      .prepare(
        'SELECT COUNT(*) FROM search_notes_docsize z WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.id = z.id AND n.removed_at IS NULL)',
      )
      .pluck() as Statement<[], number>;
  }

  /**
   * What SQLite finds wrong with the file: `PRAGMA integrity_check` (pages,
   * indexes, constraints), the foreign keys, and each full-text index's own
   * integrity check. Empty when the store is sound.
   */
  problems(): string[] {
    const found: string[] = [];
    const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
    for (const row of integrity) if (row.integrity_check !== 'ok') found.push(`integrity_check: ${row.integrity_check}`);
    const foreignKeys = this.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    for (const row of foreignKeys) found.push(`foreign key: ${row.table} row ${row.rowid} points at a missing ${row.parent}`);
    for (const table of FTS_TABLES) {
      try {
        this.db.prepare(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`).run();
      } catch (error) {
        found.push(`${table}: ${(error as Error).message}`);
      }
    }
    const stray = this.strayIndexRows.get() ?? 0;
    if (stray > 0) found.push(`search_notes: ${stray} rows for notes that are not stored`);
    return found;
  }

  /** How many stored (not removed) notes are at one of `hashes`: cheap enough to ask every few milliseconds during an import. */
  countAt(hashes: Set<string>): number {
    const stored = this.db.prepare('SELECT content_hash FROM notes WHERE removed_at IS NULL').pluck().all() as string[];
    return stored.filter((hash) => hashes.has(hash)).length;
  }

  /** Every stored (not removed) note's facts. */
  noteFacts(): StoredNoteFacts[] {
    return this.facts.all().map((row) => ({
      id: row.id,
      libraryId: row.library_id,
      path: row.path,
      contentHash: row.content_hash,
      title: row.title,
      textLength: row.text_length,
      sections: row.sections,
      formulas: row.formulas,
      diagrams: row.diagrams,
      links: row.links,
      isIndexed: row.is_indexed === 1,
      cardQuestions: this.questions.all(row.id),
      mentions: row.mentions,
    }));
  }
}
