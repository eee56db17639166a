/** Cheat sheets: their items, layout and export (`sheets.*`). */

import type { AnnotationColor } from './annotations.js';

export type SheetPaper = 'A4' | 'Letter';
export type SheetTheme = 'light' | 'print';

export interface SheetLayout {
  columns: 1 | 2 | 3;
  paper: SheetPaper;
  /** Base font size in points. */
  fontSize: number;
  theme: SheetTheme;
}

export interface SheetSummary {
  id: number;
  title: string;
  /** How many items the sheet has. */
  items: number;
  updatedAt: string;
}

/** Which part of a note section an item shows. */
export type SectionPart = 'all' | 'first-paragraph' | 'formulas';

/** What can be put on a sheet. A concept or path end is an id or a name/alias. */
export type SheetItemInput =
  | { kind: 'section'; noteId: number; section: string; part?: SectionPart }
  | { kind: 'annotation'; annotationId: string }
  | { kind: 'concept'; concept: string | number; withMap?: boolean }
  | { kind: 'path'; from: string | number; to: string | number }
  | { kind: 'formula'; tex: string; noteId?: number; caption?: string }
  | { kind: 'text'; markdown: string };

export type SheetItemKind = SheetItemInput['kind'];

/** Per-item options; each applies to the kinds named. */
export interface SheetItemChanges {
  /** section */
  part?: SectionPart;
  /** concept */
  withMap?: boolean;
  /** formula */
  caption?: string;
  /** formula typed by the person (not from a note) */
  tex?: string;
  /** text */
  markdown?: string;
}

export interface SheetItem {
  id: number;
  kind: SheetItemKind;
  position: number;
  /** What the item points at, with its options, as it was added. */
  spec: SheetItemInput;
  /** The heading the item prints under ('' for free text). */
  title: string;
  /** Where it comes from, e.g. "RLHF 流程 › 奖励模型" ('' for the person's own). */
  origin: string;
  /** The item as Markdown (math as $…$ / $$…$$, Mermaid as source). */
  markdown: string;
  /** The item as safe HTML: math typeset, diagrams as `.mermaid-block` elements for a renderer to draw. */
  html: string;
  /** The note to open for it, if any. */
  noteId: number | null;
  /** Set when the source is gone: the item shows its last known content. */
  missingSince: string | null;
}

export interface Sheet {
  id: number;
  title: string;
  layout: SheetLayout;
  items: SheetItem[];
  createdAt: string;
  updatedAt: string;
}

export type SheetQuickAdd =
  | { kind: 'note-highlights'; noteId: number }
  | { kind: 'color-highlights'; color: AnnotationColor }
  | { kind: 'note-formulas'; noteId: number };

export type SheetExportFormat = 'md' | 'html' | 'pdf';

export interface SheetExport {
  format: SheetExportFormat;
  /** A file name made from the title, e.g. "RLHF 速查.pdf". */
  fileName: string;
  /** The file's content: UTF-8 text, or base64 for a PDF. The caller saves it (no handler writes files). */
  content: string;
  encoding: 'utf8' | 'base64';
  bytes: number;
  /** Diagrams that could not be drawn and are shown as source with a note. */
  undrawnDiagrams: number;
}

/** The `sheets.*` calls. */
export interface SheetsApi {
  /** Every cheat sheet, the most recently changed first. */
  'sheets.list': { args: Record<string, never>; result: SheetSummary[] };
  /** One sheet with its items resolved against the store (live content, or the last known for a vanished source). */
  'sheets.get': { args: { id: number }; result: Sheet };
  /** A new, empty sheet. */
  'sheets.create': { args: { title: string; layout?: Partial<SheetLayout> }; result: Sheet };
  /** Renames a sheet or changes its layout (only the given layout fields change). */
  'sheets.update': { args: { id: number; title?: string; layout?: Partial<SheetLayout> }; result: Sheet };
  /** Deletes a sheet; the notes, annotations and concepts its items point at stay. */
  'sheets.delete': { args: { id: number }; result: { id: number } };
  /** Adds an item (at `position`, default the end). */
  'sheets.addItem': { args: { sheetId: number; item: SheetItemInput; position?: number }; result: Sheet };
  /** Changes an item's options or the person's own text. */
  'sheets.updateItem': { args: { itemId: number; changes: SheetItemChanges }; result: Sheet };
  /** Removes one item from its sheet. */
  'sheets.removeItem': { args: { itemId: number }; result: Sheet };
  /** Puts a sheet's items in a new order; `itemIds` names every item once. */
  'sheets.reorder': { args: { id: number; itemIds: number[] }; result: Sheet };
  /** Quick start: adds many items at once; items already on the sheet are not added twice. */
  'sheets.addMany': { args: { sheetId: number; what: SheetQuickAdd }; result: { sheet: Sheet; added: number } };
  /** The Mermaid sources an export of the sheet draws, by hash, for a renderer to draw before exporting. */
  'sheets.diagrams': { args: { id: number }; result: { diagrams: { hash: string; source: string }[] } };
  /**
   * Exports a sheet as Markdown, a self-contained HTML file, or a PDF printed
   * from that HTML. `svgs` are diagrams drawn by the caller, by hash (they are
   * sanitized again here). With `path` the file is written there; otherwise it
   * comes back as `content` (UTF-8 text, or base64 for a PDF).
   */
  'sheets.export': {
    args: { id: number; format: SheetExportFormat; svgs?: Record<string, string> };
    result: SheetExport;
  };
}
