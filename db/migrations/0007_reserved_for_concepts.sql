-- Placeholder on the i12-reader branch only: migration numbers must have no gap,
-- and 0007 belongs to another branch of issue 12. Drop this file when merging
-- that branch's 0007.
SELECT 1;
