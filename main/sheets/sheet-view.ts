import type { SheetItemRecord, SheetRecord, SheetSnapshot } from '../../db/repositories/sheets.js';
import type { Sheet, SheetItem, SheetItemInput, SheetLayout } from '../api/contract.js';
import { itemHtml } from './render-item.js';
import { resolveItem } from './resolve.js';
import type { ResolvedItem, SheetSources } from './resolve.js';

/**
 * A stored sheet as the API shows it: every item resolved against the live
 * store. What an item resolves to is kept as its snapshot, so the day its
 * source disappears the sheet still shows the last known content, marked.
 */

export const DEFAULT_LAYOUT: SheetLayout = { columns: 2, paper: 'A4', fontSize: 9, theme: 'light' };

/** A stored layout with defaults for anything missing or out of range (older rows, hand edits). */
export function layoutOf(stored: Record<string, unknown>): SheetLayout {
  const columns = stored.columns === 1 || stored.columns === 2 || stored.columns === 3 ? stored.columns : DEFAULT_LAYOUT.columns;
  const paper = stored.paper === 'A4' || stored.paper === 'Letter' ? stored.paper : DEFAULT_LAYOUT.paper;
  const fontSize =
    typeof stored.fontSize === 'number' && stored.fontSize >= 6 && stored.fontSize <= 16 ? stored.fontSize : DEFAULT_LAYOUT.fontSize;
  const theme = stored.theme === 'light' || stored.theme === 'print' ? stored.theme : DEFAULT_LAYOUT.theme;
  return { columns, paper, fontSize, theme };
}

const snapshotOf = (resolved: ResolvedItem): SheetSnapshot => ({
  title: resolved.title,
  origin: resolved.origin,
  markdown: resolved.markdown,
});

const sameSnapshot = (a: SheetSnapshot | null, b: SheetSnapshot): boolean =>
  a !== null && a.title === b.title && a.origin === b.origin && a.markdown === b.markdown;

/** Resolves one stored item, recording its snapshot or that its source is missing. */
export function viewItem(src: SheetSources, record: SheetItemRecord, now: string): SheetItem {
  const spec = record.spec as unknown as SheetItemInput;
  const resolved = resolveItem(src, spec);
  let missingSince: string | null = null;
  let content: ResolvedItem;
  if (resolved) {
    const snapshot = snapshotOf(resolved);
    if (!sameSnapshot(record.snapshot, snapshot) || record.missingSince) src.sheets.saveSnapshot(record.id, snapshot);
    content = resolved;
  } else {
    if (!record.missingSince) src.sheets.markMissing(record.id, now);
    missingSince = record.missingSince ?? now;
    const last = record.snapshot ?? { title: '', origin: '', markdown: '' };
    content = { ...last, noteId: null };
  }
  return {
    id: record.id,
    kind: record.kind,
    position: record.position,
    spec,
    title: content.title,
    origin: content.origin,
    markdown: content.markdown,
    html: itemHtml({ kind: record.kind, ...content, missingSince, images: src.images(content.noteId) }, record.id, src.language()),
    noteId: content.noteId,
    missingSince,
  };
}

/** A sheet with its items resolved (writes snapshots, so run it inside a transaction). */
export function viewSheet(src: SheetSources, record: SheetRecord, now: string): Sheet {
  src.beginResolving();
  return {
    id: record.id,
    title: record.title,
    layout: layoutOf(record.layout),
    items: src.sheets.items(record.id).map((item) => viewItem(src, item, now)),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * How an item is stored: concepts by their current name, which survives a
 * rename or a merge (both keep the old name as an alias), rather than by an
 * id a merge deletes.
 */
export function normalizeSpec(src: SheetSources, input: SheetItemInput): SheetItemInput {
  const nameOf = (ref: string | number): string | number => {
    const id = src.conceptId(ref);
    return id === undefined ? ref : (src.concepts.get(id)?.name ?? ref);
  };
  if (input.kind === 'concept') return { ...input, concept: nameOf(input.concept) };
  if (input.kind === 'path') return { ...input, from: nameOf(input.from), to: nameOf(input.to) };
  if (input.kind === 'formula') return { ...input, tex: input.tex.trim() };
  return input;
}

/** Resolves an item about to be added; undefined when what it points at does not exist. */
export function firstSnapshot(src: SheetSources, spec: SheetItemInput): SheetSnapshot | undefined {
  const resolved = resolveItem(src, spec);
  return resolved ? snapshotOf(resolved) : undefined;
}

/** A key telling whether two items show the same thing, so quick-start actions do not add duplicates. */
export function itemKey(spec: SheetItemInput): string {
  switch (spec.kind) {
    case 'annotation':
      return `annotation:${spec.annotationId}`;
    case 'formula':
      return `formula:${spec.noteId ?? ''}:${spec.tex}`;
    case 'section':
      return `section:${spec.noteId}:${spec.section}:${spec.part ?? 'all'}`;
    case 'concept':
      return `concept:${String(spec.concept)}`;
    case 'path':
      return `path:${String(spec.from)}:${String(spec.to)}`;
    case 'text':
      return `text:${spec.markdown}`;
  }
}
