-- Full-text search over notes, annotations and concepts (see db/search-text.ts
-- for how Chinese is tokenised). One FTS5 table per kind of hit: a query for
-- concepts reads only concept rows (a rowid range over one shared table still
-- walks every note's positions). The rowids are notes.id, concepts.id and
-- search_annotation_keys.seq.
-- Columns, weighted in that order by the queries: title (note title, concept
-- name), headings (section headings and tags, concept aliases, annotation
-- tags), body (note text projection and diagram labels, concept definition,
-- annotation quote and comment).
--
-- Contentless: the text is in notes/annotations/concepts already, and
-- snippets are cut from there, so the index holds only tokens and positions
-- (a copy would double the store). contentless_delete lets a row be replaced.
-- The text goes through lattice_search_text(), registered on every connection.
CREATE VIRTUAL TABLE search_notes USING fts5(
  title, headings, body,
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co'"
);

CREATE VIRTUAL TABLE search_concepts USING fts5(
  title, headings, body,
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co'"
);

CREATE VIRTUAL TABLE search_annotations USING fts5(
  title, headings, body,
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co'"
);

-- Bulk imports add many small segments; merging fewer, larger runs at a time
-- costs less write work per note imported (measured with npm run bench:import).
INSERT INTO search_notes (search_notes, rank) VALUES ('automerge', 16);

-- Annotations have UUIDs; the index needs an integer rowid for each.
CREATE TABLE search_annotation_keys (
  seq           INTEGER PRIMARY KEY,
  annotation_id TEXT NOT NULL UNIQUE
);

-- Notes are indexed by the importer (db/repositories/search.ts, inside the
-- note's savepoint, once its sections are written). A note whose file is gone
-- leaves the index and comes back when the file does.
CREATE TRIGGER search_note_removed AFTER UPDATE OF removed_at ON notes
WHEN old.removed_at IS NULL AND new.removed_at IS NOT NULL BEGIN
  DELETE FROM search_notes WHERE rowid = old.id;
END;

CREATE TRIGGER search_note_restored AFTER UPDATE OF removed_at ON notes
WHEN old.removed_at IS NOT NULL AND new.removed_at IS NULL BEGIN
  INSERT INTO search_notes (rowid, title, headings, body)
  SELECT n.id, lattice_search_text(n.title),
    lattice_search_text(COALESCE((SELECT group_concat(s.title, char(10)) FROM sections s WHERE s.note_id = n.id), '')
      || char(10) || COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(n.tags) t), '')),
    lattice_search_text(n.text || char(10)
      || COALESCE((SELECT group_concat(lattice_diagram_labels(d.source), char(10)) FROM diagrams d WHERE d.note_id = n.id), ''))
  FROM notes n WHERE n.id = new.id;
END;

CREATE TRIGGER search_note_deleted AFTER DELETE ON notes
WHEN old.removed_at IS NULL BEGIN
  DELETE FROM search_notes WHERE rowid = old.id;
END;

-- Annotations and concepts change through many paths (the API, re-anchoring,
-- Web Annotation import, concept derivation, merge, rename, aliases), so
-- triggers keep their rows in step, in the same transaction as the change.
CREATE TRIGGER search_annotation_added AFTER INSERT ON annotations BEGIN
  INSERT INTO search_annotation_keys (annotation_id) VALUES (new.id);
  INSERT INTO search_annotations (rowid, title, headings, body)
  SELECT k.seq, '',
    lattice_search_text(COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(new.tags) t), '')),
    lattice_search_text(new.quote_exact || char(10) || new.comment)
  FROM search_annotation_keys k WHERE k.annotation_id = new.id;
END;

CREATE TRIGGER search_annotation_changed AFTER UPDATE OF quote_exact, comment, tags ON annotations BEGIN
  DELETE FROM search_annotations WHERE rowid = (SELECT seq FROM search_annotation_keys WHERE annotation_id = old.id);
  INSERT INTO search_annotations (rowid, title, headings, body)
  SELECT k.seq, '',
    lattice_search_text(COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(new.tags) t), '')),
    lattice_search_text(new.quote_exact || char(10) || new.comment)
  FROM search_annotation_keys k WHERE k.annotation_id = new.id;
END;

CREATE TRIGGER search_annotation_deleted AFTER DELETE ON annotations BEGIN
  DELETE FROM search_annotations WHERE rowid = (SELECT seq FROM search_annotation_keys WHERE annotation_id = old.id);
  DELETE FROM search_annotation_keys WHERE annotation_id = old.id;
END;

