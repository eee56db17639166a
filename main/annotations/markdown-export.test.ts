import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { renderMarkdown } from '../markdown/pipeline.js';
import { annotationsMarkdown } from './markdown-export.js';
import type { ExportedAnnotation, ExportedNote } from './markdown-export.js';

/**
 * The Markdown export of one note's annotations, read back by two readers: a
 * permissive one (markdown-it with raw HTML and linkify on and every link
 * scheme accepted — file: as desktop editors do, and javascript: as the worst
 * tool might) and Lattice's own pipeline.
 */
const permissive = new MarkdownIt({ html: true, linkify: true });
permissive.validateLink = () => true;

let work: string;
let app: Lattice | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-annotation-md-'));
  mkdirSync(join(work, 'notes'));
});
afterEach(() => {
  app?.close();
  app = undefined;
  rmSync(work, { recursive: true, force: true });
});

const NOTE = `---
title: 注意力
---
# 注意力机制

开头的一句话。

## 为什么要缩放？

点积的方差随维度增长，softmax 会饱和，所以除以 $\\sqrt{d_k}$。

### 多头

每个头有自己的 Q、K、V 投影。
`;

async function exportOf(
  comments: { phrase: string; comment?: string; tags?: string[] }[],
  file = 'attention (v2).md',
): Promise<{ markdown: string; fileName: string; count: number; absolutePath: string }> {
  writeFileSync(join(work, 'notes', file), NOTE);
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  await app.call('library.import', { paths: [join(work, 'notes')] });
  const [summary] = await app.call('notes.list', {});
  const note = await app.call('notes.get', { id: summary?.id ?? 0 });
  for (const { phrase, comment, tags } of comments) {
    const start = note.text.indexOf(phrase);
    expect(start, phrase).toBeGreaterThanOrEqual(0);
    await app.call('annotations.create', { noteId: note.id, start, end: start + phrase.length, comment, tags });
  }
  return { ...(await app.call('annotations.exportMarkdown', { noteId: note.id })), absolutePath: note.absolutePath };
}

/** Every href and src in HTML, and whether anything could run. */
function liveParts(html: string): { hrefs: string[]; hasScript: boolean; hasImage: boolean; hasHandler: boolean } {
  return {
    hrefs: [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1] ?? ''),
    hasScript: /<script/i.test(html),
    hasImage: /<img/i.test(html),
    hasHandler: /<[^>]+\son\w+=/i.test(html),
  };
}

