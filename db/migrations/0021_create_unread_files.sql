-- Files of a library that changed (or appeared) but could not be read: too
-- large, a FIFO, an encoding that would replace the stored text with �, a
-- write that failed. A stored note keeps its version. Until now only the
-- import's report said so, and a watched folder's sync only logged it: the
-- person went on reading the old version as if it were the file, and never
-- learned that a new file was left out.
--
-- One row per file, until the file is read again (stored, or found as it is
-- stored) or is gone from its folder. The reader shows a note's row above the
-- note; the library screen lists a folder's rows.
CREATE TABLE unread_files (
  library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  path       TEXT NOT NULL,   -- inside the library, '/' separated (notes.path)
  error      TEXT NOT NULL,
  failed_at  TEXT NOT NULL,
  PRIMARY KEY (library_id, path)
) WITHOUT ROWID;
