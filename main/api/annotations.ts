import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AnnotationRecord } from '../../db/repositories/annotations.js';
import type { NoteRecord } from '../../db/repositories/notes.js';
import type { SectionRecord } from '../markdown/types.js';
import { anchor } from '../annotations/anchoring.js';
import { anchorFrom, targetOf } from '../annotations/reanchor.js';
import { describeSpan } from '../annotations/selectors.js';
import { readWebAnnotations, toWebAnnotationCollection } from '../annotations/web-annotation.js';
import { annotationsMarkdown } from '../annotations/markdown-export.js';
import { exportFileName } from '../sheets/export-sheet.js';
import { chosenLanguage } from './settings.js';
import type { ImportedAnnotation } from '../annotations/web-annotation.js';
import { renderMarkdown } from '../markdown/pipeline.js';
import type { AppContext } from './context.js';
import type { Annotation, AnnotationImportReport } from './contract.js';
import { annotationColor as color, annotationFilter } from './contract/annotations.js';
import { invalid, notFound } from './errors.js';
import type { DomainHandlers } from './handler.js';
import { absolutePathOf, resolveNote } from './notes.js';

const tags = z.array(z.string().trim().min(1).max(100)).max(50);
const comment = z.string().max(100_000);
const id = z.string().uuid();

type AnnotationCalls =
  | 'annotations.create'
  | 'annotations.update'
  | 'annotations.delete'
  | 'annotations.get'
  | 'annotations.list'
  | 'annotations.export'
  | 'annotations.import'
  | 'annotations.previewComment'
  | 'annotations.exportMarkdown';

/** A span must lie inside the text and not cut a surrogate pair in half. */
function checkSpan(text: string, start: number, end: number): void {
  if (start < 0 || end > text.length || end <= start)
    throw invalid(`the span ${start}–${end} is not inside the note (length ${text.length})`);
  const isLow = (i: number): boolean =>
    i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i] ?? '') && /[\uD800-\uDBFF]/.test(text[i - 1] ?? '');
  if (isLow(start) || isLow(end)) throw invalid('the span cuts a character in half');
  if (text.slice(start, end).trim() === '') throw invalid('there is no text to annotate in that span');
}

function sectionAt(sections: SectionRecord[], offset: number): SectionRecord | undefined {
  let found: SectionRecord | undefined;
  for (const section of sections) {
    if (section.startOffset <= offset && offset < Math.max(section.endOffset, section.startOffset + 1)) found = section;
  }
  return found;
}

