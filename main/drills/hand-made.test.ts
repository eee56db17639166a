import { describe, expect, it } from 'vitest';
import { CLOZE_MAX_UNITS, clozeSpan, formulaSpans, projectionHtml } from './hand-made.js';

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('clozeSpan', () => {
  it('takes the Chinese sentence around a highlight, its full stop included', () => {
    const text = '注意力机制。温度系数控制分布的平滑程度。温度越低越尖锐。\n';
    const at = text.indexOf('平滑');
    expect(slice(text, clozeSpan(text, at, at + 2))).toBe('温度系数控制分布的平滑程度。');
  });

  it('ends a Latin sentence only at a full stop before a space, so 3.5 stays whole', () => {
    const text = 'Intro here. GPT-3.5 uses RLHF to align answers. Next one.';
    const at = text.indexOf('RLHF');
    expect(slice(text, clozeSpan(text, at, at + 4))).toBe('GPT-3.5 uses RLHF to align answers.');
  });

  it('stops at a line break (a list item or a table cell line) and trims blanks', () => {
    const text = '- 第一项\n-   预训练：海量无标注数据  \n- 第三项';
    const at = text.indexOf('海量');
    expect(slice(text, clozeSpan(text, at, at + 2))).toBe('-   预训练：海量无标注数据');
  });

  it('keeps a highlight that ends on its own full stop, and one spanning two sentences', () => {
    const text = '甲。乙丙丁。戊己。';
    expect(slice(text, clozeSpan(text, 2, 6))).toBe('乙丙丁。');
    expect(slice(text, clozeSpan(text, 3, 8))).toBe('乙丙丁。戊己。');
  });

  it('bounds a long sentence around the highlight, never splitting a surrogate pair', () => {
    const text = `${'😀'.repeat(300)}关键${'😀'.repeat(300)}`;
    const at = text.indexOf('关键');
    const span = clozeSpan(text, at, at + 2);
    expect(span.end - span.start).toBeLessThanOrEqual(CLOZE_MAX_UNITS);
    expect(span.start).toBeLessThan(at);
    expect(span.end).toBeGreaterThan(at + 2);
    expect(slice(text, span)).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});

describe('formulas in a span of the projection', () => {
  const text = '设 x 为输入，公式 x^2 + \\frac{1}{2} 很常见，再看 x。';
  const spans = formulaSpans(text, [{ tex: 'x^2 + \\frac{1}{2}' }, { tex: 'x' }, { tex: 'missing' }]);

  it('are found in reading order, each once, a missing one skipped', () => {
    expect(spans.map((s) => [s.tex, s.start])).toEqual([
      ['x^2 + \\frac{1}{2}', text.indexOf('x^2')],
      ['x', text.lastIndexOf('x')],
    ]);
  });

  it('are typeset when wholly inside; text around them is escaped', () => {
    const start = text.indexOf('公式');
    const html = projectionHtml(text.slice(start, text.indexOf('很常见') + 3), start, spans);
    expect(html).toBe(
      '公式 <span class="math math-inline" data-tex="x^2 + \\frac{1}{2}" data-display="false">x^2 + \\frac{1}{2}</span> 很常见',
    );
    const cut = text.indexOf('+');
    expect(projectionHtml(text.slice(cut, cut + 5), cut, spans)).toBe('+ \\fr');
    expect(projectionHtml('<b>&"', 0, [])).toBe('&lt;b&gt;&amp;&quot;');
  });
});
