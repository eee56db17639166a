-- Progress dashboard (issue 15). The review log summed per study day for a
-- year (the heatmap, true retention) reads, for each grade, its time, how
-- long it took, its rating and the card's state and interval before it.
-- With those in the index, a day's sums are one range of the index and no
-- visit to the table: a year of 100,000 grades is summed from the index
-- alone (nine times faster than through review_log_by_time, measured by
-- bench:progress on the same store).
-- It starts with reviewed_at, so it also serves every query that index
-- served (the day's grades by state for the daily limits, now from the
-- index alone too); keeping both would only make every grade write twice.
CREATE INDEX review_log_day_sums ON review_log(reviewed_at, duration_ms, rating, before_state, before_scheduled_days);
DROP INDEX review_log_by_time;

-- Coverage and the weakest cards read every studied card's memory and note:
-- from this index alone, rather than from the card rows, which carry the
-- questions' and answers' text.
CREATE INDEX cards_standing ON cards(note_id, state, stability, last_review, lapses, reps, id) WHERE is_suspended = 0 AND is_orphan = 0;
