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
ALTER TABLE cards ADD COLUMN question_key TEXT;
CREATE INDEX cards_by_question_key ON cards(question_key) WHERE question_key IS NOT NULL;

-- An extra source carries what the card needs if it becomes the primary one
-- (its note lost the question): the answer's hash, the context and the lines.
ALTER TABLE card_sources ADD COLUMN answer_hash TEXT;
ALTER TABLE card_sources ADD COLUMN context TEXT NOT NULL DEFAULT '';
ALTER TABLE card_sources ADD COLUMN question_line INTEGER;
ALTER TABLE card_sources ADD COLUMN answer_first_line INTEGER;
ALTER TABLE card_sources ADD COLUMN answer_last_line INTEGER;

-- cards_due serves the learning and review queues only (state 1-3); new
-- cards have their own index (cards_new). Leaving them out saves one index
-- write per card made on import. Queries say `state > 0` so SQLite can use it.
DROP INDEX cards_due;
CREATE INDEX cards_due ON cards(state, due) WHERE is_suspended = 0 AND is_orphan = 0 AND state > 0;
