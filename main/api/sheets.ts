import { z } from 'zod';
import type { SheetRecord } from '../../db/repositories/sheets.js';
import { ExportUnavailable, exportSheet } from '../sheets/export.js';
import { isWorthASheet } from '../sheets/formula-fragments.js';
import { exportFileName, sheetDiagrams } from '../sheets/export-sheet.js';
import { SheetSources } from '../sheets/resolve.js';
import { DEFAULT_LAYOUT, firstSnapshot, itemKey, layoutOf, normalizeSpec, viewSheet } from '../sheets/sheet-view.js';
import type { AppContext } from './context.js';
import type { Sheet, SheetItemChanges, SheetItemInput, SheetQuickAdd } from './contract.js';
import {
  sheetExportFormat,
  sheetItemChanges as changes,
  sheetItemInput as itemInput,
  sheetLayout,
  sheetQuickAdd as quickAdd,
} from './contract/sheets.js';
import { invalid, notFound } from './errors.js';
import type { DomainHandlers } from './handler.js';
import { chosenLanguage } from './settings.js';

type SheetCalls =
  | 'sheets.list'
  | 'sheets.get'
  | 'sheets.create'
  | 'sheets.update'
  | 'sheets.delete'
  | 'sheets.addItem'
  | 'sheets.updateItem'
  | 'sheets.removeItem'
  | 'sheets.reorder'
  | 'sheets.addMany'
  | 'sheets.diagrams'
  | 'sheets.export';

const id = z.number().int().positive();
const title = z.string().trim().min(1).max(200);
const layout = sheetLayout.partial();

/** Applies per-item changes; each option belongs to some kinds only. */
function applyChanges(spec: SheetItemInput, change: SheetItemChanges): SheetItemInput {
  const refuse = (field: string): never => {
    throw invalid(`${field} does not apply to a ${spec.kind} item`);
  };
  const next = { ...spec } as SheetItemInput;
  if (change.part !== undefined) {
    if (next.kind !== 'section') refuse('part');
    else next.part = change.part;
  }
  if (change.withMap !== undefined) {
    if (next.kind !== 'concept') refuse('withMap');
    else next.withMap = change.withMap;
  }
  if (change.caption !== undefined) {
    if (next.kind !== 'formula') refuse('caption');
    else next.caption = change.caption;
  }
  if (change.tex !== undefined) {
    if (next.kind !== 'formula' || next.noteId !== undefined) refuse('tex (only a formula you typed can be edited)');
    else next.tex = change.tex;
  }
  if (change.markdown !== undefined) {
    if (next.kind !== 'text') refuse('markdown');
    else next.markdown = change.markdown;
  }
  return next;
}

