import { describe, expect, it } from 'vitest';
import { escapeWithBreaks, LONG_RUN, STEP } from './long-words.js';
import { renderMarkdown } from './pipeline.js';

const withoutBreaks = (html: string): string => html.replaceAll('<wbr>', '');

describe('escapeWithBreaks', () => {
  it('leaves ordinary text as it was, only escaped', () => {
    expect(escapeWithBreaks('softmax(QK^T/√d_k)V & <b>')).toBe('softmax(QK^T/√d_k)V &amp; &lt;b&gt;');
    const chinese = '注意力机制'.repeat(200);
    expect(escapeWithBreaks(chinese)).toBe(chinese);
    const words = 'word '.repeat(500);
    expect(escapeWithBreaks(words)).toBe(words);
  });

  it('puts a break opportunity every STEP characters in a run no line can hold, losing no character', () => {
    const run = '['.repeat(1_000) + 'x&y' + '](u)'.repeat(300);
    const html = escapeWithBreaks(run);
    expect(withoutBreaks(html)).toBe(run.replaceAll('&', '&amp;'));
    const pieces = html.split('<wbr>');
    expect(pieces.length).toBeGreaterThan(run.length / STEP - 2);
    for (const piece of pieces.slice(0, -1)) expect(piece.replaceAll('&amp;', '&').length).toBe(STEP);
  });

  it('never cuts a surrogate pair or an entity', () => {
    const run = `${'a'.repeat(STEP - 1)}${'😀'.repeat(LONG_RUN)}`;
    const html = escapeWithBreaks(run);
    expect(withoutBreaks(html)).toBe(run);
    for (const piece of html.split('<wbr>')) expect(piece).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
    const amps = '&'.repeat(LONG_RUN * 2);
    expect(withoutBreaks(escapeWithBreaks(amps))).toBe('&amp;'.repeat(LONG_RUN * 2));
  });

  it('is linear: eight times the run takes about eight times as long, not sixty-four', () => {
    const time = (count: number): number => {
      const text = '['.repeat(count);
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        escapeWithBreaks(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(200_000);
    const ratio = time(1_600_000) / Math.max(time(200_000), 1);
    expect(ratio).toBeLessThan(30);
  });
});

describe('the pipeline', () => {
  it('breaks long runs in text and inline code, nowhere else, and the text reads the same', () => {
    const blob = 'A'.repeat(LONG_RUN + 50);
    const html = renderMarkdown(`前文 ${blob} 后文 \`${blob}\`\n\n短的 word 和 [链接](https://example.com/a)\n`);
    expect(html).toContain(`<p>前文 ${'A'.repeat(STEP)}<wbr>${'A'.repeat(STEP)}<wbr>${'A'.repeat(LONG_RUN + 50 - 2 * STEP)} 后文 <code>`);
    expect(withoutBreaks(html)).toContain(`<code>${blob}</code>`);
    expect(html).toContain('<p>短的 word 和 <a href="https://example.com/a"');
  });
});
