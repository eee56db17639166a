import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagramHash, parseMarkdown, renderMarkdown, renderTokens } from './pipeline.js';
import { projectTokens } from './projection.js';

const fixture = (name: string): string => readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), 'utf8');
const textOf = (markdown: string): string => projectTokens(parseMarkdown(markdown)).text;

describe('remote images are never fetched', () => {
  it('renders `![alt](https://…)` as a placeholder with the alt text and host, and no <img>', () => {
    const out = renderMarkdown('![架构图](https://pic.example.com/a.png)');
    expect(out).toBe(
      '<p><span class="image-placeholder" role="img" aria-label="架构图" data-host="pic.example.com" data-src="https://pic.example.com/a.png">架构图</span></p>\n',
    );
    expect(out).not.toMatch(/<img\b/i);
  });

  it('renders a local image the same way, marked local', () => {
    const out = renderMarkdown('![本地示意图](images/local.png)');
    expect(out).toContain('data-host="local"');
    expect(out).not.toMatch(/<img\b/i);
  });

  it('uses the URL as the accessible label when the alt text is empty', () => {
    expect(renderMarkdown('![](https://pic.example.com/b.png)')).toContain('aria-label="https://pic.example.com/b.png"');
  });

  it('renders the remote-images fixture with no <img> at all', () => {
    expect(renderMarkdown(fixture('remote-images-urls.md'))).not.toMatch(/<img\b/i);
  });
});

describe('links', () => {
  it('turns a bare https URL into an external link', () => {
    expect(renderMarkdown('论文 https://arxiv.org/abs/1706.03762')).toBe(
      '<p>论文 <a href="https://arxiv.org/abs/1706.03762" class="external-link" rel="noopener noreferrer nofollow">https://arxiv.org/abs/1706.03762</a></p>\n',
    );
  });

  it('does not turn file names such as `model.py` or `llama.cpp` into links', () => {
    expect(renderMarkdown('代码在 model.py 里，推理用 llama.cpp 跑，见 www.example.com')).toBe(
      '<p>代码在 model.py 里，推理用 llama.cpp 跑，见 www.example.com</p>\n',
    );
  });

  it('stops a bare URL before Chinese punctuation', () => {
    const out = renderMarkdown('见 https://example.com/p/1，然后');
    expect(out).toContain('<a href="https://example.com/p/1" ');
    expect(out).toContain('</a>，然后');
    for (const punctuation of ['。', '、', '）', '；']) {
      expect(renderMarkdown(`见 https://example.com/p/1${punctuation}后文`)).toContain(`>https://example.com/p/1</a>${punctuation}后文`);
    }
  });

  it('marks a relative Markdown link as a link to another note, resolved against the note path', () => {
    const out = renderMarkdown('[RAG 笔记](../rag/rag.md#检索)', { notePath: 'llm/peft/lora.md' });
    expect(out).toContain('class="note-link" data-note-path="llm/rag/rag.md"');
  });

  it('leaves in-page `#anchor` links alone', () => {
    expect(renderMarkdown('[上文](#注意力)')).toBe('<p><a href="#%E6%B3%A8%E6%84%8F%E5%8A%9B">上文</a></p>\n');
  });
});

describe('soft line breaks', () => {
  // A line of at least 40 characters that ends mid-sentence was wrapped by the editor.
  const wrapped =
    '目前的Large LM的训练范式还是在大规模语料上做自监督学习，很显然zero-shot性能更好的decoder-only架\n构才能更好的利用这些无标注的数据。';

  it('vanishes between two Chinese characters of a hard-wrapped sentence, in the HTML and in the text', () => {
    expect(renderMarkdown(wrapped)).toContain('decoder-only架构才能更好');
    expect(textOf(wrapped)).toContain('decoder-only架构才能更好');
  });

  it('stays a space between English words, in the HTML and in the text', () => {
    expect(renderMarkdown('English words\nhere')).toBe('<p>English words\nhere</p>\n');
    expect(textOf('English words\nhere')).toBe('English words here');
  });

  it('stays a line break after a short Chinese line such as a label ending in `：`', () => {
    expect(renderMarkdown('泛化能力：对没见过的数据也能预测\n提高方法：')).toBe(
      '<p>泛化能力：对没见过的数据也能预测<br>\n提高方法：</p>\n',
    );
    expect(textOf('泛化能力：对没见过的数据也能预测\n提高方法：')).toBe('泛化能力：对没见过的数据也能预测\n提高方法：');
  });
});

