import { join } from 'node:path';
import { z } from 'zod';
import type { NoteRecord, NoteSummary as StoredSummary } from '../../db/repositories/notes.js';
import type { SectionRecord } from '../markdown/types.js';
import { splitFrontMatter } from '../markdown/front-matter.js';
import { headEnd } from '../markdown/note-head.js';
import { renderMarkdown } from '../markdown/pipeline.js';
import { readableTex } from '../search/readable-tex.js';
import { noteImagesLookup } from '../media/note-images.js';
import type { ResolvedImage } from '../markdown/local-images.js';
import type { AppContext } from './context.js';
import type { NoteDetail, NoteRef, NoteSummary, NoteView, OpenedNote, Section } from './contract.js';
import { noteFormat, noteRef } from './contract/notes.js';
import type { DomainHandlers } from './handler.js';
import { invalid, notFound } from './errors.js';
import { NoteHtmlCache } from './note-html-cache.js';

const refine = (value: NoteRef): boolean => (value.id === undefined) !== (value.path === undefined);
const refMessage = { message: 'give either id or path' };

/** Where a note's file is on disk. */
export function absolutePathOf(ctx: AppContext, note: StoredSummary): string {
  return onDisk(ctx.libraries.get(note.libraryId)?.rootPath, note.path);
}

function onDisk(root: string | undefined, path: string): string {
  return root ? join(root, ...path.split('/')) : path;
}

/** Maps a stored note to the API shape, adding where its file is on disk (`root`: its library's folder). */
function toSummary(note: StoredSummary, root: string | undefined): NoteSummary {
  return {
    id: note.id,
    libraryId: note.libraryId,
    title: note.title,
    path: note.path,
    absolutePath: onDisk(root, note.path),
    tags: note.tags,
    sections: note.sectionCount,
    formulas: note.formulaCount,
    diagrams: note.diagramCount,
    byteSize: note.byteSize,
    updatedAt: note.updatedAt,
    removedAt: note.removedAt,
  };
}

/**
 * Finds a note by id, by absolute path, or by its path inside a library (when
 * only one library has it).
 */