export function sheetHandlers(ctx: AppContext): DomainHandlers<SheetCalls> {
  const src = new SheetSources(ctx.store.db, () => chosenLanguage(ctx));
  const repo = src.sheets;
  const media = ctx.repositories.media;
  const now = (): string => new Date().toISOString();

  const record = (sheetId: number): SheetRecord => {
    const found = repo.get(sheetId);
    if (!found) throw notFound(`no sheet ${sheetId}`);
    return found;
  };
  const view = (sheetId: number): Sheet => ctx.store.transaction(() => viewSheet(src, record(sheetId), now()));
  const itemOf = (itemId: number) => {
    const item = repo.item(itemId);
    if (!item) throw notFound(`no sheet item ${itemId}`);
    return item;
  };
  const add = (sheetId: number, input: SheetItemInput, position?: number): void => {
    const spec = normalizeSpec(src, input);
    const snapshot = firstSnapshot(src, spec);
    if (!snapshot) throw notFound(`cannot add that ${input.kind}: it was not found`);
    repo.addItem(sheetId, { kind: spec.kind, spec: spec as unknown as Record<string, unknown>, snapshot }, now(), position);
  };

  const quickItems = (what: SheetQuickAdd): SheetItemInput[] => {
    if (what.kind === 'note-formulas') {
      if (!src.liveNote(what.noteId)) throw notFound(`no note with id ${what.noteId}`);
      return repo
        .noteFormulas(what.noteId)
        .filter(isWorthASheet)
        .map((f) => ({ kind: 'formula', noteId: what.noteId, tex: f.tex.trim() }));
    }
    const filter = what.kind === 'note-highlights' ? { noteId: what.noteId } : { color: what.color };
    return src.annotations.list(filter).map((a) => ({ kind: 'annotation', annotationId: a.id }));
  };

  return {
    'sheets.list': {
      schema: z.strictObject({}),
      run: () => repo.list().map((s) => ({ id: s.id, title: s.title, items: s.itemCount, updatedAt: s.updatedAt })),
    },
    'sheets.get': { schema: z.strictObject({ id }), run: (args) => view(args.id) },
    'sheets.create': {
      schema: z.strictObject({ title, layout: layout.optional() }),
      run: (args) => view(repo.create(args.title, { ...DEFAULT_LAYOUT, ...args.layout }, now())),
    },
    'sheets.update': {
      schema: z.strictObject({ id, title: title.optional(), layout: layout.optional() }),
      run: (args) => {
        const current = record(args.id);
        repo.update(args.id, { title: args.title ?? current.title, layout: { ...layoutOf(current.layout), ...args.layout } }, now());
        return view(args.id);
      },
    },
    'sheets.delete': {
      schema: z.strictObject({ id }),
      run: (args) => {
        if (!repo.delete(args.id)) throw notFound(`no sheet ${args.id}`);
        return { id: args.id };
      },
    },
    'sheets.addItem': {
      schema: z.strictObject({ sheetId: id, item: itemInput, position: z.number().int().min(0).optional() }),
      run: (args) => {
        record(args.sheetId);
        add(args.sheetId, args.item, args.position);
        return view(args.sheetId);
      },
    },
    'sheets.updateItem': {
      schema: z.strictObject({ itemId: id, changes }),
      run: (args) => {
        const item = itemOf(args.itemId);
        repo.updateSpec(
          item.id,
          applyChanges(item.spec as unknown as SheetItemInput, args.changes) as unknown as Record<string, unknown>,
          now(),
        );
        return view(item.sheetId);
      },
    },
    'sheets.removeItem': {
      schema: z.strictObject({ itemId: id }),
      run: (args) => {
        const item = itemOf(args.itemId);
        repo.removeItemById(item.id, now());
        return view(item.sheetId);
      },
    },
    'sheets.reorder': {
      schema: z.strictObject({ id, itemIds: z.array(id).max(10_000) }),
      run: (args) => {
        record(args.id);
        const current = repo
          .items(args.id)
          .map((i) => i.id)
          .sort((a, b) => a - b);
        const wanted = [...args.itemIds].sort((a, b) => a - b);
        if (current.length !== wanted.length || current.some((v, i) => v !== wanted[i])) {
          throw invalid('itemIds must name every item of the sheet exactly once (the sheet changed meanwhile; reload it)');
        }
        repo.reorder(args.id, args.itemIds, now());
        return view(args.id);
      },
    },
    'sheets.addMany': {
      schema: z.strictObject({ sheetId: id, what: quickAdd }),
      run: (args) => {
        record(args.sheetId);
        const present = new Set(repo.items(args.sheetId).map((i) => itemKey(i.spec as unknown as SheetItemInput)));
        let added = 0;
        ctx.store.transaction(() => {
          for (const input of quickItems(args.what)) {
            const key = itemKey(normalizeSpec(src, input));
            if (present.has(key)) continue;
            present.add(key);
            add(args.sheetId, input);
            added++;
          }
        });
        return { sheet: view(args.sheetId), added };
      },
    },
    'sheets.diagrams': {
      schema: z.strictObject({ id }),
      run: (args) => ({ diagrams: sheetDiagrams(view(args.id)) }),
    },
    'sheets.export': {
      schema: z.strictObject({
        id,
        format: sheetExportFormat,
        svgs: z.record(z.string().regex(/^[0-9a-f]{16}$/), z.string().max(5_000_000)).optional(),
      }),
      run: async (args) => {
        const sheet = view(args.id);
        let file;
        try {
          file = await exportSheet(sheet, args.format, args.svgs ?? {}, {
            printToPdf: ctx.platform.printToPdf,
            language: chosenLanguage(ctx),
            getMedia: (hash) => media.getMedia(hash),
          });
        } catch (error) {
          if (error instanceof ExportUnavailable) throw invalid(error.message);
          throw error;
        }
        // SECURITY: the file goes back to the caller, which saves it (the CLI to --out, the page as a download):
        // no handler writes where a caller says.
        const isBinary = args.format === 'pdf';
        return {
          format: args.format,
          fileName: exportFileName(sheet.title, args.format),
          content: file.bytes.toString(isBinary ? 'base64' : 'utf8'),
          encoding: isBinary ? 'base64' : 'utf8',
          bytes: file.bytes.length,
          undrawnDiagrams: file.undrawnDiagrams,
        };
      },
    },
  };
}
