import DOMPurify from 'dompurify';

/**
 * SECURITY: every piece of note HTML passes here before it reaches the DOM,
 * even though the main process already escapes raw HTML: a second, independent
 * line of defence. KaTeX needs style attributes and MathML; Mermaid needs SVG.
 * Forms, frames, scripts, event handlers and javascript: URLs never survive.
 */
const FORBID_TAGS = ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'script', 'img', 'video', 'audio', 'source'];

export function sanitizeNoteHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    FORBID_TAGS,
    FORBID_ATTR: ['srcset', 'action', 'formaction', 'target'],
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