export function resolveNote(ctx: AppContext, ref: NoteRef): NoteRecord {
  if (ref.id !== undefined) {
    const note = ctx.notes.get(ref.id);
    if (!note) throw notFound(`no note with id ${ref.id}`);
    return note;
  }
  const path = ref.path ?? '';
  const matches: NoteRecord[] = [];
  for (const library of ctx.libraries.list()) {
    const prefix = `${library.rootPath}/`;
    const inside = path.startsWith(prefix) ? path.slice(prefix.length).split('\\').join('/') : path.replace(/^\.\//, '');
    const note = ctx.notes.findByPath(library.id, inside);
    if (note) matches.push(note);
  }
  const [first] = matches;
  if (!first) throw notFound(`no note at ${path}`);
  if (matches.length > 1) throw invalid(`${path} is in ${matches.length} libraries; use the note id or an absolute path`);
  return first;
}

/**
 * Sections with their headings as a reader reads them. A heading's formulas
 * are stored as TeX inside its title and are the first formulas of its
 * section (the heading opens it), so each of those whose TeX the title
 * still holds, in order, is replaced by its readable form. One pass over the
 * note's formulas.
 */
function withReadableTitles(sections: SectionRecord[], formulas: { tex: string; sectionOrd: number | null }[]): Section[] {
  const firstFormulas = new Map<number, string[]>();
  for (const formula of formulas) {
    if (formula.sectionOrd === null) continue;
    const list = firstFormulas.get(formula.sectionOrd) ?? [];
    list.push(formula.tex);
    firstFormulas.set(formula.sectionOrd, list);
  }
  return sections.map((section) => {
    let readable = '';
    let rest = section.title;
    for (const tex of firstFormulas.get(section.ord) ?? []) {
      const at = rest.indexOf(tex);
      if (at === -1 || tex === '') break;
      readable += rest.slice(0, at) + readableTex(tex);
      rest = rest.slice(at + tex.length);
    }
    return { ...section, readableTitle: readable + rest };
  });
}

/** Why the note's file could not be read again, when it could not: the note is then the version imported before. */
function readProblemOf(ctx: AppContext, note: NoteRecord): NoteView['readProblem'] {
  const unread = ctx.repositories.unreadFiles.get(note.libraryId, note.path);
  return unread ? { error: unread.error, at: unread.failedAt } : null;
}

/** What the reader shows of a note besides its body: everything `notes.get` gives but the source. */
function viewOf(ctx: AppContext, note: NoteRecord): NoteView {
  return {
    ...toSummary(note, ctx.libraries.get(note.libraryId)?.rootPath),
    frontMatter: note.frontMatter,
    text: note.text,
    contentHash: note.contentHash,
    warnings: note.warnings,
    readProblem: readProblemOf(ctx, note),
    sectionList: withReadableTitles(ctx.notes.sections(note.id), ctx.notes.formulas(note.id)),
    links: ctx.notes.links(note.id),
    importedTitle: ctx.notes.titles(note.id)?.imported ?? note.title,
  };
}

/** What a note's HTML depends on besides its text: its path (relative links resolve against it) and the pictures it shows. */
function renderKey(note: NoteRecord, images: ReadonlyMap<string, ResolvedImage> | undefined): string {
  if (!images || images.size === 0) return note.path;
  return [note.path, ...[...images].map(([ref, image]) => `${ref}\t${image.hash ?? ''}\t${image.problem ?? ''}`)].join('\n');
}

/**
 * A note's body as HTML from the one pipeline, front matter left out. With
 * `head`, a note longer than that is rendered only as far as a block boundary
 * near there (`isHead`).
 */
function renderBody(
  note: NoteRecord,
  images: ReadonlyMap<string, ResolvedImage> | undefined,
  isMathDeferred: boolean,
  head?: number,
): { html: string; isHead: boolean } {
  const body = splitFrontMatter(note.source).body;
  const end = head === undefined ? body.length : headEnd(body, head);
  const html = renderMarkdown(end < body.length ? body.slice(0, end) : body, { notePath: note.path, isMathDeferred, images });
  return { html, isHead: end < body.length };
}

export function notesHandlers(
  ctx: AppContext,
): DomainHandlers<'notes.list' | 'notes.get' | 'notes.render' | 'notes.rename' | 'notes.open'> {
  const search = ctx.repositories.search;
  // The reader's HTML per version of a note: one render per version, not one per opening.
  const opened = new NoteHtmlCache();
  const imagesOf = noteImagesLookup(ctx.repositories.media);
  return {
    'notes.list': {
      schema: z.strictObject({ libraryId: z.number().int().positive().optional(), includeRemoved: z.boolean().optional() }),
      run: (args) => {
        const roots = new Map(ctx.libraries.list().map((l) => [l.id, l.rootPath]));
        return ctx.notes.list(args).map((n) => toSummary(n, roots.get(n.libraryId)));
      },
    },
    'notes.get': {
      schema: noteRef.refine(refine, refMessage),
      run: (args): NoteDetail => {
        const note = resolveNote(ctx, args);
        return { ...viewOf(ctx, note), source: note.source };
      },
    },
    'notes.render': {
      schema: z
        .strictObject({
          ...noteRef.shape,
          format: noteFormat,
          deferMath: z.boolean().optional(),
          head: z.number().int().min(4_096).max(1_048_576).optional(),
        })
        .refine(refine, refMessage),
      run: (args) => {
        const note = resolveNote(ctx, args);
        if (args.format !== 'html')
          return { id: note.id, title: note.title, format: args.format, content: args.format === 'md' ? note.source : note.text };
        const { html: content, isHead } = renderBody(note, imagesOf(note.id), args.deferMath === true, args.head);
        return isHead
          ? { id: note.id, title: note.title, format: args.format, content, isHead: true }
          : { id: note.id, title: note.title, format: args.format, content };
      },
    },
    'notes.open': {
      schema: z.strictObject({
        id: z.number().int().positive(),
        head: z.number().int().min(4_096).max(1_048_576).optional(),
        knownHash: z.string().max(128).optional(),
      }),
      run: (args): OpenedNote => {
        const note = resolveNote(ctx, { id: args.id });
        const view = viewOf(ctx, note);
        if (args.knownHash === note.contentHash) return { note: view, html: null };
        const images = imagesOf(note.id);
        const key = renderKey(note, images);
        const kept = opened.get(note.id, note.contentHash, key);
        if (kept !== undefined) return { note: view, html: kept };
        const { html, isHead } = renderBody(note, images, true, args.head);
        if (isHead) return { note: view, html, isHead: true };
        opened.set(note.id, note.contentHash, key, html);
        return { note: view, html };
      },
    },
    'notes.rename': {
      // One line of text: line breaks and control characters would break every list that shows it.
      schema: z.strictObject({
        id: z.number().int().positive(),
        title: z
          .string()
          .max(300)
          .transform((t) => t.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim())
          .nullable(),
      }),
      run: (args) => {
        const title = args.title === null || args.title === '' ? null : args.title;
        ctx.store.transaction(() => {
          if (!ctx.notes.rename(args.id, title)) throw notFound(`no note with id ${args.id}`);
          // Search finds a note by the title it shows.
          search.indexNotes([args.id], [args.id]);
        });
        const note = ctx.notes.get(args.id);
        if (!note) throw notFound(`no note with id ${args.id}`);
        return toSummary(note, ctx.libraries.get(note.libraryId)?.rootPath);
      },
    },
  };
}
