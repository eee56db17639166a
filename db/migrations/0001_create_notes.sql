-- Libraries are imported folders; notes belong to one library and are keyed by
-- their path inside it, so re-importing a folder updates notes in place.
CREATE TABLE libraries (
  id          INTEGER PRIMARY KEY,
  root_path   TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'starter')),
  created_at  TEXT NOT NULL,
  imported_at TEXT
);

CREATE TABLE notes (
  id            INTEGER PRIMARY KEY,
  library_id    INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  path          TEXT NOT NULL,                 -- relative to the library root, '/' separated
  title         TEXT NOT NULL,
  front_matter  TEXT NOT NULL DEFAULT '{}',    -- JSON object, odd keys kept as written
  tags          TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings
  source        TEXT NOT NULL,                 -- the Markdown as decoded (BOM removed, LF line ends)
  content_hash  TEXT NOT NULL,                 -- sha256 of the file's bytes
  text          TEXT NOT NULL,                 -- the text projection: what a reader sees
  formula_count INTEGER NOT NULL DEFAULT 0,
  diagram_count INTEGER NOT NULL DEFAULT 0,
  byte_size     INTEGER NOT NULL,
  warnings      TEXT NOT NULL DEFAULT '[]',    -- JSON array of import warnings
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  removed_at    TEXT,                          -- set when the file disappeared; the row stays for annotations
  UNIQUE (library_id, path)
);

-- The heading tree. Offsets are UTF-16 code units into notes.text; a section runs
-- from its heading to the next heading of the same or a higher level.
CREATE TABLE sections (
  note_id      INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  ord          INTEGER NOT NULL,
  level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 6),
  title        TEXT NOT NULL,
  slug         TEXT NOT NULL,
  parent_ord   INTEGER,
  start_offset INTEGER NOT NULL,
  end_offset   INTEGER NOT NULL,
  PRIMARY KEY (note_id, ord)
);

CREATE TABLE formulas (
  note_id     INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  ord         INTEGER NOT NULL,
  tex         TEXT NOT NULL,
  is_display  INTEGER NOT NULL CHECK (is_display IN (0, 1)),
  section_ord INTEGER,
  PRIMARY KEY (note_id, ord)
);

CREATE TABLE diagrams (
  note_id     INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  ord         INTEGER NOT NULL,
  source      TEXT NOT NULL,
  section_ord INTEGER,
  PRIMARY KEY (note_id, ord)
);

-- Outgoing references found in a note: [[wikilinks]], links to other notes,
-- web links and images (recorded only; Lattice never fetches them).
CREATE TABLE note_links (
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  ord     INTEGER NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('wikilink', 'note', 'url', 'image')),
  target  TEXT NOT NULL,
  label   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (note_id, ord)
);

CREATE INDEX notes_by_library ON notes(library_id, path);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
