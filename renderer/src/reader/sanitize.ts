import DOMPurify from 'dompurify';
import { imageProblemKey } from '../../../common/image-problems.js';
import { preferences } from '../state/preferences.svelte.js';

/**
 * SECURITY: every piece of note HTML passes here before it reaches the DOM,
 * even though the main process already escapes raw HTML: a second, independent
 * line of defence. KaTeX needs style attributes and MathML; Mermaid needs SVG.
 * Forms, frames, scripts, event handlers and javascript: URLs never survive.
 * An image survives only as one of the store's own pictures (`/media/<sha256>`,
 * on the page's origin): nothing a note says can make the page fetch anything else.
 */
const FORBID_TAGS = ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'script', 'video', 'audio', 'source'];

/** The only image source a note's HTML may keep: a picture the import stored. */
const STORED_PICTURE = /^\/media\/[0-9a-f]{64}$/;

DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName === 'src' && node.nodeName === 'IMG' && !STORED_PICTURE.test(data.attrValue)) data.keepAttr = false;
});

// A local image that did not come through says why, in the person's language;
// shown by CSS (note.css), so it adds no text the annotations are aligned on.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof HTMLElement) || !node.classList.contains('image-placeholder')) return;
  const problem = node.dataset.problem;
  if (problem) node.dataset.reason = preferences.t(imageProblemKey(problem));
});

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
