-- Drills (issue 13): cheaper cards on import, and one card for a question
-- asked in several notes.
--
-- A found card's answer is taken from the question finder on every import,
-- never re-anchored, so storing its whole text on the card doubled what an
-- import wrote (an answer is most of a note). answer_exact now keeps at most
-- the first 200 UTF-16 units of a found card's answer and answer_hash a hash
-- of the whole of it: the card reads the full answer from its note's text
-- (answer_start..answer_end) when the note is still at the card's version
-- and the hash agrees. NULL for cards stored before this migration and for
-- cards made by hand, whose answer_exact is whole (their anchors are
-- re-anchored with the annotation engine, which needs the quote).
ALTER TABLE cards ADD COLUMN answer_hash TEXT;

-- The question as compared across notes (question-forms.ts `comparable`):
-- a question found in another note with the same key becomes an extra source
-- of the card (card_sources) instead of a second card. NULL for cards made by
-- hand, for elliptical prompts that need their parent (`如何提高`) and for
-- cards stored before this migration until their note is imported again.
-- Looked up by question_hash, a 32-bit hash of the key: a small integer index
-- entry per card. Any index keyed by the question lands each new card at a
-- random place in it, so every import batch rewrites pages all over it; with
-- integers it is a quarter of the pages a text index would be.
ALTER TABLE cards ADD COLUMN question_key TEXT;
ALTER TABLE cards ADD COLUMN question_hash INTEGER;
CREATE INDEX cards_by_question_hash ON cards(question_hash) WHERE question_hash IS NOT NULL;

-- Extra sources: until now nothing wrote them, so the table is rebuilt (its
-- rows copied) rather than altered. Without the (card, note) primary key: on
-- import, source rows arrive note after note, so an index by note grows at
-- its end, while one by card would be written all over (a shared card's
-- sources come from every part of a library). The importer keeps one row per
-- (card, note) itself, through the note's rows. Reading a card's sources
-- (showing them, or moving the card to one when its note loses the
-- question) scans the table: rare, and the table holds only questions asked
-- in more than one note. An extra source also carries what the card needs
-- if it becomes the primary one: the answer's hash, the context and the lines.
CREATE TABLE card_sources_new (
  card_id           TEXT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  note_id           INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  question_exact    TEXT NOT NULL,
  question_prefix   TEXT NOT NULL DEFAULT '',
  question_suffix   TEXT NOT NULL DEFAULT '',
  question_start    INTEGER NOT NULL,
  question_end      INTEGER NOT NULL,
  answer_exact      TEXT,
  answer_prefix     TEXT,
  answer_suffix     TEXT,
  answer_start      INTEGER,
  answer_end        INTEGER,
  content_hash      TEXT NOT NULL DEFAULT '',
  answer_hash       TEXT,
  context           TEXT NOT NULL DEFAULT '',
  question_line     INTEGER,
  answer_first_line INTEGER,
  answer_last_line  INTEGER
);
INSERT INTO card_sources_new (card_id, note_id, question_exact, question_prefix, question_suffix, question_start, question_end,
    answer_exact, answer_prefix, answer_suffix, answer_start, answer_end, content_hash)
  SELECT card_id, note_id, question_exact, question_prefix, question_suffix, question_start, question_end,
    answer_exact, answer_prefix, answer_suffix, answer_start, answer_end, content_hash
  FROM card_sources;
DROP TABLE card_sources;
ALTER TABLE card_sources_new RENAME TO card_sources;
CREATE INDEX card_sources_by_note ON card_sources(note_id, card_id);

-- cards_due serves the learning and review queues only (state 1-3); new
-- cards have their own index (cards_new). Leaving them out saves one index
-- write per card made on import. Queries say `state > 0` so SQLite can use it.
DROP INDEX cards_due;
CREATE INDEX cards_due ON cards(state, due) WHERE is_suspended = 0 AND is_orphan = 0 AND state > 0;
