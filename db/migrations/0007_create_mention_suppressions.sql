-- Underlines a person turned off: "not this concept here". Mentions are
-- derived again at every import, so what the person said is kept apart from
-- them and anchored to the words, not to offsets: the concept, the note (one
-- row per library and path, kept across re-imports), the text that matched
-- and up to 32 characters either side. A match with the same text whose
-- context on the same line still agrees (both sides, or one side of 8 or
-- more characters: main/concepts/mentions.ts) is not a mention, so an edit
-- elsewhere in the note, or right next to the words on one side, keeps it off.
CREATE TABLE mention_suppressions (
  id         INTEGER PRIMARY KEY,
  concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
  note_id    INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  exact      TEXT NOT NULL CHECK (length(exact) > 0),
  prefix     TEXT NOT NULL,
  suffix     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (note_id, concept_id, exact, prefix, suffix)
);

CREATE INDEX mention_suppressions_by_concept ON mention_suppressions(concept_id);
