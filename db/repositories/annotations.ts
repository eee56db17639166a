import type { Database, Statement } from 'better-sqlite3';

import type { AnnotationColor } from '../../common/annotation-colors.js';

export type { AnnotationColor };
export type AnchorState = 'anchored' | 'orphan';

/** Where an annotation points: W3C TextQuote + TextPosition selectors for one note version. */
export interface AnnotationAnchor {
  quoteExact: string;
  quotePrefix: string;
  quoteSuffix: string;
  /** UTF-16 code units into the note's text projection. */
  start: number;
  end: number;
  contentHash: string;
}

export interface AnnotationRecord extends AnnotationAnchor {
  id: string;
  noteId: number;
  color: AnnotationColor;
  comment: string;
  tags: string[];
  state: AnchorState;
  orphanedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationQuery {
  noteId?: number;
  color?: AnnotationColor;
  tag?: string;
  text?: string;
  state?: AnchorState;
}

interface AnnotationRow {
  id: string;
  note_id: number;
  quote_exact: string;
  quote_prefix: string;
  quote_suffix: string;
  start_offset: number;
  end_offset: number;
  content_hash: string;
  color: AnnotationColor;
  comment: string;
  tags: string;
  state: AnchorState;
  orphaned_at: string | null;
  created_at: string;
  updated_at: string;
}

function toRecord(row: AnnotationRow): AnnotationRecord {
  return {
    id: row.id,
    noteId: row.note_id,
    quoteExact: row.quote_exact,
    quotePrefix: row.quote_prefix,
    quoteSuffix: row.quote_suffix,
    start: row.start_offset,
    end: row.end_offset,
    contentHash: row.content_hash,
    color: row.color,
    comment: row.comment,
    tags: JSON.parse(row.tags) as string[],
    state: row.state,
    orphanedAt: row.orphaned_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** SQL for annotations. Rows are only ever removed by delete(): the person's explicit choice. */
export class AnnotationRepository {
  private readonly db: Database;
  private readonly insertRow: Statement;
  private readonly byId: Statement<[string], AnnotationRow>;
  private readonly ofNote: Statement<[number], AnnotationRow>;
  private readonly removeRow: Statement<[string]>;
  private readonly anchorRow: Statement;
  private readonly orphanRow: Statement<[string, string, string]>;
  private readonly editRow: Statement;

  constructor(db: Database) {
    this.db = db;
    this.insertRow = db.prepare(`INSERT INTO annotations
      (id, note_id, quote_exact, quote_prefix, quote_suffix, start_offset, end_offset, content_hash,
       color, comment, tags, state, orphaned_at, created_at, updated_at)
      VALUES (@id, @noteId, @quoteExact, @quotePrefix, @quoteSuffix, @start, @end, @contentHash,
       @color, @comment, @tags, @state, @orphanedAt, @createdAt, @updatedAt)`);
    this.byId = db.prepare('SELECT * FROM annotations WHERE id = ?');
    this.ofNote = db.prepare('SELECT * FROM annotations WHERE note_id = ? ORDER BY start_offset, end_offset, created_at');
    this.removeRow = db.prepare('DELETE FROM annotations WHERE id = ?');
    this.anchorRow = db.prepare(`UPDATE annotations SET quote_exact = @quoteExact, quote_prefix = @quotePrefix,
      quote_suffix = @quoteSuffix, start_offset = @start, end_offset = @end, content_hash = @contentHash,
      state = 'anchored', orphaned_at = NULL, updated_at = @now WHERE id = @id`);
    // An orphan keeps its last good selectors: the person decides what happens to it.
    this.orphanRow = db.prepare(`UPDATE annotations SET state = 'orphan',
      orphaned_at = COALESCE(orphaned_at, ?), updated_at = ? WHERE id = ?`);
    this.editRow = db.prepare(`UPDATE annotations SET color = @color, comment = @comment, tags = @tags,
      updated_at = @now WHERE id = @id`);
  }

  insert(record: AnnotationRecord): void {
    this.insertRow.run({ ...record, tags: JSON.stringify(record.tags) });
  }

  get(id: string): AnnotationRecord | undefined {
    const row = this.byId.get(id);
    return row ? toRecord(row) : undefined;
  }

  /** A note's annotations in reading order. */
  forNote(noteId: number): AnnotationRecord[] {
    return this.ofNote.all(noteId).map(toRecord);
  }

  /** Annotations matching every given filter, by note then position. */
  list(query: AnnotationQuery = {}): AnnotationRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.noteId !== undefined) {
      where.push('a.note_id = ?');
      params.push(query.noteId);
    }
    if (query.color) {
      where.push('a.color = ?');
      params.push(query.color);
    }
    if (query.state) {
      where.push('a.state = ?');
      params.push(query.state);
    }
    if (query.tag) {
      where.push('EXISTS (SELECT 1 FROM json_each(a.tags) t WHERE t.value = ?)');
      params.push(query.tag);
    }
    for (const word of (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
      where.push('(instr(lower(a.quote_exact), ?) > 0 OR instr(lower(a.comment), ?) > 0 OR instr(lower(a.tags), ?) > 0)');
      params.push(word, word, word);
    }
    const sql = `SELECT a.* FROM annotations a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.note_id, a.start_offset, a.created_at`;
    return (this.db.prepare(sql).all(...params) as AnnotationRow[]).map(toRecord);
  }

  /** Stores new selectors after a successful (re-)anchoring; an orphan becomes anchored again. */
  setAnchor(id: string, anchor: AnnotationAnchor, now: string): void {
    this.anchorRow.run({ ...anchor, id, now });
  }

  markOrphan(id: string, now: string): void {
    this.orphanRow.run(now, now, id);
  }

  edit(id: string, fields: { color: AnnotationColor; comment: string; tags: string[] }, now: string): void {
    this.editRow.run({ ...fields, tags: JSON.stringify(fields.tags), id, now });
  }

  delete(id: string): boolean {
    return this.removeRow.run(id).changes > 0;
  }
}
