import { describe, expect, it } from 'vitest';
import { KATEX_OPTIONS, renderMarkdown } from './pipeline.js';

describe('KaTeX options', () => {
  it("are the reader's own (common/katex-options.ts), with trust off where exports typeset", () => {
    expect(KATEX_OPTIONS.trust).toBe(false);
    // trust:false at work in the pipeline's own typesetting: \href is refused, shown as source, not a link.
    const html = renderMarkdown('$\\href{https://example.com}{点我}$');
    expect(html).toContain('katex');
    expect(html).not.toContain('href="https://example.com"');
  });

  it('leave formulas as escaped TeX when the reader asks to typeset them itself', () => {
    const html = renderMarkdown('比值 $a<b$ 和\n\n$$\\frac{1}{2}$$', { isMathDeferred: true });
    expect(html).toContain('<span class="math math-inline" data-tex="a&lt;b" data-display="false">a&lt;b</span>');
    expect(html).toContain('<div class="math math-display" data-tex="\\frac{1}{2}" data-display="true">\\frac{1}{2}</div>');
    expect(html).not.toContain('katex');
  });
});
