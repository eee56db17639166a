import { describe, expect, it } from 'vitest';
import { KATEX_OPTIONS as RENDERER_OPTIONS } from '../../renderer/src/reader/katex-options.js';
import { KATEX_OPTIONS, renderMarkdown } from './pipeline.js';

describe('KaTeX options', () => {
  it('are the same where the reader typesets and where exports typeset', () => {
    expect(RENDERER_OPTIONS).toEqual(KATEX_OPTIONS);
    expect(KATEX_OPTIONS.trust).toBe(false);
  });

  it('leave formulas as escaped TeX when the reader asks to typeset them itself', () => {
    const html = renderMarkdown('比值 $a<b$ 和\n\n$$\\frac{1}{2}$$', { isMathDeferred: true });
    expect(html).toContain('<span class="math math-inline" data-tex="a&lt;b" data-display="false">a&lt;b</span>');
    expect(html).toContain('<div class="math math-display" data-tex="\\frac{1}{2}" data-display="true">\\frac{1}{2}</div>');
    expect(html).not.toContain('katex');
  });
});
