import type { Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderMarkdown } from './pipeline.js';

/** Every math token in document order, inline ones included. */
function mathTokens(markdown: string): { type: string; content: string; display: boolean }[] {
  const found: { type: string; content: string; display: boolean }[] = [];
  const visit = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (token.type === 'math_block') found.push({ type: token.type, content: token.content, display: true });
      if (token.type === 'math_inline') {
        found.push({ type: token.type, content: token.content, display: (token.meta as { display?: boolean }).display === true });
      }
      if (token.children) visit(token.children);
    }
  };
  visit(parseMarkdown(markdown));
  return found;
}

describe('inline math', () => {
  it('reads `$x$` as an inline formula', () => {
    expect(mathTokens('设 $x$ 为输入')).toEqual([{ type: 'math_inline', content: 'x', display: false }]);
    expect(renderMarkdown('设 $x$ 为输入')).toContain('<span class="math math-inline" data-tex="x" data-display="false">');
  });

  it('reads `$ x $` with inner spaces as a formula too (the TeX is trimmed)', () => {
    expect(mathTokens('其中 $ d_k $ 是维度')).toEqual([{ type: 'math_inline', content: 'd_k', display: false }]);
  });

  it('keeps an escaped `\\$` as a dollar sign', () => {
    expect(mathTokens('价格是 \\$5，不是公式')).toEqual([]);
    expect(renderMarkdown('价格是 \\$5，不是公式')).toBe('<p>价格是 $5，不是公式</p>\n');
  });

  it('does not read "$5 and $10" as a formula', () => {
    expect(mathTokens('It costs $5 and $10 later')).toEqual([]);
    expect(renderMarkdown('It costs $5 and $10 later')).toBe('<p>It costs $5 and $10 later</p>\n');
  });

  it('allows an escaped dollar inside a formula', () => {
    expect(mathTokens('$a \\$ b$')).toEqual([{ type: 'math_inline', content: 'a \\$ b', display: false }]);
  });

  it('leaves an empty `$$$$` and an unclosed `$` as text', () => {
    expect(mathTokens('$$$$')).toEqual([]);
    expect(mathTokens('只有一个 $ 符号')).toEqual([]);
  });
});

describe('display math', () => {
  it('reads a multi-line `$$…$$` block as one display formula', () => {
    const source = '$$\n\\frac{QK^T}{\\sqrt{d_k}}\n= S\n$$';
    expect(mathTokens(source)).toEqual([{ type: 'math_block', content: '\\frac{QK^T}{\\sqrt{d_k}}\n= S', display: true }]);
    expect(renderMarkdown(source)).toMatch(
      /^<div class="math math-display" data-tex="\\frac\{QK\^T\}\{\\sqrt\{d_k\}\}\n= S" data-display="true">/,
    );
  });

  it('reads a one-line `$$ … $$` block as a display formula', () => {
    expect(mathTokens('$$ E = mc^2 $$')).toEqual([{ type: 'math_block', content: 'E = mc^2', display: true }]);
  });

  it('reads `$$a$$` inside a paragraph as display math without breaking the paragraph', () => {
    expect(mathTokens('单行的 $$E = mc^2$$ 写在段落中间')).toEqual([{ type: 'math_inline', content: 'E = mc^2', display: true }]);
    const out = renderMarkdown('单行的 $$E = mc^2$$ 写在段落中间');
    expect(out).toContain('katex-display');
    // A <div> inside a <p> is invalid HTML: the browser would close the paragraph early.
    expect(out).not.toMatch(/<p>[^]*<div/);
    expect(out).toMatch(
      /^<p>单行的 <span class="math math-display" data-tex="E = mc\^2" data-display="true">[^]*<\/span> 写在段落中间<\/p>\n$/,
    );
  });

  it('reads a display block inside a list item', () => {
    expect(mathTokens('1. 公式如下\n   $$\n   x^2\n   $$')).toEqual([{ type: 'math_block', content: 'x^2', display: true }]);
  });

  it('leaves an unclosed `$$` block as text', () => {
    expect(mathTokens('$$\n\\alpha\n没有结束')).toEqual([]);
  });
});

describe('formulas wrapped in code fences', () => {
  it('reads a ``` block whose whole content is one `$$…$$` formula as a formula, not code', () => {
    const source = '```\n$$ \\text{GELU}(x) = x \\cdot \\Phi(x) $$\n```';
    expect(mathTokens(source)).toEqual([{ type: 'math_block', content: '\\text{GELU}(x) = x \\cdot \\Phi(x)', display: true }]);
    const out = renderMarkdown(source);
    expect(out).toMatch(/^<div class="math math-display"/);
    expect(out).not.toContain('<pre>');
  });

  it('reads a multi-line `$$` formula inside a fence as a formula', () => {
    expect(mathTokens('```\n$$\n\\frac{1}{2}\n$$\n```')).toEqual([{ type: 'math_block', content: '\\frac{1}{2}', display: true }]);
  });

  it('reads ```math, ```latex and ```tex fences as formulas', () => {
    for (const lang of ['math', 'latex', 'tex', 'katex']) {
      expect(mathTokens(`\`\`\`${lang}\n\\sum_i x_i\n\`\`\``)).toEqual([{ type: 'math_block', content: '\\sum_i x_i', display: true }]);
    }
  });

  it('keeps a fence with two formulas, or with code around a formula, as code', () => {
    expect(mathTokens('```\n$$ a $$\n$$ b $$\n```')).toEqual([]);
    expect(mathTokens('```\ncode $$a$$ more\n```')).toEqual([]);
  });

  it('keeps a fence with a programming language as code even if it holds `$$…$$`', () => {
    expect(mathTokens('```python\n$$ a $$\n```')).toEqual([]);
    expect(renderMarkdown('```python\n$$ a $$\n```')).toContain('<pre><code class="language-python">');
  });
});
