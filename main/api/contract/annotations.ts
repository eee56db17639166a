/** Annotations: highlights and comments anchored to a note's text, their export and import (`annotations.*`). */

import { z } from 'zod';
import { ANNOTATION_COLORS } from '../../../common/annotation-colors.js';

export const annotationColor = z.enum(ANNOTATION_COLORS);
export type AnnotationColor = z.infer<typeof annotationColor>;
export const anchorState = z.enum(['anchored', 'orphan']);
export type AnchorState = z.infer<typeof anchorState>;

/** W3C TextQuoteSelector: the exact text with some context on either side. */
export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface Annotation {
  /** A UUID: the same annotation keeps it across export and import. */
  id: string;
  noteId: number;
  noteTitle: string;
  notePath: string;
  quote: TextQuoteSelector;
  /**
   * W3C TextPositionSelector into the note's text projection, in UTF-16 code
   * units (JavaScript string indices), for the version `contentHash`. For an
   * orphan these are the last good selectors, kept until the person decides.
   */
  start: number;
  end: number;
  contentHash: string;
  color: AnnotationColor;
  /** Markdown with math. */
  comment: string;
  /** The comment through the one Markdown pipeline (formulas left for the reader to typeset). */
  commentHtml: string;
  tags: string[];
  state: AnchorState;
  /** The section the annotation starts in, for lists. */
  sectionTitle: string | null;
  sectionSlug: string | null;
  createdAt: string;
  updatedAt: string;
}

export const annotationFilter = z.strictObject({
  noteId: z.number().int().positive().optional(),
  color: annotationColor.optional(),
  tag: z.string().max(100).optional(),
  /** Words to find in the quote or the comment. */
  text: z.string().max(1000).optional(),
  state: anchorState.optional(),
});
export type AnnotationFilter = z.infer<typeof annotationFilter>;

export interface AnnotationImportReport {
  imported: number;
  updated: number;
  orphaned: number;
  skipped: { id: string; reason: string }[];
}

/** The `annotations.*` calls. */
export interface AnnotationsApi {
  /**
   * Marks a span of a note's text projection. The main process derives the
   * quote and its context from its own copy of the text.
   */
  'annotations.create': {
    args: { noteId: number; start: number; end: number; color?: AnnotationColor; comment?: string; tags?: string[] };
    result: Annotation;
  };
  /** Changes colour, comment or tags; `start`/`end` re-attach it (an orphan becomes anchored). */
  'annotations.update': {
    args: { id: string; color?: AnnotationColor; comment?: string; tags?: string[]; start?: number; end?: number };
    result: Annotation;
  };
  /** The only way an annotation is ever removed. */
  'annotations.delete': { args: { id: string }; result: { id: string } };
  'annotations.get': { args: { id: string }; result: Annotation };
  /** A note's annotations in reading order, or all of them (filtered), by note then position. */
  'annotations.list': { args: AnnotationFilter; result: Annotation[] };
  /** Every annotation as a W3C Web Annotation collection (the caller writes it where it chooses; no handler writes a file). */
  'annotations.export': { args: Record<string, never>; result: { count: number; document: unknown } };
  /** Re-anchors each annotation of a W3C Web Annotation collection on the notes here (the caller read the file). */
  'annotations.import': { args: { document: unknown }; result: AnnotationImportReport };
  /** Markdown (a comment being edited) through the one pipeline, for a live preview. */
  'annotations.previewComment': { args: { markdown: string }; result: { html: string } };
  /**
   * One note's highlights and comments as a Markdown file (quote, comment,
   * tags, a link back to the note's file at each heading); the caller saves it.
   */
  'annotations.exportMarkdown': { args: { noteId: number }; result: { fileName: string; count: number; markdown: string } };
}
