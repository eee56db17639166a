import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../markdown/pipeline.js';
import { ankiPlainText, ankiTag, fromAnkiField, imageExtension, sanitizeAnkiHtml, toAnkiFace } from './anki-html.js';
import { PIXEL_PNG } from './test-support.js';

const face = (markdown: string, resolve: Parameters<typeof toAnkiFace>[1] = null, diagrams?: Record<string, string>) =>
  toAnkiFace(renderMarkdown(markdown, { notePath: 'notes/attention.md', isMathDeferred: true }), resolve, diagrams);

describe('toAnkiFace: formulas', () => {
  it('turns inline $…$ into \\(…\\) from the TeX source, not KaTeX HTML', () => {
    const { html } = face('为什么要除以 $\\sqrt{d_k}$？');
    expect(html).toContain('\\(\\sqrt{d_k}\\)');
    expect(html).not.toContain('katex');
    expect(html).not.toContain('data-tex');
  });

  it('turns display $$…$$ into \\[…\\], keeping < and & escaped once', () => {
    const { html } = face('$$\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$\n\n$$a < b \\And c$$');
    expect(html).toContain('\\[\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V\\]');
    expect(html).toContain('\\[a &lt; b \\And c\\]');
  });

  it('handles $ x $ with spaces as the notes write it', () => {
    expect(face('值为 $ x^2 $ 时').html).toMatch(/\\\(\s*x\^2\s*\\\)/);
  });

  it('leaves a $ inside code alone', () => {
    const { html } = face('Run `echo $HOME $PATH` then\n\n```bash\nprice=$5 and $x$\n```');
    expect(html).toContain('echo $HOME $PATH');
    expect(ankiPlainText(html)).toContain('price=$5 and $x$');
    expect(html).not.toContain('\\(');
  });
});

describe('toAnkiFace: diagrams and images', () => {
  const mermaid = '```mermaid\ngraph LR\n  SFT --> RM --> PPO\n```';

  it('exports a Mermaid diagram as its source when no drawing is given', () => {
    const { html, media } = face(mermaid);
    expect(html).toContain('<pre><code class="language-mermaid">graph LR');
    expect(html).toContain('SFT --&gt; RM --&gt; PPO');
    expect(media).toEqual([]);
  });

  it('exports a drawn Mermaid diagram as a packaged SVG image, sanitized', () => {
    const hash = /data-diagram="([^"]+)"/.exec(renderMarkdown(mermaid, { notePath: 'a.md', isMathDeferred: true }))![1]!;
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="5" height="5" onclick="alert(2)"/></svg>';
    const { html, media } = face(mermaid, null, { [hash]: svg });
    expect(media).toHaveLength(1);
    expect(html).toContain(`<img src="${media[0]!.name}" alt="diagram" />`);
    const text = new TextDecoder().decode(media[0]!.data);
    expect(text).toContain('<rect');
    expect(text).not.toContain('script');
    expect(text).not.toContain('onclick');
  });

  it('embeds an image the media store resolves, and leaves its alt text for one it cannot', () => {
    const html = '<p>见图 <img src="/media/abc" alt="attention"> 和 <img src="/media/missing" alt="缺失"></p>';
    const { html: out, media } = toAnkiFace(html, (src) => (src === '/media/abc' ? { name: 'lattice-abc.png', data: PIXEL_PNG } : null));
    expect(out).toContain('<img src="lattice-abc.png" alt="attention" />');
    expect(out).toContain('缺失');
    expect(out).not.toContain('/media/missing');
    expect(media.map((file) => file.name)).toEqual(['lattice-abc.png']);
  });

  it('knows an image by its bytes', () => {
    expect(imageExtension(PIXEL_PNG)).toBe('png');
    expect(imageExtension(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe('svg');
    expect(imageExtension(new TextEncoder().encode('#!/bin/sh'))).toBe('');
  });
});

describe('ankiTag', () => {
  it('replaces spaces with _ and joins a section path with ::', () => {
    expect(ankiTag(['Attention 面试题', 'Multi Head', 'KV cache'])).toBe('Attention_面试题::Multi_Head::KV_cache');
  });

  it('keeps Chinese, folds full-width spaces, drops empty levels and stray ::', () => {
    expect(ankiTag(['大模型\u3000面试', '', '  ', 'a::b'])).toBe('大模型_面试::a:b');
  });
});

describe('sanitizing hostile HTML', () => {
  it('keeps no script, handler, style or remote source in an exported question', () => {
    const hostile =
      '<p>Q <img src="x" onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">link</a><span style="x" onclick="y">t</span><iframe src="https://evil"></iframe><img src="https://evil/x.png"></p>';
    const out = sanitizeAnkiHtml(hostile);
    expect(out).not.toMatch(/onerror|onclick|script|javascript|iframe|style|evil/i);
    expect(out).toContain('Q');
    expect(out).toContain('<img src="x" />');
  });

  it('goes through the pipeline and the export pass: raw HTML in a note never reaches Anki as markup', () => {
    const { html } = face('### 问题 <script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|onerror=/i);
  });

  it('imports an Anki field with its images rewritten to the store and everything else cut', () => {
    const field =
      'A<script>alert(1)</script><img src="softmax plot.png" onerror="x"><img src="../../etc/passwd"><img src="https://evil/x.png">[sound:a.mp3]';
    const out = fromAnkiField(field, (name) => (name === 'softmax plot.png' ? '/media/0123' : null));
    expect(out).toBe('A<img src="/media/0123" alt="softmax plot.png">');
  });

  it('reads a field as plain text for matching: tags and MathJax delimiters gone, entities decoded', () => {
    expect(ankiPlainText('What is <b>softmax</b> \\(\\sigma\\)?&nbsp;<br>x &lt; y')).toBe('What is softmax \\sigma?\nx < y');
    expect(ankiPlainText('缩放因子 [$]\\sqrt{d_k}[/$]，归一化 [$$]\\sum_i p_i = 1[/$$]')).toBe(
      '缩放因子 \\sqrt{d_k}，归一化 \\sum_i p_i = 1',
    );
  });

  it("typesets an older deck's [$]…[/$] and [$$]…[/$$] as MathJax's \\(…\\) and \\[…\\] are, and leaves [latex] as its text", () => {
    const field =
      '缩放因子 [$]\\sqrt{d_k}[/$]，当 [$]a &lt; b[/$]：[$$]\\mathrm{softmax}(QK^T)V[/$$][latex]\\begin{tabular}{c}x\\end{tabular}[/latex]';
    expect(fromAnkiField(field, () => null)).toBe(
      '缩放因子 <span class="math math-inline" data-tex="\\sqrt{d_k}" data-display="false">\\sqrt{d_k}</span>，' +
        '当 <span class="math math-inline" data-tex="a &lt; b" data-display="false">a &lt; b</span>：' +
        '<div class="math math-display" data-tex="\\mathrm{softmax}(QK^T)V" data-display="true">\\mathrm{softmax}(QK^T)V</div>' +
        '[latex]\\begin{tabular}{c}x\\end{tabular}[/latex]',
    );
  });
});
