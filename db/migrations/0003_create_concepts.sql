-- Concepts and the typed links between them. Rows come from two sources:
-- derived from notes at import (re-derived per note, inside the note's
-- savepoint) and made by the person. Derived rows never overwrite what the
-- person made: user links and tombstones decide a pair of concepts, user
-- aliases and removed aliases stay, and user-edited names and definitions are
-- flagged so re-derivation leaves them alone.
CREATE TABLE concepts (
  id                        INTEGER PRIMARY KEY,
  name                      TEXT NOT NULL COLLATE NOCASE UNIQUE,
  definition                TEXT NOT NULL DEFAULT '',
  definition_note_id        INTEGER REFERENCES notes(id) ON DELETE SET NULL,
  definition_section_ord    INTEGER,
  is_user_created           INTEGER NOT NULL DEFAULT 0 CHECK (is_user_created IN (0, 1)),
  is_name_user_edited       INTEGER NOT NULL DEFAULT 0 CHECK (is_name_user_edited IN (0, 1)),
  is_definition_user_edited INTEGER NOT NULL DEFAULT 0 CHECK (is_definition_user_edited IN (0, 1)),
  created_at                TEXT NOT NULL,
  updated_at                TEXT NOT NULL
);

-- One alias names one concept. A removed alias stays as a row (is_removed = 1)
-- so that re-import does not bring back what the person took away.
CREATE TABLE concept_aliases (
  concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
  alias      TEXT NOT NULL COLLATE NOCASE UNIQUE,
  source     TEXT NOT NULL CHECK (source IN ('derived', 'user')),
  is_removed INTEGER NOT NULL DEFAULT 0 CHECK (is_removed IN (0, 1)),
  CHECK (is_removed = 0 OR source = 'user')
);

CREATE INDEX concept_aliases_by_concept ON concept_aliases(concept_id);

-- A link from one concept to another. Links from notes carry the note and
-- are replaced when the note is re-imported. A user row (a link, or a
-- tombstone with is_deleted = 1 for a derived link the person deleted or
-- retyped) settles the pair: no derived link from -> to is added beside it.
CREATE TABLE concept_links (
  id              INTEGER PRIMARY KEY,
  from_concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
  to_concept_id   INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
  type            TEXT NOT NULL CHECK (type IN ('leads-to', 'is-a', 'part-of', 'prerequisite-of', 'variant-of', 'contrasts-with', 'related')),
  label           TEXT NOT NULL DEFAULT '',
  source          TEXT NOT NULL CHECK (source IN ('note', 'user')),
  note_id         INTEGER REFERENCES notes(id) ON DELETE CASCADE,
  is_deleted      INTEGER NOT NULL DEFAULT 0 CHECK (is_deleted IN (0, 1)),
  created_at      TEXT NOT NULL,
  CHECK (from_concept_id <> to_concept_id),
  CHECK (source = 'user' OR note_id IS NOT NULL),
  CHECK (is_deleted = 0 OR source = 'user')
);

-- Derivation asks "did the person settle this pair?" and "does this note have
-- the link already?" for every edge: both must stay index lookups however
-- many notes draw the same edge.
CREATE INDEX concept_links_by_pair ON concept_links(from_concept_id, to_concept_id, source, note_id);
CREATE INDEX concept_links_by_target ON concept_links(to_concept_id);
CREATE INDEX concept_links_by_note ON concept_links(note_id);

-- Where a note defines (a heading naming the concept) or mentions a concept:
-- one row per note, kind and concept, at the first occurrence, with how often
-- it occurs and `section_ords`, a JSON array of every section it occurs in.
-- A concept page lists sections to jump to; one row per occurrence (or
-- offsets per section) would be millions of rows and as many bytes as the
-- notes themselves in a large library, and slow the import down.
-- Offsets are UTF-16 code units into notes.text. Always derived: replaced per note.
CREATE TABLE concept_mentions (
  concept_id   INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
  note_id      INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  section_ord  INTEGER,
  start_offset INTEGER NOT NULL,
  end_offset   INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('defines', 'mentions')),
  occurrences  INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
  section_ords TEXT NOT NULL DEFAULT '[]',
  CHECK (end_offset > start_offset),
  PRIMARY KEY (note_id, kind, concept_id)
) WITHOUT ROWID;

CREATE INDEX concept_mentions_by_concept ON concept_mentions(concept_id);
