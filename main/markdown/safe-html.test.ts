import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';
import { decodeEntities, escapeHtml, imagePlaceholder, sanitizeHtml } from './safe-html.js';

const fixture = (name: string): string => readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), 'utf8');

interface Tag {
  name: string;
  attrs: string;
}

/**
 * Every real element in rendered HTML. Escaped text (`&lt;script&gt;`) is not
 * an element, so a literal `<` followed by a name is exactly what a browser
 * would build.
 */
function tagsIn(html: string): Tag[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)].map((m) => ({
    name: (m[1] ?? '').toLowerCase(),
    attrs: m[2] ?? '',
  }));
}

const DANGEROUS_ELEMENTS = ['script', 'iframe', 'style', 'img', 'object', 'embed', 'form', 'input', 'link', 'meta', 'base', 'frame'];

/** What must never reach the page from a note, whatever the note says. */
function expectNoActiveContent(html: string): void {
  const tags = tagsIn(html);
  expect(tags.map((t) => t.name)).not.toEqual(
    expect.arrayContaining([expect.stringMatching(new RegExp(`^(${DANGEROUS_ELEMENTS.join('|')})$`))]),
  );
  for (const tag of tags) {
    expect(tag.attrs, `<${tag.name}> carries an event handler`).not.toMatch(/(^|\s)on[a-z]+\s*=/i);
    expect(tag.attrs, `<${tag.name}> links to script`).not.toMatch(
      /(^|\s)(href|src|action|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):/i,
    );
  }
  // Our own links are the only anchors: wikilinks, external https/mailto links and note links.
  for (const anchor of tags.filter((t) => t.name === 'a')) {
    expect(anchor.attrs).toMatch(/class="(wikilink|external-link|note-link)"/);
  }
}

