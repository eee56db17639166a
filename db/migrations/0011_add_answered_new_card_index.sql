-- Drills (issue 13): a question the notes leave unanswered is not shown in a
-- session until the person writes its answer. Such questions can be many (a
-- note of bare question bullets) and are made first, so "the next new card"
-- would step over each of them on cards_new; this index holds only the new
-- cards that have an answer, from the note or typed by the person.
CREATE INDEX cards_new_answered ON cards(created_at, id)
  WHERE state = 0 AND is_suspended = 0 AND is_orphan = 0 AND (answer_start IS NOT NULL OR answer_override IS NOT NULL);
