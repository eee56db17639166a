/** Cheat sheets: their items, layout and export (`sheets.*`). */

import { z } from 'zod';
import { annotationColor } from './annotations.js';

export const sheetLayout = z.strictObject({
  columns: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  paper: z.enum(['A4', 'Letter']),
  /** Base font size in points. */
  fontSize: z.number().min(6).max(16),
  theme: z.enum(['light', 'print']),
});
export type SheetLayout = z.infer<typeof sheetLayout>;
export type SheetPaper = SheetLayout['paper'];
export type SheetTheme = SheetLayout['theme'];

export interface SheetSummary {
  id: number;
  title: string;
  /** How many items the sheet has. */
  items: number;
  updatedAt: string;
}

/** Which part of a note section an item shows. */
export const sectionPart = z.enum(['all', 'first-paragraph', 'formulas']);
export type SectionPart = z.infer<typeof sectionPart>;

const id = z.number().int().positive();
const conceptRef = z.union([id, z.string().trim().min(1).max(200)]);
// A formula may not contain `$$`: it is written between $$ delimiters in the Markdown export.
const tex = z
  .string()
  .trim()
  .min(1)
  .max(5000)
  .refine((t) => !t.includes('$$'), 'a formula cannot contain $$');

/** What can be put on a sheet. A concept or path end is an id or a name/alias. */
export const sheetItemInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('section'), noteId: id, section: z.string().min(1).max(500), part: sectionPart.optional() }),
  z.strictObject({ kind: z.literal('annotation'), annotationId: z.string().uuid() }),
  z.strictObject({ kind: z.literal('concept'), concept: conceptRef, withMap: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('path'), from: conceptRef, to: conceptRef }),
  z.strictObject({ kind: z.literal('formula'), tex, noteId: id.optional(), caption: z.string().max(200).optional() }),
  z.strictObject({ kind: z.literal('text'), markdown: z.string().max(50_000) }),
]);
export type SheetItemInput = z.infer<typeof sheetItemInput>;

export type SheetItemKind = SheetItemInput['kind'];

/** Per-item options; each applies to the kinds named. */
export const sheetItemChanges = z.strictObject({
  /** section */
  part: sectionPart.optional(),
  /** concept */
  withMap: z.boolean().optional(),
  /** formula */
  caption: z.string().max(200).optional(),
  /** formula typed by the person (not from a note) */
  tex: tex.optional(),
  /** text */
  markdown: z.string().max(50_000).optional(),
});
export type SheetItemChanges = z.infer<typeof sheetItemChanges>;

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

export const sheetQuickAdd = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('note-highlights'), noteId: id }),
  z.strictObject({ kind: z.literal('color-highlights'), color: annotationColor }),
  z.strictObject({ kind: z.literal('note-formulas'), noteId: id }),
]);
export type SheetQuickAdd = z.infer<typeof sheetQuickAdd>;

export const sheetExportFormat = z.enum(['md', 'html', 'pdf']);
export type SheetExportFormat = z.infer<typeof sheetExportFormat>;

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
