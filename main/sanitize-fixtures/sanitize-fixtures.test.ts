import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderMarkdown } from '../markdown/pipeline.js';
import { projectTokens } from '../markdown/projection.js';
import { sanitizeHtml } from '../markdown/safe-html.js';
import { sanitizeSvg } from '../sheets/svg-sanitize.js';

/**
 * Every hostile input found so far, one file each, numbered (as Joplin keeps
 * its sanitizer regressions): `NNN-svg-*.svg` go through the diagram
 * sanitizer, `NNN-html-*.html` through the note HTML sanitizer and, as a
 * note, through the whole Markdown pipeline, `NNN-md-*.md` through the
 * pipeline. Each output is read back by parse5, the HTML parser of the
 * standard that browsers follow, so what is checked is the tree a browser
 * would build from the exported file, mutations included. A fixture's first
 * line says what it tries and what must still be seen (`keep: a ; b`).
 */

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

const DIR = new URL('./', import.meta.url);
const FIXTURES = readdirSync(DIR).filter((name) => /^\d{3}-(svg|html|md)-[\w-]+\.(svg|html|md)$/.test(name)).sort();

/** Elements that run, load, submit or re-parse content: none may be in any output. */
const FORBIDDEN = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'img', 'image', 'foreignobject', 'link', 'meta', 'base',
  'form', 'input', 'button', 'textarea', 'select', 'audio', 'video', 'source', 'track', 'template', 'noscript', 'xmp', 'plaintext',
  'set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor', 'feimage', 'handler', 'listener', 'portal', 'noembed',
]);
const NOTE_HTML_TAGS = new Set(['b', 'br', 'del', 'details', 'em', 'hr', 'i', 'ins', 'kbd', 'mark', 's', 'small', 'strong', 'sub', 'summary', 'sup', 'u', 'span']);
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'srcset', 'cite']);

interface Fixture {
  name: string;
  kind: 'svg' | 'html' | 'md';
  source: string;
  keep: string[];
}

function readFixture(name: string): Fixture {
  const source = readFileSync(new URL(name, DIR), 'utf8');
  const header = /^<!-- (.*?) \| keep: (.*?) -->/.exec(source);
  if (!header) throw new Error(`${name}: the first line must be <!-- what it tries | keep: … -->`);
  const keep = (header[2] ?? '').split(' ; ').map((k) => k.trim()).filter(Boolean);
  return { name, kind: name.split('-')[1] as Fixture['kind'], source, keep };
}

const elements = (node: Node): Element[] => {
  const out: Element[] = [];
  const visit = (n: Node): void => {
    if ('tagName' in n) out.push(n);
    if ('childNodes' in n) n.childNodes.forEach(visit);
    if ('content' in n && n.content) visit(n.content as Node);
  };
  visit(node);
  return out;
};

const textOf = (node: Node): string => {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
};

