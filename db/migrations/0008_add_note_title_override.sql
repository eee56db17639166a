-- A person's own name for a note (notes.rename). The file is never touched, so the
-- name lives here and outlasts re-imports. notes.title stays the name every screen
-- shows (library, reader, search, sheets). While title_override is set, title holds
-- it and imported_title the title the importer chose from the file; otherwise both
-- are NULL and title is the importer's.
ALTER TABLE notes ADD COLUMN title_override TEXT;
ALTER TABLE notes ADD COLUMN imported_title TEXT;
