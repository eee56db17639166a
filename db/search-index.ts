import type { Database } from 'better-sqlite3';

/**
 * What the full-text index holds, said once. Migration 0004 made the three
 * FTS5 tables (search_notes, search_concepts, search_annotations: columns
 * title, headings, body, weighted in that order); what goes into a row is
 * the view below of its kind, which the triggers that keep the index in step,
 * the importer's writes (SearchRepository.indexNotes) and a rebuild all read.
 *
 * To change what is indexed, change a view here and bump
 * SEARCH_INDEX_VERSION: the next openStore makes the views and triggers anew
 * and writes the index again from what the store holds (a few seconds for
 * 10,000 notes, once). No migration pastes the SQL again.
 */
export const SEARCH_INDEX_VERSION = 1;

/** The settings key holding the version the store's search views, triggers and rows were made with. */
const VERSION_KEY = 'searchIndexVersion';

/**
 * A note's row: its title; its section headings and tags; its text
 * projection and the labels of its diagrams. Removed notes have none.
 */
const NOTE_ROWS = `CREATE VIEW search_note_rows AS
  SELECT n.id AS id, lattice_search_text(n.title) AS title,
    lattice_search_text(COALESCE((SELECT group_concat(s.title, char(10)) FROM sections s WHERE s.note_id = n.id), '')
      || char(10) || COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(n.tags) t), '')) AS headings,
    lattice_search_text(n.text || char(10)
      || COALESCE((SELECT group_concat(lattice_diagram_labels(d.source), char(10)) FROM diagrams d WHERE d.note_id = n.id), '')) AS body
  FROM notes n WHERE n.removed_at IS NULL`;

/** An annotation's row (its rowid is its search_annotation_keys.seq): its tags; its quote and comment. */
const ANNOTATION_ROWS = `CREATE VIEW search_annotation_rows AS
  SELECT k.seq AS id, a.id AS annotation_id, '' AS title,
    lattice_search_text(COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(a.tags) t), '')) AS headings,
    lattice_search_text(a.quote_exact || char(10) || a.comment) AS body
  FROM annotations a JOIN search_annotation_keys k ON k.annotation_id = a.id`;

/** A concept's row: its name; its aliases (not those the person removed); its definition. */
const CONCEPT_ROWS = `CREATE VIEW search_concept_rows AS
  SELECT c.id AS id, lattice_search_text(c.name) AS title,
    lattice_search_text(COALESCE((SELECT group_concat(a.alias, char(10)) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0), '')) AS headings,
    lattice_search_text(c.definition) AS body
  FROM concepts c`;

const INSERT_NOTE = 'INSERT INTO search_notes (rowid, title, headings, body) SELECT id, title, headings, body FROM search_note_rows';
const INSERT_ANNOTATION =
  'INSERT INTO search_annotations (rowid, title, headings, body) SELECT id, title, headings, body FROM search_annotation_rows';
const INSERT_CONCEPT =
  'INSERT INTO search_concepts (rowid, title, headings, body) SELECT id, title, headings, body FROM search_concept_rows';

/** Writes the rows of the notes whose ids are a JSON array (the first `?`), inside the caller's transaction. */
export const INSERT_NOTE_ROWS = `${INSERT_NOTE} WHERE id IN (SELECT value FROM json_each(?))`;

/**
 * Triggers keep annotation and concept rows in step with every path that
 * changes them (the API, re-anchoring, Web Annotation import, concept
 * derivation, merge, rename, aliases), in the same transaction as the change.
 * Notes are indexed by the importer, inside the note's savepoint once its
 * sections are written; a note whose file is gone leaves the index and comes
 * back when the file does.
 */
