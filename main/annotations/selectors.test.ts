import { describe, expect, it } from 'vitest';
import { CONTEXT_UNITS, describeSpan, describeSpanAt } from './selectors.js';

const latin =
  'The quick brown fox jumps over the lazy dog. Attention weights are computed with softmax over scaled dot products, then applied to the values.';

describe('describeSpan', () => {
  it('keeps 32 code units of context on each side of Latin text', () => {
    const start = latin.indexOf('softmax');
    const target = describeSpan(latin, start, start + 'softmax'.length);
    expect(target.quote.exact).toBe('softmax');
    expect(target.quote.prefix).toBe(latin.slice(start - CONTEXT_UNITS, start));
    expect(target.quote.suffix).toBe(latin.slice(start + 7, start + 7 + CONTEXT_UNITS));
    expect(target).toMatchObject({ start, end: start + 7 });
  });

  it('clamps context at the edges of the text and offsets to the text', () => {
    expect(describeSpan('short text', 0, 5).quote).toEqual({ exact: 'short', prefix: '', suffix: ' text' });
    expect(describeSpan('short text', -4, 99)).toEqual({ quote: { exact: 'short text', prefix: '', suffix: '' }, start: 0, end: 10 });
    expect(describeSpan('short text', 5, 0)).toMatchObject({ start: 0, end: 5 });
    expect(describeSpan('short text', 3, 3).quote.exact).toBe('');
  });

  it('runs CJK context to the nearest sentence boundary, punctuation included', () => {
    const text =
      '第一句话在这里结束。奖励模型给每个回答打分，分数越高越好。PPO 在 KL 约束下最大化奖励，这一句比较长所以后缀会停在句号。后面还有别的句子。';
    const start = text.indexOf('分数越高');
    const target = describeSpan(text, start, start + 4);
    expect(target.quote.prefix).toBe('。奖励模型给每个回答打分，');
    // 越好。 ends the sentence only 3 units on: too close, so the suffix runs to the next 。
    expect(target.quote.suffix).toBe(text.slice(start + 4, text.indexOf('句号。') + 3));
  });

  it('never cuts CJK context shorter than 8 units: a sentence start reaches back to the previous sentence', () => {
    const text = '上一句说的是显存。这一句才是被划线的内容，后面还有。';
    const start = text.indexOf('这一句');
    const target = describeSpan(text, start, start + 3);
    // The 。 right before the highlight is 1 unit away, too close; the text start is the boundary.
    expect(target.quote.prefix).toBe('上一句说的是显存。');
    expect(target.quote.suffix).toBe('才是被划线的内容，后面还有。');
  });

  it('uses 32 units when a CJK sentence has no boundary within 64 units', () => {
    const text = `${'长'.repeat(100)}目标${'句'.repeat(100)}`;
    const start = text.indexOf('目标');
    const target = describeSpan(text, start, start + 2);
    expect(target.quote.prefix).toBe('长'.repeat(32));
    expect(target.quote.suffix).toBe('句'.repeat(32));
  });

  it('treats a line end as a sentence boundary in CJK text', () => {
    const text = '## 为什么需要位置编码？\n自注意力本身对顺序不敏感，需要额外注入位置信息。';
    const start = text.indexOf('需要额外');
    expect(describeSpan(text, start, start + 4).quote.prefix).toBe('\n自注意力本身对顺序不敏感，');
  });

  it('never splits a surrogate pair, in the span or its context', () => {
    const text = `😀${'b'.repeat(31)}marks${'c'.repeat(31)}🚀 done`;
    const rocket = text.indexOf('🚀');
    // Offsets inside the emoji widen the span to the whole character.
    const target = describeSpan(text, rocket + 1, rocket + 1);
    expect(target.quote.exact).toBe('🚀');
    expect(target.start).toBe(rocket);
    // 32 units around "marks" would cut both emoji in half; the context takes them whole.
    const marks = text.indexOf('marks');
    const quote = describeSpan(text, marks, marks + 5).quote;
    expect(quote.prefix).toBe(`😀${'b'.repeat(31)}`);
    expect(quote.suffix).toBe(`${'c'.repeat(31)}🚀`);
  });

  it('keeps combining marks with their base character', () => {
    const text = 'cafe\u0301 au lait';
    const target = describeSpan(text, 0, 4);
    expect(target.quote.exact).toBe('cafe\u0301');
    expect(describeSpan(text, 4, 8).start).toBe(3);
  });
});

describe('describeSpanAt', () => {
  it('gives the offsets of what describeSpan slices, on Latin, CJK and astral text', () => {
    const text = [
      '## 为什么要除以 √d_k？',
      '点积的方差随维度 d_k 增大。除以 √d_k 之后，softmax 不会饱和；梯度也更稳定。',
      'Attention scales the dot products so the softmax stays in its useful range, 𝛼 and 😀 included.',
    ].join('\n');
    const spans: [number, number][] = [
      [3, 14],
      [16, 30],
      [40, 52],
      [text.indexOf('softmax stays'), text.indexOf('softmax stays') + 13],
      [text.indexOf('😀') + 1, text.length],
      [0, 0],
    ];
    for (const [start, end] of spans) {
      const at = describeSpanAt(text, start, end);
      const target = describeSpan(text, start, end);
      expect({ start: at.start, end: at.end }).toEqual({ start: target.start, end: target.end });
      expect(text.slice(at.from, at.start)).toBe(target.quote.prefix);
      expect(text.slice(at.end, at.to)).toBe(target.quote.suffix);
    }
    // The span inside a surrogate pair is widened to the whole character.
    const inside = describeSpanAt(text, text.indexOf('😀') + 1, text.length);
    expect(inside.start).toBe(text.indexOf('😀'));
  });
});
