-- Images copied out of a note's folder at import (issue 17), so the reader
-- and every export keep showing them once the folder is gone. Content-
-- addressed: `hash` is the sha256 of `bytes` (an SVG's after sanitizing), so
-- the same picture in a hundred notes is stored once. In SQLite rather than
-- in loose files: a crash mid-import leaves no half-written file behind, and
-- the store stays one file to back up.
CREATE TABLE media (
  hash TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  byte_size INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- What each image reference of a note resolved to when the note was read:
-- a stored picture, or the reason it is a placeholder. `ref` is the key the
-- Markdown pipeline looks it up by (main/markdown/local-images.ts);
-- `target` and `is_embed` are what was written, so a picture missing then
-- can be looked for again when the folder is imported again, without
-- reading the note.
CREATE TABLE note_images (
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  ref TEXT NOT NULL,
  target TEXT NOT NULL,
  is_embed INTEGER NOT NULL,
  media_hash TEXT REFERENCES media(hash),
  problem TEXT,
  PRIMARY KEY (note_id, ref)
) WITHOUT ROWID;

CREATE INDEX note_images_missing ON note_images (problem) WHERE problem = 'missing';

CREATE INDEX note_images_by_media ON note_images (media_hash);