CREATE TRIGGER search_concept_added AFTER INSERT ON concepts BEGIN
  INSERT INTO search_concepts (rowid, title, headings, body)
  VALUES (new.id, lattice_search_text(new.name), '', lattice_search_text(new.definition));
END;

CREATE TRIGGER search_concept_changed AFTER UPDATE OF name, definition ON concepts BEGIN
  DELETE FROM search_concepts WHERE rowid = old.id;
  INSERT INTO search_concepts (rowid, title, headings, body)
  SELECT c.id, lattice_search_text(c.name),
    lattice_search_text(COALESCE((SELECT group_concat(a.alias, char(10)) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0), '')),
    lattice_search_text(c.definition)
  FROM concepts c WHERE c.id = new.id;
END;

CREATE TRIGGER search_concept_deleted AFTER DELETE ON concepts BEGIN
  DELETE FROM search_concepts WHERE rowid = old.id;
END;

-- An alias changed: its concept's row is written again. The concept may be
-- gone already (its aliases are deleted with it), and then there is no row.
CREATE TRIGGER search_alias_added AFTER INSERT ON concept_aliases
WHEN EXISTS (SELECT 1 FROM concepts WHERE id = new.concept_id) BEGIN
  DELETE FROM search_concepts WHERE rowid = new.concept_id;
  INSERT INTO search_concepts (rowid, title, headings, body)
  SELECT c.id, lattice_search_text(c.name),
    lattice_search_text(COALESCE((SELECT group_concat(a.alias, char(10)) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0), '')),
    lattice_search_text(c.definition)
  FROM concepts c WHERE c.id = new.concept_id;
END;

CREATE TRIGGER search_alias_changed AFTER UPDATE ON concept_aliases BEGIN
  DELETE FROM search_concepts WHERE rowid = old.concept_id
    AND EXISTS (SELECT 1 FROM concepts WHERE id = old.concept_id);
  INSERT INTO search_concepts (rowid, title, headings, body)
  SELECT c.id, lattice_search_text(c.name),
    lattice_search_text(COALESCE((SELECT group_concat(a.alias, char(10)) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0), '')),
    lattice_search_text(c.definition)
  FROM concepts c WHERE c.id = old.concept_id;
  DELETE FROM search_concepts WHERE rowid = new.concept_id
    AND new.concept_id <> old.concept_id AND EXISTS (SELECT 1 FROM concepts WHERE id = new.concept_id);
  INSERT INTO search_concepts (rowid, title, headings, body)
  SELECT c.id, lattice_search_text(c.name),
    lattice_search_text(COALESCE((SELECT group_concat(a.alias, char(10)) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0), '')),
    lattice_search_text(c.definition)
  FROM concepts c WHERE c.id = new.concept_id AND new.concept_id <> old.concept_id;
END;

CREATE TRIGGER search_alias_deleted AFTER DELETE ON concept_aliases
WHEN EXISTS (SELECT 1 FROM concepts WHERE id = old.concept_id) BEGIN
  DELETE FROM search_concepts WHERE rowid = old.concept_id;
  INSERT INTO search_concepts (rowid, title, headings, body)
  SELECT c.id, lattice_search_text(c.name),
    lattice_search_text(COALESCE((SELECT group_concat(a.alias, char(10)) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0), '')),
    lattice_search_text(c.definition)
  FROM concepts c WHERE c.id = old.concept_id;
END;

-- What a store holds already goes into the index now.
INSERT INTO search_notes (rowid, title, headings, body)
SELECT n.id, lattice_search_text(n.title),
  lattice_search_text(COALESCE((SELECT group_concat(s.title, char(10)) FROM sections s WHERE s.note_id = n.id), '')
    || char(10) || COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(n.tags) t), '')),
  lattice_search_text(n.text || char(10)
      || COALESCE((SELECT group_concat(lattice_diagram_labels(d.source), char(10)) FROM diagrams d WHERE d.note_id = n.id), ''))
FROM notes n WHERE n.removed_at IS NULL;

INSERT INTO search_annotation_keys (annotation_id) SELECT id FROM annotations ORDER BY created_at, id;

INSERT INTO search_annotations (rowid, title, headings, body)
SELECT k.seq, '',
  lattice_search_text(COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(a.tags) t), '')),
  lattice_search_text(a.quote_exact || char(10) || a.comment)
FROM annotations a JOIN search_annotation_keys k ON k.annotation_id = a.id;

INSERT INTO search_concepts (rowid, title, headings, body)
SELECT c.id, lattice_search_text(c.name),
  lattice_search_text(COALESCE((SELECT group_concat(a.alias, char(10)) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0), '')),
  lattice_search_text(c.definition)
FROM concepts c;
