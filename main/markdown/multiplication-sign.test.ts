import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';

const textOf = (markdown: string): string => projectTokens(parseMarkdown(markdown)).text;

describe('a `*` between two operands is a multiplication sign', () => {
  it('keeps both signs of a pasted complexity formula, with no italics', () => {
    const markdown = '相似度计算：(n,d)*(d,n)=O(n^2 \\cdot d) ，再乘：(n,n)*(n,d)=O(n^2 \\cdot d)';
    expect(renderMarkdown(markdown)).toBe(`<p>${markdown}</p>\n`);
    expect(textOf(markdown)).toBe(markdown);
  });

  it('keeps `batch*seq*hidden` and `Q*K^T` as written', () => {
    expect(renderMarkdown('显存约为 batch*seq*hidden，注意力是 Q*K^T')).toBe('<p>显存约为 batch*seq*hidden，注意力是 Q*K^T</p>\n');
  });

  it('leaves emphasis as authors write it alone', () => {
    expect(renderMarkdown('倾向于生成*安全*、*常见*的保守序列')).toBe('<p>倾向于生成<em>安全</em>、<em>常见</em>的保守序列</p>\n');
    expect(renderMarkdown('*前置模块*：直接返回')).toBe('<p><em>前置模块</em>：直接返回</p>\n');
    expect(renderMarkdown('a *word* and **bold**text')).toBe('<p>a <em>word</em> and <strong>bold</strong>text</p>\n');
    expect(renderMarkdown('ratio * advantage（重要性采样*优势）')).toBe('<p>ratio * advantage（重要性采样*优势）</p>\n');
  });
});
