import type { Locale } from '../../common/i18n/format.js';
import { translate } from '../../common/i18n/messages.js';
import { IMAGE_PROBLEMS, imageProblemKey } from '../../common/image-problems.js';
import type { SheetLayout } from '../api/contract.js';

/**
 * The look of an exported sheet, on screen and in print. Print: the paper
 * size and margins come from @page, page numbers from its margin boxes (so
 * every Chromium, Electron's printToPDF and a browser's print dialog number
 * pages the same way), items flow in columns and are not split across a
 * column or page when they fit in one.
 */

const PAPER_WIDTH = { A4: '210mm', Letter: '8.5in' } as const;

const COLORS = { yellow: '#f5c400', green: '#3fb950', blue: '#3b82f6', pink: '#ec4899', purple: '#8b5cf6' } as const;

/** The stylesheet for a sheet with this layout. */
export function sheetCss(layout: SheetLayout, language: Locale = 'en'): string {
  const isPrint = layout.theme === 'print';
  const accent = isPrint ? '#000' : '#1d4ed8';
  const colorRules = Object.entries(COLORS)
    .map(([name, value]) => `.item.color-${name} blockquote{border-left-color:${isPrint ? '#555' : value}}`)
    .join('\n');
  return `
@page { size: ${layout.paper}; margin: 12mm 11mm 14mm 11mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 8pt system-ui, sans-serif; color: #666; } }
:root { color-scheme: light; }
html { font-size: ${layout.fontSize}pt; }
body { margin: 0; color: #111; background: #fff; line-height: 1.35;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet-header { border-bottom: 1.5px solid ${accent}; margin-bottom: 0.6rem; padding-bottom: 0.2rem; display: flex;
  align-items: baseline; justify-content: space-between; gap: 1rem; }
.sheet-header h1 { font-size: 1.5rem; margin: 0; color: ${accent}; }
.sheet-header .meta { font-size: 0.75rem; color: #666; white-space: nowrap; }
.items { column-count: ${layout.columns}; column-gap: 6mm; column-rule: ${layout.columns > 1 ? '0.5px solid #ccc' : 'none'}; }
.item { break-inside: avoid; page-break-inside: avoid; margin: 0 0 0.7rem; padding: 0 0 0.35rem; border-bottom: 0.5px dotted #bbb; }
.item-title { font-size: 1.05rem; margin: 0 0 0.1rem; color: ${accent}; break-after: avoid; }
.item-origin { font-size: 0.75rem; color: #666; margin: 0 0 0.25rem; }
.item-missing { font-size: 0.75rem; color: #9a3412; background: ${isPrint ? 'none' : '#fff7ed'}; border: 0.5px solid #fdba74; padding: 1px 4px; margin: 0 0 0.25rem; }
/* A URL or an identifier longer than a column breaks where it must, rather than running over the next column. */
.item-title, .item-origin, .item-body { overflow-wrap: anywhere; }
.item-body .katex { overflow-wrap: normal; }
.item-body > :first-child { margin-top: 0; }
.item-body > :last-child { margin-bottom: 0; }
.item-body h1, .item-body h2, .item-body h3, .item-body h4, .item-body h5, .item-body h6 { font-size: 1rem; margin: 0.4rem 0 0.15rem; }
.item-body p, .item-body ul, .item-body ol, .item-body pre, .item-body table, .item-body blockquote { margin: 0.25rem 0; }
.item-body ul, .item-body ol { padding-left: 1.2rem; }
.item-body blockquote { border-left: 3px solid #999; margin-left: 0; padding: 0.1rem 0.5rem; color: #222; background: ${isPrint ? 'none' : '#fafaf5'}; }
${colorRules}
.item-body pre { font-size: 0.8rem; white-space: pre-wrap; word-break: break-word; background: ${isPrint ? 'none' : '#f6f8fa'}; border: 0.5px solid #ddd; padding: 0.3rem; }
.item-body code { font-family: "Noto Sans Mono CJK SC", ui-monospace, monospace; font-size: 0.85em; }
.item-body table { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
.item-body th, .item-body td { border: 0.5px solid #bbb; padding: 1px 4px; text-align: left; vertical-align: top; }
.item-body .math-display { display: block; max-width: 100%; overflow-x: auto; overflow-y: hidden; margin: 0.25rem 0; }
.item-body .katex-display { margin: 0.2rem 0; }
.item-body .katex-display > .katex { font-size: 1.05em; }
/* A formula KaTeX could not typeset prints as its source with the reason: paper has no tooltip. */
.item-body .katex-error { font-family: "Noto Sans Mono CJK SC", ui-monospace, monospace; font-size: 0.9em; }
.item-body .katex-error::after { content: " ⚠ " attr(title); color: #555; font-family: system-ui, sans-serif; font-size: 0.8em; }
.item-body .callout { border-left: 3px solid ${accent}; padding: 0.1rem 0.5rem; margin: 0.25rem 0; }
.item-body .image-placeholder::before { content: "${translate(language, 'sheet.image')} "; color: #888; }
${IMAGE_PROBLEMS.map((code) => `.item-body .image-placeholder[data-problem="${code}"]::after { content: " (${translate(language, imageProblemKey(code))})"; color: #888; font-size: 0.85em; }`).join('\n')}
.item-body .note-image { display: block; margin: 0.25rem 0; text-align: center; break-inside: avoid; }
.item-body .note-image img { max-width: 100%; height: auto; }
.item-body .image-caption { display: block; font-size: 0.8em; color: #555; }
.diagram { margin: 0.3rem 0; text-align: center; break-inside: avoid; }
.diagram svg { max-width: 100%; height: auto; }
.diagram-undrawn { border: 0.5px dashed #999; padding: 0.3rem; margin: 0.3rem 0; }
.diagram-undrawn .note { font-size: 0.75rem; color: #666; margin: 0 0 0.2rem; }
.item-text .item-body { font-size: 0.95rem; }
.item-formula .item-body { text-align: center; }
@media screen {
  body { background: #e5e7eb; padding: 1.5rem 0; }
  .sheet { background: #fff; max-width: ${PAPER_WIDTH[layout.paper]}; margin: 0 auto; padding: 12mm 11mm; box-sizing: border-box;
    box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); }
}
@media print {
  .sheet { padding: 0; }
  /* Paper cannot scroll: a formula wider than its column is clipped rather than drawn over the next column. */
  .item-body .math-display, .item-body pre { overflow: hidden; }
}
`;
}
