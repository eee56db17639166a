-- Concept mentions are found after an import's notes are written, by a
-- background job (main/concepts/mentions.ts). A crash between the two left
-- notes without mentions for good: an unchanged file is skipped by the next
-- import. Each note written is owed its mentions in the same transaction
-- that writes it, and settled when they are found; on opening, what is
-- still owed is found (npm run check:crash found 235 such notes).
CREATE TABLE mentions_owed (
  note_id INTEGER PRIMARY KEY REFERENCES notes(id) ON DELETE CASCADE
);
