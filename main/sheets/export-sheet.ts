import type { Locale } from '../../common/i18n/format.js';
import { translate } from '../../common/i18n/messages.js';
import type { Sheet } from '../api/contract.js';
import { diagramHash, parseMarkdown } from '../markdown/pipeline.js';
import { decodeEntities, escapeHtml } from '../markdown/safe-html.js';
import { diagramSize, MAX_DIAGRAM_CHARS, MAX_DIAGRAM_LINES } from './diagram-limits.js';
import { inlineKatexCss } from './katex-css.js';
import { escapeMarkdownInline, neutralizeHtml } from './markdown-text.js';
import { itemMarkdown } from './render-item.js';
import { sheetCss } from './sheet-css.js';
import { sanitizeSvg } from './svg-sanitize.js';

/** Exports of a whole sheet: Markdown, and one self-contained HTML file (also what the PDF is printed from). */

export interface Diagram {
  hash: string;
  source: string;
}

/** The Mermaid diagrams a sheet draws, once each, in order. */
export function sheetDiagrams(sheet: Sheet): Diagram[] {
  const seen = new Map<string, Diagram>();
  for (const item of sheet.items) {
    for (const token of parseMarkdown(item.markdown)) {
      if (token.type !== 'fence' || token.info.trim().split(/\s+/)[0]?.toLowerCase() !== 'mermaid') continue;
      // Too large to draw: the export prints a placeholder, so it is never sent to Mermaid.
      if (diagramSize(token.content).isTooLarge) continue;
      const hash = diagramHash(token.content);
      if (!seen.has(hash)) seen.set(hash, { hash, source: token.content });
    }
  }
  return [...seen.values()];
}

/** The sheet as one Markdown document: math as $…$ / $$…$$, diagrams as ```mermaid source. */
export function sheetMarkdown(sheet: Sheet, language: Locale = 'en'): string {
  const items = sheet.items.map((item) => itemMarkdown(item, language)).filter((b) => b.trim());
  return `${neutralizeHtml([`# ${escapeMarkdownInline(sheet.title)}`, items.join('\n\n---\n\n')].join('\n\n'))}\n`;
}

const MERMAID_BLOCK =
  /<div class="mermaid-block" data-diagram="([0-9a-f]+)"><pre class="mermaid-source"><code>([\s\S]*?)<\/code><\/pre><\/div>/g;

export interface SheetHtml {
  html: string;
  /** Diagrams left as source because no drawing was given for them. */
  undrawn: number;
}

/**
 * The sheet as a single HTML file that works opened from disk: KaTeX's CSS
 * and fonts inlined, diagrams as inline SVG (sanitized here, whoever drew
 * them), no script. SECURITY: the Content-Security-Policy forbids scripts and
 * every request except the data: fonts, so even a mistake upstream cannot
 * run code or reach the network when the file is opened.
 */
export function sheetHtml(sheet: Sheet, svgs: ReadonlyMap<string, string>, generatedAt: string, language: Locale = 'en'): SheetHtml {
  let undrawn = 0;
  const body = sheet.items
    .map((item) =>
      item.html.replace(MERMAID_BLOCK, (_whole, hash: string, code: string) => {
        const size = diagramSize(decodeEntities(code));
        if (size.isTooLarge) {
          undrawn++;
          const words = translate(language, 'sheet.diagramTooLarge', {
            lines: size.lines.toLocaleString('en-US'),
            chars: size.chars.toLocaleString('en-US'),
            maxLines: MAX_DIAGRAM_LINES.toLocaleString('en-US'),
            maxChars: MAX_DIAGRAM_CHARS.toLocaleString('en-US'),
          });
          return `<div class="diagram-undrawn diagram-too-large"><p class="note">${escapeHtml(words)}</p></div>`;
        }
        const svg = svgs.get(hash);
        // Its own id per diagram: diagrams drawn in the page and by the CLI may carry the same one.
        const clean = svg ? sanitizeSvg(svg, `diagram-${hash}`) : '';
        if (clean) return `<figure class="diagram" data-diagram="${hash}">${clean}</figure>`;
        undrawn++;
        const source = escapeHtml(decodeEntities(code));
        return `<div class="diagram-undrawn"><p class="note">${escapeHtml(translate(language, 'sheet.undrawn'))}</p><pre><code>${source}</code></pre></div>`;
      }),
    )
    .join('\n');
  const { columns, paper } = sheet.layout;
  const html = `<!doctype html>
<html lang="${language === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Lattice">
<title>${escapeHtml(sheet.title)}</title>
<style>${inlineKatexCss()}</style>
<style>${sheetCss(sheet.layout, language)}</style>
</head>
<body class="theme-${sheet.layout.theme}">
<div class="sheet">
<header class="sheet-header"><h1>${escapeHtml(sheet.title)}</h1><span class="meta">${escapeHtml(`${generatedAt.slice(0, 10)} · ${paper} · ${translate(language, 'sheet.columns', { n: columns })}`)}</span></header>
<main class="items">
${body}
</main>
</div>
</body>
</html>
`;
  return { html, undrawn };
}

/**
 * The HTML a PDF is printed from: KaTeX's hidden MathML copy of each formula
 * is left out. It is for screen readers of the HTML file; on paper it is
 * invisible, yet Chromium still lays it out and shapes its glyphs through
 * fallback fonts — about a third of the printing time of a formula-heavy
 * sheet — and its text would appear twice when the PDF's text is extracted.
 */
export function printableHtml(html: string): string {
  return html.replace(/<span class="katex-mathml"><math[\s\S]*?<\/math><\/span>/g, '');
}

/** A file name for an export: the title without characters file systems refuse. */
export function exportFileName(title: string, format: string): string {
  const base =
    title
      // eslint-disable-next-line no-control-regex -- control characters are exactly what file names must not contain
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 100) || 'sheet';
  return `${base}.${format}`;
}
