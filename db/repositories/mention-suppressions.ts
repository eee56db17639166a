import type { Database, Statement } from 'better-sqlite3';

/** An underline the person turned off: the words that matched and their context, in one note, for one concept. */
export interface MentionSuppression {
  id: number;
  conceptId: number;
  noteId: number;
  exact: string;
  prefix: string;
  suffix: string;
  createdAt: string;
}

/** A suppression as a concept page lists it, with the note it is in. */
export interface MentionSuppressionListItem extends MentionSuppression {
  noteTitle: string;
}

interface SuppressionRow {
  id: number;
  concept_id: number;
  note_id: number;
  exact: string;
  prefix: string;
  suffix: string;
  created_at: string;
}

function toSuppression(row: SuppressionRow): MentionSuppression {
  return {
    id: row.id,
    conceptId: row.concept_id,
    noteId: row.note_id,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    createdAt: row.created_at,
  };
}

/** SQL for mention suppressions ("not this concept here"). */
export class MentionSuppressionRepository {
  private readonly insert: Statement;
  private readonly existing: Statement<[number, number, string, string, string], SuppressionRow>;
  private readonly byId: Statement<[number], SuppressionRow>;
  private readonly ofNote: Statement<[number], SuppressionRow>;
  private readonly ofConcept: Statement<[number], SuppressionRow & { note_title: string }>;
  private readonly remove: Statement<[number]>;

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO mention_suppressions (concept_id, note_id, exact, prefix, suffix, created_at)
      VALUES (@conceptId, @noteId, @exact, @prefix, @suffix, @now)`);
    this.existing = db.prepare(`SELECT * FROM mention_suppressions
      WHERE note_id = ? AND concept_id = ? AND exact = ? AND prefix = ? AND suffix = ?`);
    this.byId = db.prepare('SELECT * FROM mention_suppressions WHERE id = ?');
    this.ofNote = db.prepare('SELECT * FROM mention_suppressions WHERE note_id = ? ORDER BY id');
    this.ofConcept = db.prepare(`SELECT s.*, n.title AS note_title FROM mention_suppressions s
      JOIN notes n ON n.id = s.note_id AND n.removed_at IS NULL WHERE s.concept_id = ? ORDER BY n.path, s.id`);
    this.remove = db.prepare('DELETE FROM mention_suppressions WHERE id = ?');
  }

  /** Records a suppression (the same one twice is one row) and returns it. */
  add(s: Omit<MentionSuppression, 'id' | 'createdAt'>, now: string): MentionSuppression {
    this.insert.run({ ...s, now });
    return toSuppression(this.existing.get(s.noteId, s.conceptId, s.exact, s.prefix, s.suffix) as SuppressionRow);
  }

  get(id: number): MentionSuppression | undefined {
    const row = this.byId.get(id);
    return row ? toSuppression(row) : undefined;
  }

  /** Every suppression in a note, for finding its mentions. */
  inNote(noteId: number): MentionSuppression[] {
    return this.ofNote.all(noteId).map(toSuppression);
  }

  /** A concept's suppressions in live notes, for its page. */
  ofConceptWithNotes(conceptId: number): MentionSuppressionListItem[] {
    return this.ofConcept.all(conceptId).map((row) => ({ ...toSuppression(row), noteTitle: row.note_title }));
  }

  /** Turns the underline back on. */
  delete(id: number): boolean {
    return this.remove.run(id).changes > 0;
  }
}