describe('hostile notes render as harmless, visible text', () => {
  it('shows `<script>alert(1)</script>` as text', () => {
    const out = renderMarkdown('<script>alert(1)</script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectNoActiveContent(out);
  });

  it('shows an inline `<script>` inside a paragraph as text too', () => {
    const out = renderMarkdown('前文 <script>alert(1)</script> 后文');
    expect(out).toBe('<p>前文 &lt;script&gt;alert(1)&lt;/script&gt; 后文</p>\n');
  });

  it('turns `<img src=x onerror=alert(1)>` into an image placeholder with no <img> and no onerror', () => {
    const out = renderMarkdown('图片 <img src=x onerror=alert(1)> 在这里');
    expect(out).toContain('<span class="image-placeholder" role="img" aria-label="x" data-host="local" data-src="x"></span>');
    expect(out).not.toMatch(/onerror/i);
    expectNoActiveContent(out);
  });

  it('does the same for an upper-case `<IMG SRC=… ONERROR=…>` block', () => {
    const out = renderMarkdown('<IMG SRC=x ONERROR=alert(1)>');
    expect(out).not.toMatch(/onerror/i);
    expectNoActiveContent(out);
  });

  it('gives `[x](javascript:alert(1))` no javascript: link, in any letter case', () => {
    for (const scheme of ['javascript', 'JAVASCRIPT', 'vbscript', 'data:text/html,']) {
      const out = renderMarkdown(`[点我](${scheme}:alert(1))`);
      expect(out).not.toContain('<a');
      expectNoActiveContent(out);
    }
    expect(renderMarkdown('<javascript:alert(1)>')).not.toContain('<a');
  });

  it('shows `<a href="javascript:…">` as text rather than as a link', () => {
    const out = renderMarkdown('<a href="javascript:alert(2)">另一个</a>');
    expect(out).toBe('<p>&lt;a href=&quot;javascript:alert(2)&quot;&gt;另一个&lt;/a&gt;</p>\n');
    expectNoActiveContent(out);
  });

  it('shows `<iframe>`, `<style>`, `<object>`, `<form>`, `<meta>` and `<base>` as text', () => {
    const hostile = [
      '<iframe src="https://evil.example.com"></iframe>',
      '<style>body { display: none }</style>',
      '<object data="x.swf"></object><embed src="x">',
      '<form action="https://evil.example.com"><input name="q"></form>',
      '<meta http-equiv="refresh" content="0;url=https://evil.example.com">',
      '<link rel="stylesheet" href="https://evil.example.com/x.css"><base href="https://evil.example.com/">',
    ];
    for (const source of hostile) {
      const out = renderMarkdown(source);
      expect(out).toContain('&lt;');
      expectNoActiveContent(out);
    }
  });

  it('shows an SVG with onload as text', () => {
    const out = renderMarkdown('<svg onload=alert(3)><circle r="1"/></svg>');
    expect(tagsIn(out).map((t) => t.name)).not.toContain('svg');
    expectNoActiveContent(out);
  });

  it('does not make a link from KaTeX `\\href` (trust is off)', () => {
    const out = renderMarkdown('$\\href{javascript:alert(1)}{x}$ 和 $\\url{https://example.com}$');
    expect(tagsIn(out).map((t) => t.name)).not.toContain('a');
    expect(out).not.toMatch(/href="/);
    expectNoActiveContent(out);
  });

  it('strips event handlers from the formatting tags it keeps', () => {
    expect(renderMarkdown('<b onclick="alert(1)">粗</b> <B>大</B>')).toBe('<p><b>粗</b> <b>大</b></p>\n');
  });

  it('drops harmless wrappers but keeps their text', () => {
    const out = renderMarkdown('<div onmouseover="alert(1)">文字</div>');
    expect(out).toContain('文字');
    expect(out).not.toContain('onmouseover');
  });

  it('keeps `<details><summary>` working across the Markdown inside it', () => {
    const out = renderMarkdown('<details><summary>展开答案</summary>\n\n答案在这里。\n\n</details>');
    expect(out).toContain('<details><summary>展开答案</summary>');
    // The browser must see the answer inside <details>: no element may close between the two tags.
    const inner = out.slice(out.indexOf('<details>'), out.indexOf('</details>'));
    expect(inner).toContain('<p>答案在这里。</p>');
    expect(inner).not.toMatch(/<\/div>/);
  });

  it('keeps a mermaid `click` directive as escaped diagram source, never a link or handler', () => {
    const out = renderMarkdown('```mermaid\ngraph LR\n  A --> B\n  click A "javascript:alert(5)"\n```');
    expect(out).toContain('click A &quot;javascript:alert(5)&quot;');
    expectNoActiveContent(out);
  });

  it('renders the whole hostile fixture with no active content, and still shows its text', () => {
    const source = fixture('hostile.md');
    const out = renderMarkdown(source);
    expectNoActiveContent(out);
    expect(out).toContain('<h1 id="恶意笔记">恶意笔记</h1>');
    expect(out).toContain('答案在这里。');
    const projection = projectTokens(parseMarkdown(source));
    expect(projection.text).toContain("<script>alert('xss')</script>");
    expect(projection.diagrams).toHaveLength(1);
    expect(projection.formulas.map((f) => f.tex)).toEqual(['\\href{javascript:alert(4)}{点}']);
  });
});

describe('sanitizeHtml', () => {
  it('returns the markup, the text a reader sees, and the images', () => {
    expect(sanitizeHtml('<b>粗</b><br><img src="a.png" alt="示意图">')).toEqual({
      html: '<b>粗</b><br><span class="image-placeholder" role="img" aria-label="示意图" data-host="local" data-src="a.png">示意图</span>',
      text: '粗\n示意图',
      images: [{ src: 'a.png', alt: '示意图' }],
    });
  });

  it('removes HTML comments entirely', () => {
    expect(sanitizeHtml('前<!-- 隐藏 -->后')).toMatchObject({ html: '前后', text: '前后' });
  });

  it('decodes entities for the text and re-escapes them for the markup', () => {
    expect(sanitizeHtml('&lt;script&gt; &#60;b&#62; &amp;')).toEqual({
      html: '&lt;script&gt; &lt;b&gt; &amp;',
      text: '<script> <b> &',
      images: [],
    });
  });

  it('escapes attribute values of image placeholders', () => {
    const out = sanitizeHtml('<img src="javascript:alert(1)" alt="&quot;><script>">');
    expect(out.html).toBe(
      '<span class="image-placeholder" role="img" aria-label="&quot;&gt;&lt;script&gt;" data-host="local" data-src="javascript:alert(1)">&quot;&gt;&lt;script&gt;</span>',
    );
    expectNoActiveContent(out.html);
  });
});

describe('small helpers', () => {
  it('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('decodeEntities leaves unknown or invalid entities as written', () => {
    expect(decodeEntities('&foo; &#0; &#xD800; &#x4E2D;')).toBe('&foo; &#0; &#xD800; 中');
  });

  it('imagePlaceholder shows the host of a remote image and never its URL as a source', () => {
    expect(imagePlaceholder('https://pic.example.com/a.png', '结构图')).toBe(
      '<span class="image-placeholder" role="img" aria-label="结构图" data-host="pic.example.com" data-src="https://pic.example.com/a.png">结构图</span>',
    );
    expect(imagePlaceholder('https://[bad', '')).toContain('data-host="local"');
  });
});
