-- Full-width letters and digits (ＫＶ, ＧＰＴ４) are now indexed as the ASCII
-- they stand for (db/search-text.ts: foldFullWidth), as queries always folded
-- them: until now a note that wrote ＫＶ could be found neither by KV nor by
-- ＫＶ. The index is written again from what the store holds, as 0004 first
-- wrote it (a store of 10,000 notes takes a few seconds, once).
INSERT INTO search_notes (search_notes) VALUES ('delete-all');
INSERT INTO search_annotations (search_annotations) VALUES ('delete-all');
INSERT INTO search_concepts (search_concepts) VALUES ('delete-all');

INSERT INTO search_notes (rowid, title, headings, body)
SELECT n.id, lattice_search_text(n.title),
  lattice_search_text(COALESCE((SELECT group_concat(s.title, char(10)) FROM sections s WHERE s.note_id = n.id), '')
    || char(10) || COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(n.tags) t), '')),
  lattice_search_text(n.text || char(10)
      || COALESCE((SELECT group_concat(lattice_diagram_labels(d.source), char(10)) FROM diagrams d WHERE d.note_id = n.id), ''))
FROM notes n WHERE n.removed_at IS NULL;

INSERT INTO search_annotations (rowid, title, headings, body)
SELECT k.seq, '',
  lattice_search_text(COALESCE((SELECT group_concat(t.value, char(10)) FROM json_each(a.tags) t), '')),
  lattice_search_text(a.quote_exact || char(10) || a.comment)
FROM annotations a JOIN search_annotation_keys k ON k.annotation_id = a.id;

INSERT INTO search_concepts (rowid, title, headings, body)
SELECT c.id, lattice_search_text(c.name),
  lattice_search_text(COALESCE((SELECT group_concat(a.alias, char(10)) FROM concept_aliases a WHERE a.concept_id = c.id AND a.is_removed = 0), '')),
  lattice_search_text(c.definition)
FROM concepts c;
