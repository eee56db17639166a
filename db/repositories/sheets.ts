import type { Database, Statement } from 'better-sqlite3';

export type SheetItemKind = 'section' | 'annotation' | 'concept' | 'path' | 'formula' | 'text';

export interface SheetRecord {
  id: number;
  title: string;
  /** The layout as stored (JSON object); the API validates and fills in defaults. */
  layout: Record<string, unknown>;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

/** What an item last showed, kept so it survives its source disappearing. */
export interface SheetSnapshot {
  title: string;
  origin: string;
  markdown: string;
}

export interface SheetItemRecord {
  id: number;
  sheetId: number;
  position: number;
  kind: SheetItemKind;
  /** What the item points at and its options (JSON object). */
  spec: Record<string, unknown>;
  snapshot: SheetSnapshot | null;
  missingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredFormula {
  ord: number;
  tex: string;
  isDisplay: boolean;
  sectionOrd: number | null;
}

interface SheetRow {
  id: number;
  title: string;
  layout: string;
  item_count: number;
  created_at: string;
  updated_at: string;
}

interface ItemRow {
  id: number;
  sheet_id: number;
  position: number;
  kind: SheetItemKind;
  spec: string;
  snapshot: string | null;
  missing_since: string | null;
  created_at: string;
  updated_at: string;
}

const SHEET_COLUMNS = `s.id, s.title, s.layout, s.created_at, s.updated_at,
  (SELECT COUNT(*) FROM sheet_items i WHERE i.sheet_id = s.id) AS item_count`;

function toSheet(row: SheetRow): SheetRecord {
  return {
    id: row.id,
    title: row.title,
    layout: JSON.parse(row.layout) as Record<string, unknown>,
    itemCount: row.item_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toItem(row: ItemRow): SheetItemRecord {
  return {
    id: row.id,
    sheetId: row.sheet_id,
    position: row.position,
    kind: row.kind,
    spec: JSON.parse(row.spec) as Record<string, unknown>,
    snapshot: row.snapshot === null ? null : (JSON.parse(row.snapshot) as SheetSnapshot),
    missingSince: row.missing_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** SQL for cheat sheets and their items. Positions are kept 0…n-1 per sheet by every write. */
export class SheetRepository {
  private readonly db: Database;
  private readonly insertSheet: Statement;
  private readonly byId: Statement<[number], SheetRow>;
  private readonly all: Statement<[], SheetRow>;
  private readonly editSheet: Statement;
  private readonly touchSheet: Statement<[string, number]>;
  private readonly removeSheet: Statement<[number]>;
  private readonly insertItem: Statement;
  private readonly itemById: Statement<[number], ItemRow>;
  private readonly itemsOf: Statement<[number], ItemRow>;
  private readonly setPosition: Statement<[number, number]>;
  private readonly shiftFrom: Statement<[number, number]>;
  private readonly editSpec: Statement<[string, string, number]>;
  private readonly removeItem: Statement<[number]>;
  private readonly writeSnapshot: Statement<[string, number]>;
  private readonly writeMissing: Statement<[string | null, number]>;
  private readonly formulasOf: Statement<[number], { ord: number; tex: string; is_display: number; section_ord: number | null }>;

  constructor(db: Database) {
    this.db = db;
    this.insertSheet = db.prepare('INSERT INTO sheets (title, layout, created_at, updated_at) VALUES (?, ?, ?, ?)');
    this.byId = db.prepare(`SELECT ${SHEET_COLUMNS} FROM sheets s WHERE s.id = ?`);
    this.all = db.prepare(`SELECT ${SHEET_COLUMNS} FROM sheets s ORDER BY s.updated_at DESC, s.id DESC`);
    this.editSheet = db.prepare('UPDATE sheets SET title = @title, layout = @layout, updated_at = @now WHERE id = @id');
    this.touchSheet = db.prepare('UPDATE sheets SET updated_at = ? WHERE id = ?');
    this.removeSheet = db.prepare('DELETE FROM sheets WHERE id = ?');
    this.insertItem = db.prepare(`INSERT INTO sheet_items (sheet_id, position, kind, spec, snapshot, created_at, updated_at)
      VALUES (@sheetId, @position, @kind, @spec, @snapshot, @now, @now)`);
    this.itemById = db.prepare('SELECT * FROM sheet_items WHERE id = ?');
    this.itemsOf = db.prepare('SELECT * FROM sheet_items WHERE sheet_id = ? ORDER BY position, id');
    this.setPosition = db.prepare('UPDATE sheet_items SET position = ? WHERE id = ?');
    this.shiftFrom = db.prepare('UPDATE sheet_items SET position = position + 1 WHERE sheet_id = ? AND position >= ?');
    this.editSpec = db.prepare('UPDATE sheet_items SET spec = ?, updated_at = ? WHERE id = ?');
    this.removeItem = db.prepare('DELETE FROM sheet_items WHERE id = ?');
    this.writeSnapshot = db.prepare('UPDATE sheet_items SET snapshot = ?, missing_since = NULL WHERE id = ?');
    this.writeMissing = db.prepare('UPDATE sheet_items SET missing_since = COALESCE(missing_since, ?) WHERE id = ?');
    this.formulasOf = db.prepare('SELECT ord, tex, is_display, section_ord FROM formulas WHERE note_id = ? ORDER BY ord');
  }

  /** Creates an empty sheet and returns its id. */
  create(title: string, layout: Record<string, unknown>, now: string): number {
    return Number(this.insertSheet.run(title, JSON.stringify(layout), now, now).lastInsertRowid);
  }

  get(id: number): SheetRecord | undefined {
    const row = this.byId.get(id);
    return row ? toSheet(row) : undefined;
  }

  /** Every sheet, the most recently changed first. */
  list(): SheetRecord[] {
    return this.all.all().map(toSheet);
  }

  update(id: number, fields: { title: string; layout: Record<string, unknown> }, now: string): void {
    this.editSheet.run({ id, title: fields.title, layout: JSON.stringify(fields.layout), now });
  }

  /** Deletes a sheet with its items (never the notes, annotations or concepts they point at). */
  delete(id: number): boolean {
    return this.removeSheet.run(id).changes > 0;
  }

  items(sheetId: number): SheetItemRecord[] {
    return this.itemsOf.all(sheetId).map(toItem);
  }

  item(id: number): SheetItemRecord | undefined {
    const row = this.itemById.get(id);
    return row ? toItem(row) : undefined;
  }

  /** Adds an item at `position` (default: the end), moving later items down. Returns its id. */
  addItem(
    sheetId: number,
    item: { kind: SheetItemKind; spec: Record<string, unknown>; snapshot: SheetSnapshot | null },
    now: string,
    position?: number,
  ): number {
    return this.db.transaction(() => {
      const count = this.itemsOf.all(sheetId).length;
      const at = position === undefined ? count : Math.max(0, Math.min(position, count));
      this.shiftFrom.run(sheetId, at);
      const id = Number(
        this.insertItem.run({
          sheetId,
          position: at,
          kind: item.kind,
          spec: JSON.stringify(item.spec),
          snapshot: item.snapshot ? JSON.stringify(item.snapshot) : null,
          now,
        }).lastInsertRowid,
      );
      this.touchSheet.run(now, sheetId);
      return id;
    })();
  }

  /** Replaces an item's spec (its options, or the person's own text). */
  updateSpec(id: number, spec: Record<string, unknown>, now: string): void {
    const item = this.item(id);
    if (!item) return;
    this.editSpec.run(JSON.stringify(spec), now, id);
    this.touchSheet.run(now, item.sheetId);
  }

  /** Removes one item and closes the gap it leaves. */
  removeItemById(id: number, now: string): boolean {
    const item = this.item(id);
    if (!item) return false;
    this.db.transaction(() => {
      this.removeItem.run(id);
      this.renumber(this.items(item.sheetId).map((i) => i.id));
      this.touchSheet.run(now, item.sheetId);
    })();
    return true;
  }

  /**
   * Puts a sheet's items in the given order. `orderedIds` must name every item
   * of the sheet exactly once (the caller checks), so a stale editor cannot
   * silently drop an item added elsewhere.
   */
  reorder(sheetId: number, orderedIds: number[], now: string): void {
    this.db.transaction(() => {
      this.renumber(orderedIds);
      this.touchSheet.run(now, sheetId);
    })();
  }

  private renumber(ids: number[]): void {
    ids.forEach((id, position) => this.setPosition.run(position, id));
  }

  /** Records what an item shows now; a source that was missing is found again. */
  saveSnapshot(id: number, snapshot: SheetSnapshot): void {
    this.writeSnapshot.run(JSON.stringify(snapshot), id);
  }

  /** Marks an item whose source is gone (keeping the first time it was noticed). */
  markMissing(id: number, now: string): void {
    this.writeMissing.run(now, id);
  }

  /**
   * A note's formulas in reading order. Read here rather than in the notes
   * repository because only sheets need them individually.
   */
  noteFormulas(noteId: number): StoredFormula[] {
    return this.formulasOf.all(noteId).map((r) => ({ ord: r.ord, tex: r.tex, isDisplay: r.is_display === 1, sectionOrd: r.section_ord }));
  }
}
