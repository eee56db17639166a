-- Folders imported by path are watched and re-imported when their files change
-- (main/watch). What the person chose and what the last sync did live with the
-- library, so the library screen can say it after a restart too.
-- is_watched: the person's choice per folder (on unless turned off).
-- sync_added / sync_changed / sync_removed: the counts of the last import of the
-- folder; its time is imported_at.
-- missing_since: set while the folder cannot be found (an unplugged drive, a
-- renamed folder); its notes are kept, not marked removed, until it comes back
-- or the person confirms.
ALTER TABLE libraries ADD COLUMN is_watched INTEGER NOT NULL DEFAULT 1;
ALTER TABLE libraries ADD COLUMN sync_added INTEGER NOT NULL DEFAULT 0;
ALTER TABLE libraries ADD COLUMN sync_changed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE libraries ADD COLUMN sync_removed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE libraries ADD COLUMN missing_since TEXT;
