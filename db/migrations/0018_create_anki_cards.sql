-- Anki in and out (issue 17).
--
-- A deck imported from an .apkg/.colpkg. Its cards are rows of `cards` with
-- no note (note_id NULL, kind 'manual', never orphans: they never had a
-- note); what they show is the Anki field HTML kept here, sanitized.
CREATE TABLE anki_decks (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  imported_at TEXT NOT NULL
);

-- One row per Anki card imported. card_id is the Lattice card it became, or
-- the card of a note question it matched (is_linked = 1: that card keeps
-- its note and its faces; the row only remembers that Anki knows it too, so
-- importing the same package again neither duplicates nor re-links it).
CREATE TABLE anki_cards (
  deck_id       INTEGER NOT NULL REFERENCES anki_decks(id) ON DELETE CASCADE,
  anki_guid     TEXT NOT NULL,
  anki_ord      INTEGER NOT NULL,
  card_id       TEXT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  is_linked     INTEGER NOT NULL DEFAULT 0 CHECK (is_linked IN (0, 1)),
  question_html TEXT NOT NULL,
  answer_html   TEXT NOT NULL,
  tags          TEXT NOT NULL DEFAULT '[]',          -- JSON list of the note's Anki tags
  PRIMARY KEY (deck_id, anki_guid, anki_ord)
);
CREATE INDEX anki_cards_by_card ON anki_cards(card_id);

-- Media of imported decks go into `media` (migration 0017) with the notes'
-- pictures: one content-addressed store that /media/<hash> serves.
