import type { Database, Statement } from 'better-sqlite3';
import type { NoteLinkRecord, ReadNote, SectionRecord } from '../../main/markdown/types.js';

/** Everything the importer stores for one version of a note: what the pipeline read, and the file it read it from. */
export interface NoteContent extends ReadNote {
  source: string;
  contentHash: string;
  byteSize: number;
}

export interface NoteSummary {
  id: number;
  libraryId: number;
  path: string;
  title: string;
  tags: string[];
  sectionCount: number;
  formulaCount: number;
  diagramCount: number;
  byteSize: number;
  updatedAt: string;
  removedAt: string | null;
}

export interface NoteRecord extends NoteSummary {
  frontMatter: Record<string, unknown>;
  source: string;
  contentHash: string;
  text: string;
  warnings: string[];
  createdAt: string;
}

/** What the importer needs to know about a stored note to decide whether to touch it. */
export interface StoredVersion {
  id: number;
  contentHash: string;
  isRemoved: boolean;
}

interface SummaryRow {
  id: number;
  library_id: number;
  path: string;
  title: string;
  tags: string;
  section_count: number;
  formula_count: number;
  diagram_count: number;
  byte_size: number;
  updated_at: string;
  removed_at: string | null;
}

interface NoteRow extends SummaryRow {
  front_matter: string;
  source: string;
  content_hash: string;
  text: string;
  warnings: string;
  created_at: string;
}

interface SectionRow {
  ord: number;
  level: number;
  title: string;
  slug: string;
  parent_ord: number | null;
  start_offset: number;
  end_offset: number;
}

const SUMMARY_COLUMNS = `n.id, n.library_id, n.path, n.title, n.tags, n.formula_count, n.diagram_count,
  n.byte_size, n.updated_at, n.removed_at,
  (SELECT COUNT(*) FROM sections s WHERE s.note_id = n.id) AS section_count`;

function toSummary(row: SummaryRow): NoteSummary {
  return {
    id: row.id,
    libraryId: row.library_id,
    path: row.path,
    title: row.title,
    tags: JSON.parse(row.tags) as string[],
    sectionCount: row.section_count,
    formulaCount: row.formula_count,
    diagramCount: row.diagram_count,
    byteSize: row.byte_size,
    updatedAt: row.updated_at,
    removedAt: row.removed_at,
  };
}

function toRecord(row: NoteRow): NoteRecord {
  return {
    ...toSummary(row),
    frontMatter: JSON.parse(row.front_matter) as Record<string, unknown>,
    source: row.source,
    contentHash: row.content_hash,
    text: row.text,
    warnings: JSON.parse(row.warnings) as string[],
    createdAt: row.created_at,
  };
}

/** SQL for notes and the rows derived from them (sections, formulas, diagrams, links). */
export class NoteRepository {
  private readonly db: Database;
  private readonly versions: Statement<[number], { id: number; path: string; content_hash: string; removed_at: string | null }>;
  private readonly formulasOf: Statement<[number], { tex: string; section_ord: number | null }>;
  private readonly insertNote: Statement;
  private readonly updateNote: Statement;
  private readonly restoreNote: Statement<[string, number]>;
  private readonly removeNote: Statement<[string, number]>;
  private readonly clearSections: Statement<[number]>;
  private readonly clearFormulas: Statement<[number]>;
  private readonly clearDiagrams: Statement<[number]>;
  private readonly clearLinks: Statement<[number]>;
  private readonly insertSection: Statement;
  private readonly insertFormula: Statement;
  private readonly insertDiagram: Statement;
  private readonly insertLink: Statement;
  private readonly byId: Statement<[number], NoteRow>;
  private readonly byPath: Statement<[number, string], NoteRow>;
  private readonly sectionsOf: Statement<[number], SectionRow>;
  private readonly linksOf: Statement<[number], NoteLinkRecord>;

