-- Drills (issue 13): where a found card's question and answer sit in its
-- note's file as it is on disk (1-based lines, front matter included), as
-- the question finder measured them when the card was last placed. Kept on
-- the card so `lattice drills list` and "open in note" need not parse the
-- note again. NULL for a card made by hand and where the note has no answer.
ALTER TABLE cards ADD COLUMN question_line INTEGER;
ALTER TABLE cards ADD COLUMN answer_first_line INTEGER;
ALTER TABLE cards ADD COLUMN answer_last_line INTEGER;
