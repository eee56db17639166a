-- Drills (issue 13): a note's extra sources are one row per note, not one
-- row per (card, note).
--
-- A question bank copied across folders makes a source per note and per
-- shared question: 126,832 rows for 10,000 synthetic notes, each a B-tree
-- entry of its own, written one statement at a time as the importer met each
-- question (~5 µs a row inside an import). The importer already holds all of
-- a note's sources at once (it re-anchors them together and writes them in
-- the note's savepoint), so it now writes them as one row when it is done
-- with the note: a statement per note instead of one per source.
--
-- card_ids: the cards, a JSON array of their ids in the order of entries, so
-- that a read by card finds its rows with instr(card_ids, json_quote(id)) (a
-- quoted id cannot match inside another id) in one pass over the table, as
-- it did over card_sources (there was no index by card there either). It is
-- stored before entries so that pass does not read the entries' pages.
--
-- entries: a JSON array, one compact array per source, sorted by where its
-- question starts (then card id), as sourcesOf returned them:
--   [question_from, question_start, question_end, question_to,
--    answer_start, answer_end, answer_hash, context,
--    question_line, answer_first_line, answer_last_line]
-- (offsets into notes.text, as in migration 0019).
--
-- No foreign key to cards: CardRepository removes a card's entries in the
-- transaction that deletes it, and sourcesOf skips ids of cards that are gone.
CREATE TABLE note_card_sources (
  note_id  INTEGER PRIMARY KEY REFERENCES notes(id) ON DELETE CASCADE,
  card_ids TEXT NOT NULL,
  entries  TEXT NOT NULL
);

INSERT INTO note_card_sources (note_id, card_ids, entries)
  SELECT note_id,
         json_group_array(card_id ORDER BY question_start, card_id),
         json_group_array(
           json_array(question_from, question_start, question_end, question_to, answer_start, answer_end, answer_hash,
                      context, question_line, answer_first_line, answer_last_line)
           ORDER BY question_start, card_id)
    FROM card_sources
   GROUP BY note_id;

DROP TABLE card_sources;
