-- A person's highlights and comments, stored apart from the note files.
-- The selectors describe the note version `content_hash`: on re-import they
-- are re-anchored; an annotation that cannot be placed with confidence keeps
-- its last good selectors and becomes an orphan until the person decides.
-- Notes are never deleted (only marked removed), and RESTRICT makes sure a
-- note with annotations cannot be: deleting an annotation is the only way to
-- lose one.
CREATE TABLE annotations (
  id            TEXT PRIMARY KEY,              -- a UUID, stable across export/import
  note_id       INTEGER NOT NULL REFERENCES notes(id) ON DELETE RESTRICT,
  quote_exact   TEXT NOT NULL,
  quote_prefix  TEXT NOT NULL DEFAULT '',
  quote_suffix  TEXT NOT NULL DEFAULT '',
  start_offset  INTEGER NOT NULL,              -- UTF-16 code units into notes.text
  end_offset    INTEGER NOT NULL,
  content_hash  TEXT NOT NULL,
  color         TEXT NOT NULL DEFAULT 'yellow' CHECK (color IN ('yellow', 'green', 'blue', 'pink', 'purple')),
  comment       TEXT NOT NULL DEFAULT '',      -- Markdown with math
  tags          TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings
  state         TEXT NOT NULL DEFAULT 'anchored' CHECK (state IN ('anchored', 'orphan')),
  orphaned_at   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK (end_offset > start_offset)
);

CREATE INDEX annotations_by_note ON annotations(note_id, start_offset);
CREATE INDEX annotations_by_state ON annotations(state);