describe('one note’s annotations as Markdown', () => {
  it('gives each quote, its comment and tags under its heading, linked back to the note’s file at that heading', async () => {
    const { markdown, fileName, count, absolutePath } = await exportOf([
      { phrase: '开头的一句话', comment: '引子' },
      { phrase: 'softmax 会饱和', comment: '面试常问：为什么是 $\\sqrt{d_k}$？', tags: ['attention', '八股'] },
      { phrase: '自己的 Q、K、V 投影' },
    ]);
    expect(count).toBe(3);
    expect(fileName).toBe('注意力 annotations.md');
    const fileUrl = pathToFileURL(absolutePath).href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
    expect(markdown).toContain(`## [注意力机制 › 为什么要缩放？](<${fileUrl}#${encodeURIComponent('为什么要缩放')}>)`);
    expect(markdown).toContain('> softmax 会饱和');
    expect(markdown).toContain('面试常问：为什么是 $\\sqrt{d_k}$？');
    expect(markdown).toContain('`attention` `八股`');
    // Reading order, each under the last heading before it.
    const order = ['开头的一句话', '引子', '为什么要缩放？](', 'softmax 会饱和', '多头](', '自己的 Q、K、V 投影'].map((s) =>
      markdown.indexOf(s),
    );
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);

    // Read back by a Markdown tool: the links go to the file, the formula stays a formula.
    const html = permissive.render(markdown);
    expect(liveParts(html).hrefs.every((href) => href.startsWith('file:///'))).toBe(true);
    expect(liveParts(html).hrefs.length).toBeGreaterThanOrEqual(3);
    expect(renderMarkdown(markdown)).toContain('class="math');
  });

  it('escapes hostile comments, quotes and titles: no live link, image, HTML or handler in either reader', () => {
    const note: ExportedNote = {
      title: '<script>alert("t")</script>](javascript:alert(1))',
      path: 'x/<img src=x onerror=alert(1)>.md',
      absolutePath: '/notes/a) [b](javascript:alert(2).md',
      sections: [{ ord: 0, title: '[h](javascript:alert(3))', slug: 'h")onclick="x', parentOrd: null, startOffset: 0 }],
    };
    const hostile = [
      '[click me](javascript:alert(1))',
      'see ](javascript:alert(1)) and [x] and [x]: javascript:alert(4)',
      '<img src=x onerror=alert(5)> <script>alert(6)</script> <a href="javascript:alert(7)">a</a>',
      '![](https://tracker.example/pixel.png) <javascript:alert(8)> <https://example.org>',
      '\\\\[escaped backslash](javascript:alert(9)) \\\\<b onmouseover=alert(10)>b</b>',
      '[ref][r]\n\n[r]: javascript:alert(11)',
      '```js\nconst open = "a fence never closed";',
    ];
    const annotations: ExportedAnnotation[] = hostile.map((comment, i) => ({
      quote: `引用 ${i} <b>粗</b> [q](javascript:alert(12))`,
      comment,
      tags: ['`x`](javascript:alert(13))'],
      start: i,
      state: 'anchored',
    }));
    annotations.push({
      quote: '孤立的 <i>引用</i>',
      comment: 'after the fence: <img src=x onerror=alert(14)>',
      tags: [],
      start: 0,
      state: 'orphan',
    });
    const markdown = annotationsMarkdown(note, annotations, '2026-12-05T10:00:00Z');

    for (const html of [permissive.render(markdown), renderMarkdown(markdown)]) {
      const live = liveParts(html);
      // Only the export's own links, and bare https addresses a linkifying tool finds in the text itself.
      expect(live.hrefs.filter((href) => !href.startsWith('file:///') && !/^https:\/\/[\w.-]+\//.test(`${href}/`))).toEqual([]);
      expect(live.hasScript).toBe(false);
      expect(live.hasImage).toBe(false);
      expect(live.hasHandler).toBe(false);
    }
    // What was written still reads as written.
    const text = permissive.render(markdown);
    expect(text).toContain('[click me](javascript:alert(1))');
    expect(text).toContain('&lt;img src=x onerror=alert(5)&gt;');
    // The unclosed fence was closed: the orphan section after it is a heading, not code.
    expect(text).toMatch(/<h2>[^<]*(Not found in the note|找不到)/);
  });

  it('keeps a comment’s Markdown and math as written (brackets inside formulas and code untouched)', () => {
    const note: ExportedNote = { title: 'T', path: 't.md', absolutePath: '/n/t.md', sections: [] };
    const comment = '**要点**：区间 $[a, b]$ 与 $$\\left[\\frac{1}{2}\\right]$$，代码 `a[0]`。\n\n- 列表项';
    const markdown = annotationsMarkdown(
      note,
      [{ quote: 'q', comment, tags: [], start: 0, state: 'anchored' }],
      '2026-12-05T10:00:00Z',
      'zh',
    );
    expect(markdown).toContain('$[a, b]$');
    expect(markdown).toContain('$$\\left[\\frac{1}{2}\\right]$$');
    expect(markdown).toContain('`a[0]`');
    expect(markdown).toContain('## 第一个标题之前');
    expect(permissive.render(markdown)).toContain('<strong>要点</strong>');
  });

  it('says so when the note has no annotations', () => {
    const markdown = annotationsMarkdown({ title: 'T', path: 't.md', absolutePath: '/n/t.md', sections: [] }, [], '2026-12-05T10:00:00Z');
    expect(markdown).toContain('No highlights or comments on this note yet.');
    expect(markdown).toContain('0 annotations');
  });

  it('refuses a note that is not there, worded as NotFound', async () => {
    await exportOf([]);
    await expect(app?.call('annotations.exportMarkdown', { noteId: 999 })).rejects.toMatchObject({ type: 'NotFound' });
  });
});
