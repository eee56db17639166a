import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ANNOTATION_COLORS } from '../../common/annotation-colors.js';
import type { AnnotationColor, AnnotationRecord } from '../../db/repositories/annotations.js';

/**
 * W3C Web Annotation (https://www.w3.org/TR/annotation-model/) for backing up
 * and moving a person's annotations: a collection whose items carry a
 * TextQuoteSelector and a TextPositionSelector on the note's text projection,
 * the comment as a Markdown TextualBody, tags as tagging bodies, and the note
 * by file URL, library path and title. Lattice's own fields use a `lattice:`
 * prefix declared in the context.
 */

const CONTEXT = ['http://www.w3.org/ns/anno.jsonld', { lattice: 'urn:lattice:vocab#' }];

export interface ExportedNote {
  path: string;
  absolutePath: string;
  title: string;
}

/** An annotation read back from a collection, before it is matched to a note here. */
export interface ImportedAnnotation {
  id: string;
  notePath: string | null;
  noteTitle: string | null;
  noteFile: string | null;
  quote: { exact: string; prefix: string; suffix: string };
  start: number;
  end: number;
  color: AnnotationColor;
  comment: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export function toWebAnnotationCollection(
  items: { record: AnnotationRecord; note: ExportedNote }[],
  generated: string,
): Record<string, unknown> {
  return {
    '@context': CONTEXT,
    type: 'AnnotationCollection',
    label: 'Lattice annotations',
    generator: 'Lattice',
    generated,
    total: items.length,
    items: items.map(({ record, note }) => ({
      id: `urn:uuid:${record.id}`,
      type: 'Annotation',
      created: record.createdAt,
      modified: record.updatedAt,
      motivation: record.comment ? 'commenting' : 'highlighting',
      body: [
        ...(record.comment ? [{ type: 'TextualBody', value: record.comment, format: 'text/markdown', purpose: 'commenting' }] : []),
        ...record.tags.map((tag) => ({ type: 'TextualBody', value: tag, purpose: 'tagging' })),
      ],
      target: {
        source: pathToFileURL(note.absolutePath).href,
        'lattice:path': note.path,
        'lattice:title': note.title,
        'lattice:contentHash': record.contentHash,
        selector: [
          { type: 'TextQuoteSelector', exact: record.quoteExact, prefix: record.quotePrefix, suffix: record.quoteSuffix },
          { type: 'TextPositionSelector', start: record.start, end: record.end },
        ],
      },
      'lattice:color': record.color,
      'lattice:state': record.state,
    })),
  };
}

const bodySchema = z.object({ type: z.string().optional(), value: z.string(), purpose: z.string().optional() });
const selectorSchema = z.union([
  z.object({ type: z.literal('TextQuoteSelector'), exact: z.string(), prefix: z.string().optional(), suffix: z.string().optional() }),
  z.object({ type: z.literal('TextPositionSelector'), start: z.number().int().min(0), end: z.number().int().min(0) }),
  z.object({ type: z.string() }),
]);
const itemSchema = z.object({
  id: z.string().min(1).max(200),
  created: z.string().optional(),
  modified: z.string().optional(),
  body: z.union([bodySchema, z.array(bodySchema)]).optional(),
  target: z.object({
    source: z.string().optional(),
    'lattice:path': z.string().optional(),
    'lattice:title': z.string().optional(),
    selector: z.union([selectorSchema, z.array(selectorSchema)]),
  }),
  'lattice:color': z.string().optional(),
});
const collectionSchema = z.object({ items: z.array(z.unknown()).max(1_000_000) });

/** A UUID from `urn:uuid:…` or a bare id; anything else becomes a fresh UUID's job (undefined). */
function annotationId(raw: string): string | undefined {
  const id = raw.replace(/^urn:uuid:/i, '');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.toLowerCase() : undefined;
}

function fileFromSource(source: string | undefined): string | null {
  if (!source?.startsWith('file:')) return null;
  try {
    return decodeURIComponent(new URL(source).pathname);
  } catch {
    return null; // a malformed file: URL in an imported annotation names no file; the title is tried instead
  }
}

/**
 * Reads a collection (or a bare array of annotations). Items that are not
 * usable annotations are returned as `rejected` with the reason; nothing is thrown
 * for one bad item.
 */
export function readWebAnnotations(
  document: unknown,
  now: string,
): { items: ImportedAnnotation[]; rejected: { id: string; reason: string }[] } {
  const list = Array.isArray(document) ? document : collectionSchema.safeParse(document).data?.items;
  if (!list) throw new Error('not a Web Annotation collection (no "items" array)');
  const items: ImportedAnnotation[] = [];
  const rejected: { id: string; reason: string }[] = [];
  for (const raw of list) {
    const parsed = itemSchema.safeParse(raw);
    const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '(no id)';
    if (!parsed.success) {
      rejected.push({ id: rawId, reason: `not a usable annotation: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      continue;
    }
    const item = parsed.data;
    const id = annotationId(item.id);
    const selectors = Array.isArray(item.target.selector) ? item.target.selector : [item.target.selector];
    const quote = selectors.find(
      (s): s is { type: 'TextQuoteSelector'; exact: string; prefix?: string; suffix?: string } =>
        s.type === 'TextQuoteSelector' && 'exact' in s,
    );
    const position = selectors.find(
      (s): s is { type: 'TextPositionSelector'; start: number; end: number } => s.type === 'TextPositionSelector' && 'start' in s,
    );
    if (!id || !quote || quote.exact === '') {
      rejected.push({ id: rawId, reason: !id ? 'the id is not a UUID' : 'no TextQuoteSelector with text' });
      continue;
    }
    const bodies = item.body === undefined ? [] : Array.isArray(item.body) ? item.body : [item.body];
    const color = ANNOTATION_COLORS.find((c) => c === item['lattice:color']) ?? 'yellow';
    items.push({
      id,
      notePath: item.target['lattice:path'] ?? null,
      noteTitle: item.target['lattice:title'] ?? null,
      noteFile: fileFromSource(item.target.source),
      quote: { exact: quote.exact, prefix: quote.prefix ?? '', suffix: quote.suffix ?? '' },
      start: position?.start ?? 0,
      end: position && position.end > position.start ? position.end : (position?.start ?? 0) + quote.exact.length,
      color,
      comment: bodies
        .filter((b) => b.purpose !== 'tagging')
        .map((b) => b.value)
        .join('\n\n'),
      tags: [
        ...new Set(
          bodies
            .filter((b) => b.purpose === 'tagging')
            .map((b) => b.value.trim())
            .filter(Boolean),
        ),
      ],
      createdAt: item.created ?? now,
      updatedAt: item.modified ?? now,
    });
  }
  return { items, rejected };
}
