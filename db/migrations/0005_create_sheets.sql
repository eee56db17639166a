-- Cheat sheets: a title, a print layout and an ordered list of items. An item
-- points at live content (a note's section, an annotation, a concept, a path
-- between concepts, a formula) through `spec`, or holds the person's own text.
-- There are deliberately no foreign keys from items to what they point at: an
-- item whose source disappears stays on the sheet with `snapshot`, its last
-- known content, and `missing_since` set, until the person removes it.
CREATE TABLE sheets (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL,
  layout     TEXT NOT NULL DEFAULT '{}',      -- JSON: columns, paper, fontSize, theme
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sheet_items (
  id            INTEGER PRIMARY KEY,
  sheet_id      INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,             -- 0-based order on the sheet
  kind          TEXT NOT NULL CHECK (kind IN ('section', 'annotation', 'concept', 'path', 'formula', 'text')),
  spec          TEXT NOT NULL DEFAULT '{}',   -- JSON: what the item points at and its options
  snapshot      TEXT,                         -- JSON: the last content resolved from the source
  missing_since TEXT,                         -- set while the source cannot be found
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE INDEX sheet_items_by_sheet ON sheet_items(sheet_id, position);
