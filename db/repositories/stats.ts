import type { Database } from 'better-sqlite3';

export interface StoreStats {
  libraries: number;
  notes: number;
  removedNotes: number;
  sections: number;
  formulas: number;
  diagrams: number;
  links: number;
  sourceBytes: number;
  annotations: number;
  orphanedAnnotations: number;
}

/** Counts across the whole store, for `lattice stats` and the status bar. */
export function readStats(db: Database): StoreStats {
  const one = (sql: string): number => (db.prepare(sql).pluck().get() as number | null) ?? 0;
  return {
    libraries: one('SELECT COUNT(*) FROM libraries'),
    notes: one('SELECT COUNT(*) FROM notes WHERE removed_at IS NULL'),
    removedNotes: one('SELECT COUNT(*) FROM notes WHERE removed_at IS NOT NULL'),
    sections: one('SELECT COUNT(*) FROM sections s JOIN notes n ON n.id = s.note_id WHERE n.removed_at IS NULL'),
    formulas: one('SELECT COALESCE(SUM(formula_count), 0) FROM notes WHERE removed_at IS NULL'),
    diagrams: one('SELECT COALESCE(SUM(diagram_count), 0) FROM notes WHERE removed_at IS NULL'),
    links: one('SELECT COUNT(*) FROM note_links l JOIN notes n ON n.id = l.note_id WHERE n.removed_at IS NULL'),
    sourceBytes: one('SELECT COALESCE(SUM(byte_size), 0) FROM notes WHERE removed_at IS NULL'),
    annotations: one('SELECT COUNT(*) FROM annotations'),
    orphanedAnnotations: one("SELECT COUNT(*) FROM annotations WHERE state = 'orphan'"),
  };
}

/** Drill cards in the store (suspended and orphaned ones too), for the diagnostics a person can send. */
export function countCards(db: Database): number {
  return (db.prepare('SELECT COUNT(*) FROM cards').pluck().get() as number | null) ?? 0;
}
