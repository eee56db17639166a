import type { Database, Statement } from 'better-sqlite3';

/** A concept with the note it belongs to, for the overview of the whole graph. */
export interface ConceptHomeRecord {
  id: number;
  name: string;
  linkCount: number;
  /** The note the concept belongs to: where it is defined, else the first note it was drawn in, else where it is mentioned most. */
  noteId: number | null;
  noteTitle: string | null;
  notePath: string | null;
}

interface HomeRow {
  id: number;
  name: string;
  link_count: number;
  note_id: number | null;
  note_title: string | null;
  note_path: string | null;
}

/** Links a reader sees, as in concepts.ts: not tombstones, not from notes whose file is gone. */
const LIVE_LINK = `l.is_deleted = 0 AND (l.note_id IS NULL OR EXISTS (SELECT 1 FROM notes n WHERE n.id = l.note_id AND n.removed_at IS NULL))`;

/**
 * SQL for looking at the concept graph as a whole: which note each concept
 * belongs to. Kept apart from ConceptRepository, which owns derivation and
 * the person's edits.
 */
export class ConceptOverviewRepository {
  private readonly homesOf: Statement<[{ like: string | null }], HomeRow>;

  constructor(db: Database) {
    // The home note is the first of: the live note its definition comes from;
    // the live note with a heading that names it; the live note of its oldest
    // derived link (either end); the live note that mentions it most. Each is
    // an index lookup per concept.
    this.homesOf = db.prepare(`SELECT h.id, h.name, h.link_count, h.home AS note_id, n.title AS note_title, n.path AS note_path
      FROM (SELECT c.id, c.name,
          (SELECT COUNT(*) FROM concept_links l WHERE (l.from_concept_id = c.id OR l.to_concept_id = c.id) AND ${LIVE_LINK}) AS link_count,
          COALESCE(
            (SELECT d.id FROM notes d WHERE d.id = c.definition_note_id AND d.removed_at IS NULL),
            (SELECT m.note_id FROM concept_mentions m JOIN notes d ON d.id = m.note_id AND d.removed_at IS NULL
              WHERE m.concept_id = c.id AND m.kind = 'defines' ORDER BY m.occurrences DESC, m.note_id LIMIT 1),
            (SELECT note_id FROM (
                SELECT l.id, l.note_id FROM concept_links l JOIN notes d ON d.id = l.note_id AND d.removed_at IS NULL
                  WHERE l.from_concept_id = c.id AND l.source = 'note'
                UNION ALL
                SELECT l.id, l.note_id FROM concept_links l JOIN notes d ON d.id = l.note_id AND d.removed_at IS NULL
                  WHERE l.to_concept_id = c.id AND l.source = 'note')
              ORDER BY id LIMIT 1),
            (SELECT m.note_id FROM concept_mentions m JOIN notes d ON d.id = m.note_id AND d.removed_at IS NULL
              WHERE m.concept_id = c.id ORDER BY m.kind, m.occurrences DESC, m.note_id LIMIT 1)
          ) AS home
        FROM concepts c
        WHERE @like IS NULL OR c.name LIKE @like ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0 AND a.alias LIKE @like ESCAPE '\\')) h
      LEFT JOIN notes n ON n.id = h.home
      ORDER BY n.path IS NULL, n.library_id, n.path, h.name`);
  }

  /**
   * Every concept (or those whose name or alias contains `q`) with its home
   * note, ordered by library, the note's path and then by name; concepts in no note last.
   */
  homes(q?: string): ConceptHomeRecord[] {
    const like = q ? `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
    return this.homesOf.all({ like }).map((r) => ({
      id: r.id,
      name: r.name,
      linkCount: r.link_count,
      noteId: r.note_id,
      noteTitle: r.note_title,
      notePath: r.note_path,
    }));
  }
}
