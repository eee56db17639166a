import { describe, expect, it } from 'vitest';
import type { Sheet, SheetItem } from '../api/contract.js';
import { findChromium } from './chromium.js';
import { MAX_DIAGRAM_LINES, diagramSize } from './diagram-limits.js';
import { exportSheet } from './export.js';
import { sheetDiagrams, sheetHtml } from './export-sheet.js';
import { itemHtml } from './render-item.js';

// A section holding a 20,000-line diagram once kept a PDF export busy past
// its timeout: too large a diagram is printed as a placeholder with its size.

const HUGE = `graph TD\n${Array.from({ length: 20_000 }, (_, i) => `  A${i} --> A${i + 1}`).join('\n')}`;
const SMALL = 'flowchart LR\n  a["预训练"] --> b["SFT"]';

function sheetWith(...markdowns: string[]): Sheet {
  const items: SheetItem[] = markdowns.map((markdown, i) => ({
    id: i + 1,
    kind: 'section',
    position: i + 1,
    spec: { kind: 'text', markdown },
    title: `图 ${i + 1}`,
    origin: 'RLHF 流程',
    markdown,
    html: itemHtml({ kind: 'section', title: `图 ${i + 1}`, origin: 'RLHF 流程', markdown, missingSince: null }, i + 1),
    noteId: null,
    missingSince: null,
  }));
  return { id: 1, title: '大图', layout: { columns: 1, paper: 'A4', fontSize: 9, theme: 'light' }, items, createdAt: '', updatedAt: '' };
}

describe('diagrams too large to draw', () => {
  it('measures a diagram by lines and characters', () => {
    expect(diagramSize(SMALL)).toEqual({ lines: 2, chars: SMALL.length, isTooLarge: false });
    expect(diagramSize(HUGE).lines).toBe(20_001);
    expect(diagramSize(HUGE).isTooLarge).toBe(true);
    expect(diagramSize('x'.repeat(60_000)).isTooLarge).toBe(true);
    expect(diagramSize(Array.from({ length: MAX_DIAGRAM_LINES }, () => 'a-->b').join('\n')).isTooLarge).toBe(false);
  });

  it('are never sent to be drawn, and print as a placeholder giving their size', () => {
    const sheet = sheetWith(`大图：\n\n\`\`\`mermaid\n${HUGE}\n\`\`\``, `小图：\n\n\`\`\`mermaid\n${SMALL}\n\`\`\``);
    expect(sheetDiagrams(sheet).map((d) => d.source)).toEqual([`${SMALL}\n`]);
    const { html, undrawn } = sheetHtml(sheet, new Map(), '2026-12-05T00:00:00.000Z');
    expect(undrawn).toBe(2);
    expect(/<p class="note">Diagram too large[^<]*<\/p>/.exec(html)?.[0]).toBe(
      `<p class="note">Diagram too large to draw: 20,001 lines, ${(HUGE.length + 1).toLocaleString('en-US')} characters (drawn up to 1,000 lines or 50,000 characters); its source stays in the note</p>`,
    );
    // The source of the large one is not printed; the small one (undrawn here) still shows its source.
    expect(html).not.toContain('A19999 --&gt; A20000');
    expect(html).toContain('预训练');
    const zh = sheetHtml(sheet, new Map(), '2026-12-05T00:00:00.000Z', 'zh').html;
    expect(/图太大[^<]*/.exec(zh)?.[0]).toBe(
      `图太大，未绘制：20,001 行，${(HUGE.length + 1).toLocaleString('en-US')} 个字符（最多绘制 1,000 行或 50,000 个字符）；源码仍在笔记中`,
    );
  });

  const chromium = findChromium(process.env);
  it.runIf(chromium)(
    'leave the PDF printed, in seconds',
    async () => {
      const started = performance.now();
      const { bytes, undrawnDiagrams } = await exportSheet(sheetWith(`\`\`\`mermaid\n${HUGE}\n\`\`\``, '考前再看一遍'), 'pdf', {});
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(undrawnDiagrams).toBe(1);
      expect(performance.now() - started).toBeLessThan(30_000);
    },
    60_000,
  );
});
