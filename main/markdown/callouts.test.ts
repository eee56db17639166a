import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';

const textOf = (markdown: string): string => projectTokens(parseMarkdown(markdown)).text;

describe('Obsidian callouts', () => {
  it('renders `> [!summary] 一句话总结` as a callout blockquote with its title and body', () => {
    expect(renderMarkdown('> [!summary] 一句话总结\n> LoRA 只训练低秩增量。')).toBe(
      [
        '<blockquote class="callout callout-summary" data-callout="summary">',
        '<div class="callout-title">一句话总结</div>',
        '<p>LoRA 只训练低秩增量。</p>',
        '</blockquote>',
        '',
      ].join('\n'),
    );
  });

  it('renders a callout that is only a title line, with no empty paragraph', () => {
    expect(renderMarkdown('> [!warning] 只写了标题')).toBe(
      '<blockquote class="callout callout-warning" data-callout="warning">\n<div class="callout-title">只写了标题</div>\n</blockquote>\n',
    );
  });

  it('uses the type name as the title when the author gave none', () => {
    const out = renderMarkdown('> [!tip]\n> 秩 r 通常取 8 或 16。');
    expect(out).toContain('<div class="callout-title">Tip</div>');
    expect(out).toContain('<p>秩 r 通常取 8 或 16。</p>');
  });

  it('lower-cases the type and keeps hyphenated custom types', () => {
    expect(renderMarkdown('> [!NOTE] 大写')).toContain('data-callout="note"');
    expect(renderMarkdown('> [!my-type] 自定义')).toContain('class="callout callout-my-type" data-callout="my-type"');
  });

  it('records the fold marker: `-` starts closed, `+` starts open', () => {
    expect(renderMarkdown('> [!faq]- 折叠的问题\n> 答案')).toContain('data-fold="closed"');
    expect(renderMarkdown('> [!faq]+ 展开的问题\n> 答案')).toContain('data-fold="open"');
    expect(renderMarkdown('> [!faq] 普通\n> 答案')).not.toContain('data-fold');
  });

  it('keeps formatting and formulas in the title', () => {
    const out = renderMarkdown('> [!info] **重点** $x^2$\n> 内容');
    expect(out).toMatch(
      /<div class="callout-title"><strong>重点<\/strong> <span class="math math-inline" data-tex="x\^2" data-display="false">/,
    );
  });

  it('keeps a multi-paragraph body', () => {
    const out = renderMarkdown('> [!note] 标题\n> 第一段\n>\n> 第二段');
    expect(out).toContain('<p>第一段</p>\n<p>第二段</p>');
  });

  it('leaves an ordinary blockquote, and `[!note]` that is not on the first line, alone', () => {
    expect(renderMarkdown('> 普通引用')).toBe('<blockquote>\n<p>普通引用</p>\n</blockquote>\n');
    const out = renderMarkdown('> 普通引用\n> [!note] 不是标题');
    expect(out).not.toContain('callout');
    expect(out).toContain('[!note] 不是标题');
  });

  it('puts the title and body in the text projection once each, without the `[!type]` marker', () => {
    expect(textOf('> [!summary] 一句话总结\n> 正文内容')).toBe('一句话总结\n正文内容');
    expect(textOf('> [!tip]\n> 正文')).toBe('Tip\n正文');
    expect(textOf('> [!warning] 只有标题')).toBe('只有标题');
  });
});