const TRIGGERS: Record<string, string> = {
  search_note_removed: `AFTER UPDATE OF removed_at ON notes WHEN old.removed_at IS NULL AND new.removed_at IS NOT NULL BEGIN
    DELETE FROM search_notes WHERE rowid = old.id;
  END`,
  search_note_restored: `AFTER UPDATE OF removed_at ON notes WHEN old.removed_at IS NOT NULL AND new.removed_at IS NULL BEGIN
    ${INSERT_NOTE} WHERE id = new.id;
  END`,
  search_note_deleted: `AFTER DELETE ON notes WHEN old.removed_at IS NULL BEGIN
    DELETE FROM search_notes WHERE rowid = old.id;
  END`,
  // Annotations have UUIDs; the index needs an integer rowid for each.
  search_annotation_added: `AFTER INSERT ON annotations BEGIN
    INSERT INTO search_annotation_keys (annotation_id) VALUES (new.id);
    ${INSERT_ANNOTATION} WHERE annotation_id = new.id;
  END`,
  search_annotation_changed: `AFTER UPDATE OF quote_exact, comment, tags ON annotations BEGIN
    DELETE FROM search_annotations WHERE rowid = (SELECT seq FROM search_annotation_keys WHERE annotation_id = old.id);
    ${INSERT_ANNOTATION} WHERE annotation_id = new.id;
  END`,
  search_annotation_deleted: `AFTER DELETE ON annotations BEGIN
    DELETE FROM search_annotations WHERE rowid = (SELECT seq FROM search_annotation_keys WHERE annotation_id = old.id);
    DELETE FROM search_annotation_keys WHERE annotation_id = old.id;
  END`,
  search_concept_added: `AFTER INSERT ON concepts BEGIN
    ${INSERT_CONCEPT} WHERE id = new.id;
  END`,
  search_concept_changed: `AFTER UPDATE OF name, definition ON concepts BEGIN
    DELETE FROM search_concepts WHERE rowid = old.id;
    ${INSERT_CONCEPT} WHERE id = new.id;
  END`,
  search_concept_deleted: `AFTER DELETE ON concepts BEGIN
    DELETE FROM search_concepts WHERE rowid = old.id;
  END`,
  // An alias changed: its concept's row is written again. The concept may be
  // gone already (its aliases are deleted with it), and then there is no row.
  search_alias_added: `AFTER INSERT ON concept_aliases WHEN EXISTS (SELECT 1 FROM concepts WHERE id = new.concept_id) BEGIN
    DELETE FROM search_concepts WHERE rowid = new.concept_id;
    ${INSERT_CONCEPT} WHERE id = new.concept_id;
  END`,
  search_alias_changed: `AFTER UPDATE ON concept_aliases BEGIN
    DELETE FROM search_concepts WHERE rowid = old.concept_id AND EXISTS (SELECT 1 FROM concepts WHERE id = old.concept_id);
    ${INSERT_CONCEPT} WHERE id = old.concept_id;
    DELETE FROM search_concepts WHERE rowid = new.concept_id
      AND new.concept_id <> old.concept_id AND EXISTS (SELECT 1 FROM concepts WHERE id = new.concept_id);
    ${INSERT_CONCEPT} WHERE id = new.concept_id AND new.concept_id <> old.concept_id;
  END`,
  search_alias_deleted: `AFTER DELETE ON concept_aliases WHEN EXISTS (SELECT 1 FROM concepts WHERE id = old.concept_id) BEGIN
    DELETE FROM search_concepts WHERE rowid = old.concept_id;
    ${INSERT_CONCEPT} WHERE id = old.concept_id;
  END`,
};

/** Empties the three tables and writes every row again from the views (inside the caller's transaction). */
export function writeWholeIndex(db: Database): void {
  for (const table of ['search_notes', 'search_annotations', 'search_concepts'])
    db.exec(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`);
  db.exec(INSERT_NOTE);
  db.exec(INSERT_ANNOTATION);
  db.exec(INSERT_CONCEPT);
}

/**
 * Brings the store's search views, triggers and rows to SEARCH_INDEX_VERSION
 * (after the migrations, which made the tables): at once on a store already
 * there, a no-op on every later open. One immediate transaction, so two
 * processes opening the same store do it once.
 */
export function ensureSearchIndex(db: Database): void {
  const versionOf = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  if (versionOf.get(VERSION_KEY) === String(SEARCH_INDEX_VERSION)) return;
  db.transaction(() => {
    if (versionOf.get(VERSION_KEY) === String(SEARCH_INDEX_VERSION)) return;
    for (const view of ['search_note_rows', 'search_annotation_rows', 'search_concept_rows']) db.exec(`DROP VIEW IF EXISTS ${view}`);
    db.exec(NOTE_ROWS);
    db.exec(ANNOTATION_ROWS);
    db.exec(CONCEPT_ROWS);
    for (const [name, body] of Object.entries(TRIGGERS)) {
      db.exec(`DROP TRIGGER IF EXISTS ${name}`);
      db.exec(`CREATE TRIGGER ${name} ${body}`);
    }
    writeWholeIndex(db);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      VERSION_KEY,
      String(SEARCH_INDEX_VERSION),
    );
  }).immediate();
}