/** A value as a browser reads a URL scheme: spaces and control characters inside it are skipped. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what browsers skip in a scheme
const squeezed = (value: string): string => value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();

/** CSS that could load something, run something, or lift itself out of its box. */
function expectHarmlessCss(css: string, where: string): void {
  const flat = squeezed(css);
  expect(flat, `${where} loads through url()`).not.toMatch(/url\((?!["']?#)/);
  expect(flat, `${where} holds a loading function`).not.toMatch(/image-set\(|image\(|cross-fade\(|element\(|src\(|expression\(/);
  expect(flat, `${where} holds an at-rule that loads or hides`).not.toMatch(/@import|@font-face|@media|@supports|@namespace/);
  expect(flat, `${where} hides a word behind an escape`).not.toContain('\\');
  expect(flat, `${where} runs code`).not.toMatch(/behavior:|-moz-binding|javascript:/);
  expect(flat, `${where} lifts the drawing out of its box`).not.toMatch(/position:fixed|position:absolute|z-index/);
}

/** What must not survive in any output, whatever went in. */
function expectHarmless(html: string, fixture: Fixture): Node {
  const document = parse(`<!doctype html><html><head></head><body><main>${html}</main></body></html>`);
  const body = elements(document).find((e) => e.tagName === 'main');
  if (!body) throw new Error('no body');
  for (const element of elements(body)) {
    const where = `${fixture.name}: <${element.tagName}>`;
    expect(FORBIDDEN.has(element.tagName.toLowerCase()), `${where} must not exist`).toBe(false);
    if (element.tagName === 'math') {
      expect(fixture.kind, `${where}: only KaTeX writes MathML`).toBe('md');
      expect(element.parentNode && 'attrs' in element.parentNode ? element.parentNode.attrs : []).toContainEqual({ name: 'class', value: 'katex-mathml' });
    }
    if (element.tagName === 'a') {
      const cls = element.attrs.find((a) => a.name === 'class')?.value ?? '';
      expect(cls, `${where}: only the pipeline's own links`).toMatch(/^(wikilink|external-link|note-link)$/);
    }
    if (element.tagName === 'style') {
      expect(fixture.kind, `${where}: only a diagram keeps a style sheet`).toBe('svg');
      const rootId = body.childNodes.find((n): n is Element => 'tagName' in n && n.tagName === 'svg')?.attrs.find((a) => a.name === 'id')?.value;
      expect(element.parentNode && 'tagName' in element.parentNode ? element.parentNode.tagName : '', `${where}: inside the root only`).toBe('svg');
      const css = textOf(element);
      expectHarmlessCss(css, where);
      postcss.parse(css).walkRules((rule) => {
        if (rule.parent?.type === 'atrule') return; // keyframe selectors (from, to, 50%)
        for (const selector of rule.selectors) expect(selector, `${where}: a rule outside the diagram`).toMatch(new RegExp(`^#${rootId}(?![\\w-])(?:[\\s.:>\\[#][^~+,]*)?$`));
      });
    }
    for (const { name, value } of element.attrs) {
      const attribute = `${where} ${name}="${value}"`;
      expect(name.toLowerCase(), `${attribute}: an event handler`).not.toMatch(/^on/);
      expect(name.toLowerCase(), `${attribute}: HTML in an attribute`).not.toBe('srcdoc');
      const isSvg = element.namespaceURI === 'http://www.w3.org/2000/svg';
      // Note text may quote a script URL in an inert data attribute (data-tex holds the TeX as written); a drawing may not.
      if (isSvg || URL_ATTRIBUTES.has(name.toLowerCase()) || name === 'style') {
        expect(squeezed(value), `${attribute}: a script URL`).not.toMatch(/(javascript|vbscript|livescript):/);
      }
      if (URL_ATTRIBUTES.has(name.toLowerCase())) {
        expect(squeezed(value), `${attribute}: a data URL`).not.toMatch(/^data:/);
        if (isSvg) expect(value, `${attribute}: a diagram refers only inside itself`).toMatch(/^#/);
        // Read as the browser reads it, a link goes to a page, a mail, or another note (a path beside this one).
        else expect(new URL(value, 'https://note.invalid/dir/').protocol, attribute).toMatch(/^(https:|mailto:)$/);
      }
      if (name === 'style' || (isSvg && /url\(/i.test(value))) expectHarmlessCss(value, attribute);
    }
  }
  return body;
}

function expectKept(fixture: Fixture, html: string, body: Node): void {
  const text = textOf(body);
  for (const piece of fixture.keep) expect(text.includes(piece) || html.includes(piece), `${fixture.name}: "${piece}" must survive`).toBe(true);
}

describe('every hostile input found so far stays harmless', () => {
  it('has its fixtures, each numbered once', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(50);
    const numbers = FIXTURES.map((name) => name.slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  for (const name of FIXTURES) {
    it(name, () => {
      const fixture = readFixture(name);
      if (fixture.kind === 'svg') {
        const clean = sanitizeSvg(fixture.source);
        const body = expectHarmless(clean, fixture);
        expectKept(fixture, clean, body);
        // Sanitizing is a fixed point: what came out goes through unchanged.
        if (clean) expect(sanitizeSvg(clean)).toBe(clean);
        return;
      }
      if (fixture.kind === 'html') {
        const fragment = sanitizeHtml(fixture.source);
        const tags = elements(expectHarmless(fragment.html, fixture)).filter((e) => e.tagName !== 'main');
        for (const tag of tags) expect(NOTE_HTML_TAGS.has(tag.tagName), `${name}: <${tag.tagName}> is not a kept tag`).toBe(true);
        for (const span of tags.filter((t) => t.tagName === 'span')) expect(span.attrs.find((a) => a.name === 'class')?.value).toBe('image-placeholder');
      }
      const rendered = renderMarkdown(fixture.source);
      expectKept(fixture, rendered, expectHarmless(rendered, fixture));
      // The text projection reads the same note without failing and shows the same words.
      const projection = projectTokens(parseMarkdown(fixture.source));
      for (const piece of fixture.keep) if (!/[{}=#]/.test(piece)) expect(projection.text).toContain(piece);
    });
  }
});

describe('the hostile inputs show what they tried, as text', () => {
  it('a script in a note is seen, not run', () => {
    expect(renderMarkdown(readFixture('030-html-script.html').source)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it("a diagram's style sheet keeps Mermaid's rules and loses every rule outside the diagram", () => {
    const clean = sanitizeSvg(readFixture('003-svg-style-body-hidden.svg').source);
    expect(clean).toContain('#d3 .node rect{fill:#ECECFF;stroke:#9370DB;}');
    expect(clean).not.toMatch(/body|html|\*\{/);
  });

  it("Mermaid's own drawing comes out with its style, markers and labels", () => {
    const clean = sanitizeSvg(readFixture('021-svg-mermaid-flowchart.svg').source);
    expect(clean).toMatch(/^<svg id="lattice-diagram-0" width="100%" class="flowchart" style="max-width:280px" viewBox="-8 -8 280 70"/);
    expect(clean).toContain('#lattice-diagram-0{font-family:&quot;trebuchet ms&quot;,verdana,arial,sans-serif;font-size:16px;fill:#333;}');
    expect(clean).toContain('@keyframes edge-animation-frame{from{stroke-dashoffset:0;}}');
    expect(clean).toContain('<marker id="lattice-diagram-0_flowchart-v2-pointEnd" class="marker flowchart-v2" viewBox="0 0 10 10" refX="5" refY="5" markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto">');
    expect(clean).toContain('<tspan font-style="normal" class="text-inner-tspan" font-weight="normal">预训练 Pretrain</tspan>');
  });
});

describe('raw HTML stays bounded', () => {
  it('past MAX_RAW_HTML pieces, the rest of a note shows its tags as text, with a warning', async () => {
    const { MAX_RAW_HTML, cutWarnings, noCuts } = await import('../markdown/note-limits.js');
    const cuts = noCuts();
    const body = `${'<b>粗</b>'.repeat(MAX_RAW_HTML / 2)}<img src=x onerror=alert(1)><br>\n\n<script>alert(2)</script>\n`;
    const html = renderMarkdown(body, { cuts });
    expect(html.endsWith('&lt;img src=x onerror=alert(1)&gt;&lt;br&gt;</p>\n<p>&lt;script&gt;alert(2)&lt;/script&gt;\n</p>\n')).toBe(true);
    expect(html.match(/<b>粗<\/b>/g)).toHaveLength(MAX_RAW_HTML / 2);
    expect(cuts.rawHtml).toBe(3);
    expect(cutWarnings(cuts)).toEqual([`only the first 5,000 pieces of raw HTML are read as HTML (3 more are shown as text)`]);
    const projection = projectTokens(parseMarkdown(body));
    expect(projection.text).toContain('<img src=x onerror=alert(1)><br>');
    expect(projection.text).toContain('<script>alert(2)</script>');
  });

  it('carries at most 16 open tags from fragment to fragment, so a note of unclosed tags stays linear', () => {
    const open: string[] = [];
    for (let i = 0; i < 100; i++) sanitizeHtml(i % 2 ? '<b>' : '<i>', open);
    expect(open).toHaveLength(16);
    expect(sanitizeHtml('</i>', open).html).toBe('</b></i>');
  });
});
