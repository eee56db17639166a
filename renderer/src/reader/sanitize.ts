import DOMPurify from 'dompurify';
import { installPictureRules } from './stored-pictures.js';

/**
 * SECURITY: every piece of note HTML passes here before it reaches the DOM,
 * even though the main process already escapes raw HTML: a second, independent
 * line of defence. KaTeX needs style attributes and MathML; Mermaid needs SVG.
 * Forms, frames, scripts, event handlers and javascript: URLs never survive.
 * An image survives only as one of the store's own pictures (`/media/<sha256>`,
 * on the page's origin): nothing a note says can make the page fetch anything else.
 */
/** Elements no note HTML keeps, wherever it is shown (the sheet editor forbids these and more). */
export const FORBID_TAGS = [
  'style',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'iframe',
  'object',
  'embed',
  'link',
  'meta',
  'base',
  'script',
  'video',
  'audio',
  'source',
];

installPictureRules();

export function sanitizeNoteHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    FORBID_TAGS,
    FORBID_ATTR: ['srcset', 'action', 'formaction', 'target'],
    ADD_ATTR: ['loading', 'decoding'],
    ALLOW_DATA_ATTR: true,
  });
}

/** Mermaid's SVG: its own <style> block is kept, scripts, foreign HTML and links to elsewhere are not. */
export function sanitizeDiagramSvg(svg: string): string {
  return DOMPurify.sanitize(svg, {
    USE_PROFILES: { svg: true, svgFilters: true },
    ADD_TAGS: ['style'],
    FORBID_TAGS: ['script', 'foreignObject', 'a', 'image', 'use'],
    FORBID_ATTR: ['href', 'xlink:href'],
  });
}