describe('blocks', () => {
  it('renders GFM tables', () => {
    expect(renderMarkdown('| 方法 | 参数 |\n|---|---:|\n| LoRA | <1% |')).toBe(
      [
        '<table>',
        '<thead>',
        '<tr>',
        '<th>方法</th>',
        '<th style="text-align:right">参数</th>',
        '</tr>',
        '</thead>',
        '<tbody>',
        '<tr>',
        '<td>LoRA</td>',
        '<td style="text-align:right">&lt;1%</td>',
        '</tr>',
        '</tbody>',
        '</table>',
        '',
      ].join('\n'),
    );
  });

  it('renders a mermaid fence as a diagram block carrying its escaped source and a cache key', () => {
    const source = 'graph LR\n  SFT --> RM --> PPO\n';
    const out = renderMarkdown(`\`\`\`mermaid\n${source}\`\`\``);
    expect(out).toBe(
      `<div class="mermaid-block" data-diagram="${diagramHash(source)}"><pre class="mermaid-source"><code>graph LR\n  SFT --&gt; RM --&gt; PPO\n</code></pre></div>\n`,
    );
    expect(diagramHash(source)).toMatch(/^[0-9a-f]{16}$/);
    expect(diagramHash(source)).not.toBe(diagramHash(`${source} `));
  });

  it('renders ordinary code fences as escaped, highlighted code', () => {
    expect(renderMarkdown('```python\nif a < b: pass\n```')).toBe(
      '<pre><code class="language-python"><span class="hljs-keyword">if</span> a &lt; b: <span class="hljs-keyword">pass</span>\n</code></pre>\n',
    );
  });

  it('gives headings ids, with distinct ids for repeated headings', () => {
    expect(renderMarkdown('## 为什么需要奖励模型？\n\n## 为什么需要奖励模型？\n\n## KV Cache 和 MQA')).toBe(
      '<h2 id="为什么需要奖励模型">为什么需要奖励模型？</h2>\n<h2 id="为什么需要奖励模型-2">为什么需要奖励模型？</h2>\n<h2 id="kv-cache-和-mqa">KV Cache 和 MQA</h2>\n',
    );
  });

  it('gives top-level numbered questions ids when the note has no headings', () => {
    expect(renderMarkdown('1. 为什么除以根号dk？\n答案\n\n2. 什么是KV cache')).toContain('<li id="什么是kv-cache">');
  });
});

describe('formulas that KaTeX cannot read', () => {
  it('shows an unfinished `$\\frac{1}{$` inline as red source instead of throwing', () => {
    const out = renderMarkdown('前 $\\frac{1}{$ 后');
    expect(out).toMatch(
      /^<p>前 <span class="math math-inline" data-tex="\\frac\{1\}\{" data-display="false"><span class="katex-error" title="ParseError: [^"]*" style="color:#cc0000">\\frac\{1\}\{<\/span><\/span> 后<\/p>\n$/,
    );
  });

  it('shows an unknown macro in red and keeps rendering the rest', () => {
    const out = renderMarkdown('$\\badmacro$ 然后 $x$');
    expect(out).toContain('data-tex="\\badmacro"');
    expect(out).toContain('color:#cc0000');
    expect(out).toContain('data-tex="x"');
  });

  it('shows a formula KaTeX fails on with a plain Error (not a ParseError) as its source and reason, and renders the rest', () => {
    // `\begin{ }x\end{y}` makes KaTeX throw past throwOnError:false.
    const out = renderMarkdown('前 $\\begin{ }x\\end{y}$ 中 $x^2$\n\n$$\\begin{ }x\\end{y}$$\n\n后');
    expect(out).toContain(
      '<span class="katex-error" title="Error: Expected node of type textord, but got node of type spacing" style="color:#cc0000">\\begin{ }x\\end{y}</span></span> 中 ',
    );
    expect(out).toMatch(/<div class="math math-display"[^>]*><span class="katex-error"[^>]*>\\begin\{ \}x\\end\{y\}<\/span><\/div>/);
    expect(out).toContain('data-tex="x^2" data-display="false"><span class="katex">');
    expect(out).toContain('<p>后</p>');
  });

  it('stops a self-expanding macro bomb instead of hanging', () => {
    const out = renderMarkdown('$$\\def\\a{\\a\\a}\\a$$');
    expect(out).toContain('katex-error');
  });
});

describe('renderTokens', () => {
  it('renders already parsed tokens exactly like renderMarkdown', () => {
    const source = fixture('fenced-formulas.md');
    expect(renderTokens(parseMarkdown(source))).toBe(renderMarkdown(source));
  });
});