  constructor(db: Database) {
    this.db = db;
    this.versions = db.prepare('SELECT id, path, content_hash, removed_at FROM notes WHERE library_id = ?');
    this.formulasOf = db.prepare('SELECT tex, section_ord FROM formulas WHERE note_id = ? ORDER BY ord');
    this.insertNote = db.prepare(`INSERT INTO notes
      (library_id, path, title, front_matter, tags, source, content_hash, text, formula_count,
       diagram_count, byte_size, warnings, created_at, updated_at)
      VALUES (@libraryId, @path, @title, @frontMatter, @tags, @source, @contentHash, @text,
       @formulaCount, @diagramCount, @byteSize, @warnings, @now, @now)`);
    this.updateNote = db.prepare(`UPDATE notes SET title = @title, front_matter = @frontMatter,
      tags = @tags, source = @source, content_hash = @contentHash, text = @text,
      formula_count = @formulaCount, diagram_count = @diagramCount, byte_size = @byteSize,
      warnings = @warnings, updated_at = @now, removed_at = NULL WHERE id = @id`);
    this.restoreNote = db.prepare('UPDATE notes SET removed_at = NULL, updated_at = ? WHERE id = ?');
    this.removeNote = db.prepare('UPDATE notes SET removed_at = ? WHERE id = ? AND removed_at IS NULL');
    this.clearSections = db.prepare('DELETE FROM sections WHERE note_id = ?');
    this.clearFormulas = db.prepare('DELETE FROM formulas WHERE note_id = ?');
    this.clearDiagrams = db.prepare('DELETE FROM diagrams WHERE note_id = ?');
    this.clearLinks = db.prepare('DELETE FROM note_links WHERE note_id = ?');
    this.insertSection = db.prepare(`INSERT INTO sections
      (note_id, ord, level, title, slug, parent_ord, start_offset, end_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertFormula = db.prepare('INSERT INTO formulas (note_id, ord, tex, is_display, section_ord) VALUES (?, ?, ?, ?, ?)');
    this.insertDiagram = db.prepare('INSERT INTO diagrams (note_id, ord, source, section_ord) VALUES (?, ?, ?, ?)');
    this.insertLink = db.prepare('INSERT INTO note_links (note_id, ord, kind, target, label) VALUES (?, ?, ?, ?, ?)');
    this.byId = db.prepare(`SELECT ${SUMMARY_COLUMNS}, n.front_matter, n.source, n.content_hash, n.text,
      n.warnings, n.created_at FROM notes n WHERE n.id = ?`);
    this.byPath = db.prepare(`SELECT ${SUMMARY_COLUMNS}, n.front_matter, n.source, n.content_hash, n.text,
      n.warnings, n.created_at FROM notes n WHERE n.library_id = ? AND n.path = ?`);
    this.sectionsOf = db.prepare(`SELECT ord, level, title, slug, parent_ord, start_offset, end_offset
      FROM sections WHERE note_id = ? ORDER BY ord`);
    this.linksOf = db.prepare('SELECT kind, target, label FROM note_links WHERE note_id = ? ORDER BY ord');
  }

  /** The stored version of every note of a library, keyed by path. */
  versionsIn(libraryId: number): Map<string, StoredVersion> {
    const map = new Map<string, StoredVersion>();
    for (const row of this.versions.all(libraryId)) {
      map.set(row.path, { id: row.id, contentHash: row.content_hash, isRemoved: row.removed_at !== null });
    }
    return map;
  }

  /** Inserts a new note, or replaces the content of `existingId`. Returns the note id. */
  save(libraryId: number, path: string, content: NoteContent, now: string, existingId?: number): number {
    const params = {
      libraryId,
      path,
      title: content.title,
      frontMatter: JSON.stringify(content.frontMatter),
      tags: JSON.stringify(content.tags),
      source: content.source,
      contentHash: content.contentHash,
      text: content.text,
      formulaCount: content.formulas.length,
      diagramCount: content.diagrams.length,
      byteSize: content.byteSize,
      warnings: JSON.stringify(content.warnings),
      now,
    };
    let id: number;
    if (existingId === undefined) {
      id = Number(this.insertNote.run(params).lastInsertRowid);
    } else {
      id = existingId;
      this.updateNote.run({ ...params, id });
      this.keepOwnTitle(id);
      this.clearSections.run(id);
      this.clearFormulas.run(id);
      this.clearDiagrams.run(id);
      this.clearLinks.run(id);
    }
    for (const s of content.sections) {
      this.insertSection.run(id, s.ord, s.level, s.title, s.slug, s.parentOrd, s.startOffset, s.endOffset);
    }
    content.formulas.forEach((f, ord) => this.insertFormula.run(id, ord, f.tex, f.isDisplay ? 1 : 0, f.sectionOrd));
    content.diagrams.forEach((d, ord) => this.insertDiagram.run(id, ord, d.source, d.sectionOrd));
    content.links.forEach((l, ord) => this.insertLink.run(id, ord, l.kind, l.target, l.label));
    return id;
  }

  /** Brings back a note whose file reappeared unchanged. */
  restore(id: number, now: string): void {
    this.restoreNote.run(now, id);
  }

  /** Marks a note whose file is gone. Its row (and, later, its annotations) stay. */
  markRemoved(id: number, now: string): void {
    this.removeNote.run(now, id);
  }

  list(filter: { libraryId?: number; includeRemoved?: boolean } = {}): NoteSummary[] {
    const where: string[] = [];
    const params: number[] = [];
    if (filter.libraryId !== undefined) {
      where.push('n.library_id = ?');
      params.push(filter.libraryId);
    }
    if (!filter.includeRemoved) where.push('n.removed_at IS NULL');
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM notes n ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY n.library_id, n.path`;
    return (this.db.prepare(sql).all(...params) as SummaryRow[]).map(toSummary);
  }

  /** Some note that is not removed (the oldest), or undefined in an empty store. */
  anyId(): number | undefined {
    const row = this.db.prepare('SELECT id FROM notes WHERE removed_at IS NULL ORDER BY id LIMIT 1').get() as { id: number } | undefined;
    return row?.id;
  }

  get(id: number): NoteRecord | undefined {
    const row = this.byId.get(id);
    return row ? toRecord(row) : undefined;
  }

  findByPath(libraryId: number, path: string): NoteRecord | undefined {
    const row = this.byPath.get(libraryId, path);
    return row ? toRecord(row) : undefined;
  }

  sections(noteId: number): SectionRecord[] {
    return this.sectionsOf.all(noteId).map((r) => ({
      ord: r.ord,
      level: r.level,
      title: r.title,
      slug: r.slug,
      parentOrd: r.parent_ord,
      startOffset: r.start_offset,
      endOffset: r.end_offset,
    }));
  }

  /**
   * A note's formulas in reading order (its text holds each one's TeX once,
   * in that order) with the section each is in: search snippets and the
   * table of contents show them readable.
   */
  formulas(noteId: number): { tex: string; sectionOrd: number | null }[] {
    return this.formulasOf.all(noteId).map((row) => ({ tex: row.tex, sectionOrd: row.section_ord }));
  }

  links(noteId: number): NoteLinkRecord[] {
    return this.linksOf.all(noteId);
  }

  /**
   * A re-imported note keeps the name the person gave it; the importer's new
   * title waits in imported_title. (Prepared here, not in the constructor, so
   * the repository still opens on a store not yet migrated to 0008.)
   */
  private keepOwnTitle(noteId: number): void {
    this.db
      .prepare('UPDATE notes SET imported_title = title, title = title_override WHERE id = ? AND title_override IS NOT NULL')
      .run(noteId);
  }

  /** The title the importer chose for a note and the person's own, if any; undefined for no such note. */
  titles(noteId: number): NoteTitles | undefined {
    const row = this.db.prepare('SELECT title, imported_title, title_override FROM notes WHERE id = ?').get(noteId) as
      { title: string; imported_title: string | null; title_override: string | null } | undefined;
    if (!row) return undefined;
    return { imported: row.title_override === null ? row.title : (row.imported_title ?? row.title), override: row.title_override };
  }

  /**
   * Gives a note the person's own title, or with null goes back to the one
   * the importer chose. Returns whether the note exists.
   */
  rename(noteId: number, title: string | null): boolean {
    const sql =
      title === null
        ? `UPDATE notes SET title = COALESCE(imported_title, title), imported_title = NULL, title_override = NULL WHERE id = @noteId`
        : `UPDATE notes SET imported_title = CASE WHEN title_override IS NULL THEN title ELSE imported_title END,
             title_override = @title, title = @title WHERE id = @noteId`;
    return this.db.prepare(sql).run(title === null ? { noteId } : { title, noteId }).changes > 0;
  }
}

/** A note's titles: the importer's, and the person's own (null: none). */
export interface NoteTitles {
  imported: string;
  override: string | null;
}