export function annotationHandlers(ctx: AppContext): DomainHandlers<AnnotationCalls> {
  const repository = ctx.repositories.annotations;

  /** API shapes for records, looking each note up once. */
  const present = (records: AnnotationRecord[]): Annotation[] => {
    const notes = new Map<number, { note: NoteRecord | undefined; sections: SectionRecord[] }>();
    return records.map((record) => {
      let entry = notes.get(record.noteId);
      if (!entry) {
        entry = { note: ctx.notes.get(record.noteId), sections: ctx.notes.sections(record.noteId) };
        notes.set(record.noteId, entry);
      }
      const section = sectionAt(entry.sections, record.start);
      return {
        id: record.id,
        noteId: record.noteId,
        noteTitle: entry.note?.title ?? '',
        notePath: entry.note?.path ?? '',
        quote: { exact: record.quoteExact, prefix: record.quotePrefix, suffix: record.quoteSuffix },
        start: record.start,
        end: record.end,
        contentHash: record.contentHash,
        color: record.color,
        comment: record.comment,
        commentHtml: record.comment ? renderMarkdown(record.comment, { isMathDeferred: true }) : '',
        tags: record.tags,
        state: record.state,
        sectionTitle: section?.title ?? null,
        sectionSlug: section?.slug ?? null,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
      };
    });
  };
  const one = (annotationId: string): Annotation => {
    const record = repository.get(annotationId);
    if (!record) throw notFound(`no annotation ${annotationId}`);
    return present([record])[0] as Annotation;
  };
  const noteFor = (noteId: number): NoteRecord => {
    const note = ctx.notes.get(noteId);
    if (!note) throw notFound(`no note with id ${noteId}`);
    return note;
  };

  /** Finds the note an imported annotation belongs to: by library path, then file, then title. */
  const matchNote = (item: ImportedAnnotation): NoteRecord | undefined => {
    const candidates: NoteRecord[] = [];
    if (item.notePath) {
      for (const library of ctx.libraries.list()) {
        const note = ctx.notes.findByPath(library.id, item.notePath);
        if (note) candidates.push(note);
      }
    }
    if (candidates.length === 0 && item.noteFile) {
      try {
        candidates.push(resolveNote(ctx, { path: item.noteFile }));
      } catch {
        // not here under the same absolute path; try the title
      }
    }
    if (candidates.length === 0 && item.noteTitle) {
      candidates.push(
        ...ctx.notes
          .list({ includeRemoved: true })
          .filter((n) => n.title === item.noteTitle)
          .map((n) => noteFor(n.id)),
      );
    }
    // Several libraries with the same path: the one whose text still has the quote wins.
    return candidates.find((n) => n.text.includes(item.quote.exact)) ?? candidates[0];
  };

  return {
    'annotations.create': {
      schema: z.strictObject({
        noteId: z.number().int().positive(),
        start: z.number().int().min(0),
        end: z.number().int().min(1),
        color: color.optional(),
        comment: comment.optional(),
        tags: tags.optional(),
      }),
      run: (args) => {
        const note = noteFor(args.noteId);
        checkSpan(note.text, args.start, args.end);
        const target = describeSpan(note.text, args.start, args.end);
        const now = new Date().toISOString();
        const record: AnnotationRecord = {
          id: randomUUID(),
          noteId: note.id,
          ...anchorFrom(target, note.contentHash),
          color: args.color ?? 'yellow',
          comment: args.comment ?? '',
          tags: [...new Set(args.tags ?? [])],
          state: 'anchored',
          orphanedAt: null,
          createdAt: now,
          updatedAt: now,
        };
        repository.insert(record);
        return one(record.id);
      },
    },
    'annotations.update': {
      schema: z
        .strictObject({
          id,
          color: color.optional(),
          comment: comment.optional(),
          tags: tags.optional(),
          start: z.number().int().min(0).optional(),
          end: z.number().int().min(1).optional(),
        })
        .refine((a) => (a.start === undefined) === (a.end === undefined), { message: 'give both start and end to re-attach' }),
      run: (args) => {
        const record = repository.get(args.id);
        if (!record) throw notFound(`no annotation ${args.id}`);
        const now = new Date().toISOString();
        ctx.store.transaction(() => {
          repository.edit(
            record.id,
            {
              color: args.color ?? record.color,
              comment: args.comment ?? record.comment,
              tags: args.tags ? [...new Set(args.tags)] : record.tags,
            },
            now,
          );
          if (args.start !== undefined && args.end !== undefined) {
            // Re-attaching: the person chose the new text; it replaces the old selectors.
            const note = noteFor(record.noteId);
            checkSpan(note.text, args.start, args.end);
            repository.setAnchor(record.id, anchorFrom(describeSpan(note.text, args.start, args.end), note.contentHash), now);
          }
        });
        return one(record.id);
      },
    },
    'annotations.delete': {
      schema: z.strictObject({ id }),
      run: (args) => {
        if (!repository.delete(args.id)) throw notFound(`no annotation ${args.id}`);
        return { id: args.id };
      },
    },
    'annotations.get': {
      schema: z.strictObject({ id }),
      run: (args) => one(args.id),
    },
    'annotations.list': {
      schema: annotationFilter,
      run: (args) => present(repository.list(args)),
    },
    'annotations.export': {
      // SECURITY: no path: the caller writes the document where it chooses (the CLI), so the page can name no file.
      schema: z.strictObject({}),
      run: () => {
        const records = repository.list();
        const notes = new Map<number, NoteRecord | undefined>();
        const items = records.map((record) => {
          if (!notes.has(record.noteId)) notes.set(record.noteId, ctx.notes.get(record.noteId));
          const note = notes.get(record.noteId);
          return {
            record,
            note: { path: note?.path ?? '', title: note?.title ?? '', absolutePath: note ? absolutePathOf(ctx, note) : '' },
          };
        });
        const document = toWebAnnotationCollection(items, new Date().toISOString());
        return { count: records.length, document };
      },
    },
    'annotations.import': {
      // SECURITY: a document, never a path: the caller reads the file it was given (the CLI), so the page can name no file.
      schema: z.strictObject({ document: z.unknown() }),
      run: (args) => {
        const document = args.document;
        const now = new Date().toISOString();
        let parsed: ReturnType<typeof readWebAnnotations>;
        try {
          parsed = readWebAnnotations(document, now);
        } catch (error) {
          throw invalid((error as Error).message);
        }
        const report: AnnotationImportReport = { imported: 0, updated: 0, orphaned: 0, skipped: [...parsed.rejected] };
        ctx.store.transaction(() => {
          for (const item of parsed.items) {
            const note = matchNote(item);
            if (!note) {
              report.skipped.push({
                id: item.id,
                reason: `no note here at ${item.notePath ?? item.noteFile ?? '?'} or titled ${item.noteTitle ?? '?'}`,
              });
              continue;
            }
            const result = anchor(
              targetOf({
                quoteExact: item.quote.exact,
                quotePrefix: item.quote.prefix,
                quoteSuffix: item.quote.suffix,
                start: item.start,
                end: item.end,
              }),
              note.text,
            );
            const anchorData =
              result.state === 'anchored'
                ? anchorFrom(result.target, note.contentHash)
                : {
                    quoteExact: item.quote.exact,
                    quotePrefix: item.quote.prefix,
                    quoteSuffix: item.quote.suffix,
                    start: item.start,
                    end: Math.max(item.end, item.start + 1),
                    contentHash: '',
                  };
            const existing = repository.get(item.id);
            if (existing) {
              // Same annotation imported again: its content follows the file; it stays on its note here.
              repository.edit(item.id, { color: item.color, comment: item.comment, tags: item.tags }, now);
              report.updated++;
            } else {
              repository.insert({
                id: item.id,
                noteId: note.id,
                ...anchorData,
                color: item.color,
                comment: item.comment,
                tags: item.tags,
                state: result.state,
                orphanedAt: result.state === 'orphan' ? now : null,
                createdAt: item.createdAt,
                updatedAt: item.updatedAt,
              });
              report.imported++;
              if (result.state === 'orphan') report.orphaned++;
            }
          }
        });
        return report;
      },
    },
    'annotations.previewComment': {
      schema: z.strictObject({ markdown: comment }),
      run: (args) => ({ html: renderMarkdown(args.markdown, { isMathDeferred: true }) }),
    },
    'annotations.exportMarkdown': {
      // SECURITY: no path: the caller saves the text (a download in the page).
      schema: z.strictObject({ noteId: z.number().int().positive() }),
      run: (args) => {
        const note = ctx.notes.get(args.noteId);
        if (!note) throw notFound(`note ${args.noteId} not found`);
        const records = repository.forNote(note.id);
        const exported = {
          title: note.title,
          path: note.path,
          absolutePath: absolutePathOf(ctx, note),
          sections: ctx.notes.sections(note.id),
        };
        const items = records.map((r) => ({ quote: r.quoteExact, comment: r.comment, tags: r.tags, start: r.start, state: r.state }));
        return {
          fileName: exportFileName(`${note.title} annotations`, 'md'),
          count: records.length,
          markdown: annotationsMarkdown(exported, items, new Date().toISOString(), chosenLanguage(ctx)),
        };
      },
    },
  };
}
