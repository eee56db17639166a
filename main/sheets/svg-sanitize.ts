import { createRequire } from 'node:module';
import type { Parser as ParserType } from 'htmlparser2';
import type sanitizeType from 'sanitize-html';
import { escapeHtml } from '../markdown/safe-html.js';
import { sanitizeDeclarations, sanitizeStylesheet } from './css-sanitize.js';

/**
 * SECURITY: diagrams reach an export as SVG drawn by Mermaid in a browser (the
 * app's renderer, or headless Chromium for the CLI) from Mermaid source in
 * strangers' notes, and the page hands them over: whatever it sends is
 * untrusted. The export may be opened from disk with no CSP, so this is the
 * line that holds. sanitize-html reads the SVG with a real XML parser
 * (htmlparser2) and writes back only an allow-list of SVG drawing elements
 * with an allow-list of attributes, every value escaped. Scripts,
 * foreignObject, links, images, animation and event handlers never come out,
 * with all they contain; references may only point inside the SVG (`#id`,
 * `url(#id)`); the style sheet is parsed and cleaned by css-sanitize.ts. The
 * output is well-formed markup made only of allowed parts, which an HTML
 * parser reads back as the same tree (there is no raw `<` in any text).
 */

// The parsers are loaded on first use: only exports need them, and the browser host starts faster without them.
const requireModule = createRequire(import.meta.url);
const htmlparser2 = (): { Parser: typeof ParserType } => requireModule('htmlparser2') as { Parser: typeof ParserType };
const sanitize = (html: string, options: sanitizeType.IOptions): string =>
  (requireModule('sanitize-html') as typeof sanitizeType)(html, options);

const ELEMENTS = [
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'defs',
  'marker',
  'title',
  'desc',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'symbol',
  'use',
];
/**
 * Elements dropped together with everything inside them. XML names are case
 * sensitive: any other spelling is no SVG element either, so its tag is
 * dropped like every unknown one and only allowed elements inside it stay.
 */
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'foreignObject',
  'iframe',
  'object',
  'embed',
  'image',
  'a',
  'animate',
  'set',
  'animateMotion',
  'animateTransform',
  'animateColor',
  'handler',
  'listener',
  'audio',
  'video',
  'canvas',
  'noscript',
  'template',
  'feImage',
  'pattern',
  'filter',
  'mask',
  'switch',
  'math',
  'html',
  'body',
  'div',
];

const ATTRIBUTES = [
  'id',
  'class',
  'style',
  'd',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'width',
  'height',
  'viewBox',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-opacity',
  'opacity',
  'points',
  'marker-start',
  'marker-mid',
  'marker-end',
  'markerWidth',
  'markerHeight',
  'markerUnits',
  'refX',
  'refY',
  'orient',
  'preserveAspectRatio',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'baseline-shift',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'dx',
  'dy',
  'role',
  'aria-label',
  'aria-roledescription',
  'aria-hidden',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'clip-path',
  'clipPathUnits',
  'visibility',
  'display',
  'letter-spacing',
  'text-decoration',
  'href',
  'xlink:href',
  'rotate',
  'lengthAdjust',
  'textLength',
  'vector-effect',
  'overflow',
];

const LOCAL_REFERENCE = /^#[\w:.-]+$/;
const LOCAL_URL_VALUE = /^\s*url\(\s*(["']?)#[\w:.-]+\1\s*\)\s*$/i;

/** A value checked for what it may point to, or undefined when it must go. */
function cleanValue(name: string, value: string): string | undefined {
  if (name === 'href' || name === 'xlink:href') return LOCAL_REFERENCE.test(value) ? value : undefined;
  if (name === 'style') return sanitizeDeclarations(value);
  // Attributes may reference gradients, markers and clip paths, but only inside the SVG.
  if (/url\s*\(/i.test(value) && !LOCAL_URL_VALUE.test(value)) return undefined;
  // Nothing else is a link, but a value that spells a script or data URL has no business in a drawing.
  // eslint-disable-next-line no-control-regex -- browsers skip control characters and spaces inside a scheme
  if (/(javascript|vbscript|data):/i.test(value.replace(/[\s\u0000-\u001f]/g, ''))) return undefined;
  return value;
}

/** sanitize-html's settings for one SVG; `rootId` replaces the root's own id when given. */
function svgOptions(rootId: string | undefined): sanitizeType.IOptions {
  let isRoot = true;
  return {
    parser: { xmlMode: true },
    allowedTags: ELEMENTS,
    allowedAttributes: { '*': ATTRIBUTES },
    allowedSchemes: [],
    allowedSchemesAppliedToAttributes: [],
    disallowedTagsMode: 'discard',
    nonTextTags: [...DROPPED_WITH_CONTENT, ...DROPPED_WITH_CONTENT.map((name) => name.toLowerCase())],
    selfClosing: [],
    transformTags: {
      '*': (tagName, attribs) => {
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(attribs)) {
          const clean = cleanValue(name, value);
          if (clean !== undefined) kept[name] = clean;
        }
        if (isRoot && tagName === 'svg' && rootId) kept.id = rootId;
        isRoot = false;
        return { tagName, attribs: kept };
      },
    },
  };
}

interface Root {
  /** Where the root `<svg>` starts and ends in the input. */
  start: number;
  end: number;
  id: string;
  /** The text of its style elements, for css-sanitize.ts. */
  css: string[];
}

/** Finds the first root `<svg>` and the style sheets inside it, reading the markup as XML. */
function findRoot(svg: string): Root | undefined {
  let root: Root | undefined;
  let depth = 0;
  let isDone = false;
  /** Depth of the style element being read, or 0. */
  let styleDepth = 0;
  const { Parser } = htmlparser2();
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (isDone) return;
        if (depth === 0) {
          if (name !== 'svg' || root) {
            isDone = true;
            return;
          }
          root = { start: parser.startIndex, end: svg.length, id: attribs.id ?? '', css: [] };
        }
        depth++;
        if (name.toLowerCase() === 'style' && styleDepth === 0) {
          styleDepth = depth;
          root?.css.push('');
        }
      },
      ontext(text) {
        if (!isDone && root && styleDepth === depth) root.css[root.css.length - 1] += text;
      },
      onclosetag(_name, isImplied) {
        if (isDone || depth === 0) return;
        if (styleDepth === depth) styleDepth = 0;
        depth--;
        if (depth === 0 && root) {
          if (!isImplied) root.end = parser.endIndex + 1;
          isDone = true;
        }
      },
    },
    { xmlMode: true },
  );
  parser.end(svg);
  return root;
}

/**
 * Sanitizes one SVG document; returns '' when the input has no <svg> root.
 * With `rootId`, the root takes that id and its style sheet follows: an
 * export gives each diagram its own, so that no diagram's CSS can reach
 * another diagram or an element of the sheet that happens to share its id.
 */
export function sanitizeSvg(svg: string, rootId?: string): string {
  const root = findRoot(svg);
  if (!root) return '';
  const clean = sanitize(svg.slice(root.start, root.end), svgOptions(rootId));
  if (!clean.startsWith('<svg')) return '';
  const css = sanitizeStylesheet(root.css.join('\n'), root.id, rootId ?? root.id);
  if (!css.trim()) return clean;
  // Attribute values are escaped, so the first `>` ends the root's opening tag.
  const openEnd = clean.indexOf('>') + 1;
  // Inside an inline <svg> a <style> is foreign content: the HTML parser decodes its entities, so escaped CSS reads as written.
  return `${clean.slice(0, openEnd)}<style>${escapeHtml(css)}</style>${clean.slice(openEnd)}`;
}
