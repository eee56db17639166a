import DOMPurify from 'dompurify';
import { FORBID_TAGS as NOTE_FORBID_TAGS } from '../reader/sanitize.js';
import { installPictureRules } from '../reader/stored-pictures.js';

/**
 * SECURITY: a sheet item's HTML comes typeset from the main process (one
 * pipeline, links already made text) and passes DOMPurify here too, as the
 * reader's does. Unlike the reader, which typesets in the page, it already
 * holds KaTeX's output, whose radicals, stretchy arrows and braces are inline
 * SVG: the SVG profile keeps them (the HTML profile alone dropped every √).
 * Scripts, forms, frames, foreign content and references to other documents
 * never survive; a picture only as one the import stored (stored-pictures.ts).
 */
const FORBID_TAGS = [...NOTE_FORBID_TAGS, 'foreignObject', 'use', 'image', 'a'];

installPictureRules();

/** Item HTML made safe to show in the sheet preview. */
export function sanitizeSheetHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true, svg: true },
    FORBID_TAGS,
    FORBID_ATTR: ['srcset', 'action', 'formaction', 'target', 'href', 'xlink:href'],
    ADD_ATTR: ['loading', 'decoding'],
    ALLOW_DATA_ATTR: true,
  });
}
