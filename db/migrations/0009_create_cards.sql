-- Drills (issue 13): the questions of the notes as cards, scheduled with FSRS.
-- Cards live here, apart from the note files, which are never modified.
--
-- A card's primary source is on the card itself (note_id + the anchors of its
-- question and answer in the note's text projection, stored the way
-- annotations store theirs, so the annotation engine can re-anchor them after
-- an edit). The same question in several notes is one card: its other notes
-- are rows of card_sources. The primary source stays on the card because the
-- review screen loads it on every grade (no join on the hot path) and most
-- cards have one source; the extra sources only matter to "open in note" and
-- to re-anchoring, which read them per note.
--
-- A card outlives its note: the note's deletion sets note_id to NULL and the
-- trigger below marks the card an orphan (suspended), keeping every review.
CREATE TABLE cards (
  id                TEXT PRIMARY KEY,              -- a UUID, stable across re-imports and export
  note_id           INTEGER REFERENCES notes(id) ON DELETE SET NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('found', 'manual', 'cloze')),
  -- The question's anchor (W3C TextQuote + TextPosition, UTF-16 code units into notes.text).
  question_exact    TEXT NOT NULL,
  question_prefix   TEXT NOT NULL DEFAULT '',
  question_suffix   TEXT NOT NULL DEFAULT '',
  question_start    INTEGER NOT NULL,
  question_end      INTEGER NOT NULL,
  -- The answer's anchor; NULL while the question has no answer in the note
  -- (and for a cloze, the hidden span inside the question).
  answer_exact      TEXT,
  answer_prefix     TEXT,
  answer_suffix     TEXT,
  answer_start      INTEGER,
  answer_end        INTEGER,
  content_hash      TEXT NOT NULL DEFAULT '',      -- the note version the anchors describe
  context           TEXT NOT NULL DEFAULT '',      -- the parent path shown above an elliptical question
  -- What the person typed: shown instead of the note's text; the source stays linked.
  question_override TEXT,
  answer_override   TEXT,                          -- Markdown with math; also the answer to a question the notes leave unanswered
  is_suspended      INTEGER NOT NULL DEFAULT 0 CHECK (is_suspended IN (0, 1)),
  buried_until      TEXT,                          -- ISO time; the card is left out of sessions until then
  is_orphan         INTEGER NOT NULL DEFAULT 0 CHECK (is_orphan IN (0, 1)),
  orphaned_at       TEXT,
  -- ts-fsrs Card, field for field (dates as ISO strings).
  due               TEXT NOT NULL,
  stability         REAL NOT NULL DEFAULT 0,
  difficulty        REAL NOT NULL DEFAULT 0,
  elapsed_days      INTEGER NOT NULL DEFAULT 0,
  scheduled_days    INTEGER NOT NULL DEFAULT 0,
  learning_steps    INTEGER NOT NULL DEFAULT 0,
  reps              INTEGER NOT NULL DEFAULT 0,
  lapses            INTEGER NOT NULL DEFAULT 0,
  state             INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3), -- New, Learning, Review, Relearning
  last_review       TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  CHECK (question_end >= question_start)
);

CREATE INDEX cards_by_note ON cards(note_id, question_start);
-- "Next card": cards a session may show, by state and due time. Partial, so
-- suspended and orphaned cards cost nothing to skip.
CREATE INDEX cards_due ON cards(state, due) WHERE is_suspended = 0 AND is_orphan = 0;
-- New cards are introduced in the order they were made (the notes' order).
CREATE INDEX cards_new ON cards(created_at, id) WHERE state = 0 AND is_suspended = 0 AND is_orphan = 0;
CREATE INDEX cards_orphans ON cards(orphaned_at) WHERE is_orphan = 1;

-- The other notes that ask the same question as a card.
CREATE TABLE card_sources (
  card_id         TEXT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  note_id         INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  question_exact  TEXT NOT NULL,
  question_prefix TEXT NOT NULL DEFAULT '',
  question_suffix TEXT NOT NULL DEFAULT '',
  question_start  INTEGER NOT NULL,
  question_end    INTEGER NOT NULL,
  answer_exact    TEXT,
  answer_prefix   TEXT,
  answer_suffix   TEXT,
  answer_start    INTEGER,
  answer_end      INTEGER,
  content_hash    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (card_id, note_id)
);

CREATE INDEX card_sources_by_note ON card_sources(note_id);

-- Before a note row goes, its cards become suspended orphans: still listed for
-- the person to re-attach or delete, with their whole history.
CREATE TRIGGER cards_orphan_on_note_delete BEFORE DELETE ON notes
BEGIN
  UPDATE cards
     SET is_orphan = 1,
         is_suspended = 1,
         orphaned_at = COALESCE(orphaned_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
   WHERE note_id = OLD.id;
END;

-- One row per grade. seq orders the log even when the clock moved backwards;
-- review_id makes a grade sent twice count once. The card's state before the
-- grade is kept whole, so undo restores it exactly.
CREATE TABLE review_log (
  seq                   INTEGER PRIMARY KEY,
  review_id             TEXT NOT NULL UNIQUE,
  card_id               TEXT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  rating                INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4), -- Again, Hard, Good, Easy
  reviewed_at           TEXT NOT NULL,             -- the wall clock when the person graded
  scheduled_at          TEXT NOT NULL,             -- the time given to FSRS: never before the card's previous review
  elapsed_days          REAL NOT NULL,             -- days since the card's previous review (0 for a new card)
  duration_ms           INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
  before_due            TEXT NOT NULL,
  before_stability      REAL NOT NULL,
  before_difficulty     REAL NOT NULL,
  before_elapsed_days   INTEGER NOT NULL,
  before_scheduled_days INTEGER NOT NULL,
  before_learning_steps INTEGER NOT NULL,
  before_reps           INTEGER NOT NULL,
  before_lapses         INTEGER NOT NULL,
  before_state          INTEGER NOT NULL CHECK (before_state BETWEEN 0 AND 3),
  before_last_review    TEXT,
  after_due             TEXT NOT NULL,
  after_state           INTEGER NOT NULL CHECK (after_state BETWEEN 0 AND 3)
);

CREATE INDEX review_log_by_card ON review_log(card_id, seq);
CREATE INDEX review_log_by_time ON review_log(reviewed_at);
