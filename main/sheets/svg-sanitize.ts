import { decodeEntities, escapeHtml } from '../import/markdown/safe-html.js';

/**
 * SECURITY: diagrams reach an export as SVG drawn by Mermaid in a browser (the
 * app's renderer, or headless Chromium for the CLI), from Mermaid source
 * written in strangers' notes. Node has no DOM for DOMPurify, so this is an
 * allowlist re-serializer with the same rules: it reads the markup as tokens
 * and writes back only known SVG drawing elements with known attributes, each
 * value escaped by us. Scripts, foreignObject, links, images, animation and
 * event handlers never come out; references may only point inside the SVG
 * (`#id`, `url(#id)`); CSS loses @import, url() to anything outside and any
 * `<` that could close the style element. Whatever the input, the output is
 * well-formed markup made only of allowed parts.
 */

const ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'defs', 'marker',
  'style', 'title', 'desc', 'lineargradient', 'radialgradient', 'stop', 'clippath', 'symbol', 'use',
]);
/** Elements dropped together with everything inside them. */
const DROPPED_WITH_CONTENT = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'image', 'a', 'animate', 'set', 'animatemotion', 'animatetransform', 'handler', 'listener', 'audio', 'video', 'canvas', 'noscript', 'template']);
const CASED: Record<string, string> = { lineargradient: 'linearGradient', radialgradient: 'radialGradient', clippath: 'clipPath' };

const ATTRIBUTES = new Set([
  'id', 'class', 'style', 'd', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'width', 'height', 'viewbox',
  'transform', 'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-dashoffset',
  'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'stroke-opacity', 'opacity', 'points', 'marker-start', 'marker-mid',
  'marker-end', 'markerwidth', 'markerheight', 'markerunits', 'refx', 'refy', 'orient', 'preserveaspectratio', 'text-anchor',
  'dominant-baseline', 'alignment-baseline', 'baseline-shift', 'font-family', 'font-size', 'font-weight', 'font-style', 'dx',
  'dy', 'role', 'aria-label', 'aria-roledescription', 'aria-hidden', 'offset', 'stop-color', 'stop-opacity', 'gradientunits',
  'gradienttransform', 'clip-path', 'clippathunits', 'visibility', 'display', 'letter-spacing', 'text-decoration',
  'href', 'xlink:href', 'patternunits', 'rotate', 'lengthadjust', 'textlength', 'vector-effect', 'overflow',
]);
const CASED_ATTRIBUTES: Record<string, string> = {
  viewbox: 'viewBox', markerwidth: 'markerWidth', markerheight: 'markerHeight', markerunits: 'markerUnits', refx: 'refX', refy: 'refY',
  preserveaspectratio: 'preserveAspectRatio', gradientunits: 'gradientUnits', gradienttransform: 'gradientTransform',
  clippathunits: 'clipPathUnits', patternunits: 'patternUnits', lengthadjust: 'lengthAdjust', textlength: 'textLength',
};

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<[!?][^>]*>?|<(\/?)([a-zA-Z][\w:.-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Removes from CSS whatever could load, run or escape the style element. */
export function sanitizeCss(css: string): string {
  return css
    .replace(/@import[^;]*;?/gi, '')
    .replace(/url\(\s*(['"]?)\s*(?!#)[^)]*\)/gi, 'none')
    .replace(/expression\s*\(|javascript:|behavior\s*:|-moz-binding/gi, '')
    .replace(/</g, '\\3C ');
}

function cleanValue(name: string, raw: string): string | undefined {
  const value = decodeEntities(raw);
  if (name === 'href' || name === 'xlink:href') return /^#[\w:.-]+$/.test(value) ? value : undefined;
  if (name === 'style') return sanitizeCss(value);
  // Attributes may reference gradients or markers, but only inside the SVG.
  if (/url\s*\(/i.test(value) && !/^\s*url\(\s*['"]?#[\w:.-]+['"]?\s*\)\s*$/i.test(value)) return undefined;
  if (/javascript:|data:/i.test(value)) return undefined;
  return value;
}

function attributesOf(source: string): string {
  let out = '';
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!ATTRIBUTES.has(name)) continue;
    const value = cleanValue(name, m[2] ?? m[3] ?? m[4] ?? '');
    if (value === undefined) continue;
    out += ` ${CASED_ATTRIBUTES[name] ?? name}="${escapeHtml(value)}"`;
  }
  return out;
}

const closeTag = (name: string): string => `</${CASED[name] ?? name}>`;

/** Sanitizes one SVG document; returns '' when the input has no <svg> root. */
export function sanitizeSvg(svg: string): string {
  let out = '';
  const open: string[] = [];
  let skipping = 0;
  let last = 0;
  let sawRoot = false;
  const text = (chunk: string): void => {
    if (skipping || open.length === 0 || !chunk) return;
    out += open[open.length - 1] === 'style' ? sanitizeCss(decodeEntities(chunk)) : escapeHtml(decodeEntities(chunk));
  };
  for (const m of svg.matchAll(TOKEN)) {
    text(svg.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      text(m[1]);
      continue;
    }
    const name = (m[3] ?? '').toLowerCase();
    if (!name) continue; // comments, doctype, processing instructions
    const isClosing = m[2] === '/';
    const isSelfClosing = m[5] === '/';
    if (skipping) {
      if (DROPPED_WITH_CONTENT.has(name) && !isSelfClosing) skipping += isClosing ? -1 : 1;
      continue;
    }
    if (DROPPED_WITH_CONTENT.has(name)) {
      if (!isClosing && !isSelfClosing) skipping = 1;
      continue;
    }
    if (!ELEMENTS.has(name)) continue; // unknown wrapper: its tag goes, its text stays
    const tag = CASED[name] ?? name;
    if (isClosing) {
      const at = open.lastIndexOf(name);
      if (at === -1) continue;
      while (open.length > at) out += closeTag(open.pop() as string);
      continue;
    }
    if (open.length === 0) {
      if (name !== 'svg' || sawRoot) continue;
      sawRoot = true;
    }
    out += `<${tag}${attributesOf(m[4] ?? '')}${isSelfClosing ? '/>' : '>'}`;
    if (!isSelfClosing) open.push(name);
  }
  text(svg.slice(last));
  while (open.length) out += closeTag(open.pop() as string);
  return sawRoot ? out : '';
}
