-- Drills (issue 13): an extra source costs a few integers, not a copy of
-- its question.
--
-- A question asked in many notes (a question bank copied across folders)
-- has one row here per other note that asks it: 126,832 rows for 10,000
-- synthetic notes, each repeating the question with its 32 characters of
-- context either side, plus an index by (note, card) as large again as the
-- keys. They were a quarter of all an import wrote for drills, and the
-- importer already keeps every row in step with its note: a note's rows are
-- written in the same savepoint as each version of the note, so its stored
-- text holds every quote they would repeat. A row now keeps offsets into
-- that text (the quote question_start..question_end, its context from
-- question_from to question_to), and CardRepository reads the quote from
-- the note when it needs one (re-anchoring on the next import, promotion).
--
-- Keyed by (note, card) without a rowid: rows arrive note after note on
-- import, so the table grows at its end and needs no second index to find a
-- note's rows. answer_exact is gone too: a source kept none of its answer's
-- text already; an answer stored whole before 0012 (no hash) is read from
-- the note like the quote.
CREATE TABLE card_sources_slim (
  note_id           INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  card_id           TEXT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  question_start    INTEGER NOT NULL,
  question_end      INTEGER NOT NULL,
  question_from     INTEGER NOT NULL,             -- where the quote's prefix starts (UTF-16 units into notes.text)
  question_to       INTEGER NOT NULL,             -- where its suffix ends
  answer_start      INTEGER,
  answer_end        INTEGER,
  answer_hash       TEXT,
  context           TEXT NOT NULL DEFAULT '',
  question_line     INTEGER,
  answer_first_line INTEGER,
  answer_last_line  INTEGER,
  PRIMARY KEY (note_id, card_id)
) WITHOUT ROWID;

-- length() counts characters, not UTF-16 units: a context holding a
-- character outside the BMP comes back a unit shorter, which only lowers
-- that row's anchoring score a little until its note is imported again.
INSERT OR IGNORE INTO card_sources_slim
  SELECT note_id, card_id, question_start, question_end,
         MAX(0, question_start - length(question_prefix)), question_end + length(question_suffix),
         answer_start, answer_end, answer_hash, context, question_line, answer_first_line, answer_last_line
    FROM card_sources;
DROP TABLE card_sources;
ALTER TABLE card_sources_slim RENAME TO card_sources;
