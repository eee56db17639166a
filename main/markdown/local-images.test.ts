import { describe, expect, it } from 'vitest';
import { embedRef, htmlImageRef, noteImageRefs } from './local-images.js';
import type { ResolvedImage } from './local-images.js';
import { parseMarkdown, renderMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';

const HASH = 'a'.repeat(64);

describe('local images in the pipeline', () => {
  it('reads Obsidian image embeds as images, with widths and alt text; other embeds stay links', () => {
    const tokens = parseMarkdown(
      '![[Pasted image 20240311.png]] ![[x.png|300]] ![[图 1.svg|结构图|120x80]] ![[lora-diagram]]\n\n![注意力](img/attention.png) ![](https://pic.example.com/a.png)',
    );
    expect(noteImageRefs(tokens)).toEqual([
      { ref: '[[Pasted image 20240311.png]]', target: 'Pasted image 20240311.png', isEmbed: true },
      { ref: '[[x.png]]', target: 'x.png', isEmbed: true },
      { ref: '[[图 1.svg]]', target: '图 1.svg', isEmbed: true },
      { ref: 'img/attention.png', target: 'img/attention.png', isEmbed: false },
    ]);
    const html = renderMarkdown('![[x.png|300]] ![[lora-diagram]]', {
      images: new Map([[embedRef('x.png'), { hash: HASH, problem: null }]]),
    });
    expect(html).toContain(`<span class="note-image"><img src="/media/${HASH}" alt="" width="300" loading="lazy" decoding="async"></span>`);
    expect(html).toContain('<a class="wikilink" href="#" data-wikilink="lora-diagram">lora-diagram</a>');
  });

  it('keys Markdown images by their encoded target, as the importer stored them', () => {
    const markdown = '![示意图](图片/注意力%20机制.png)';
    const [ref] = noteImageRefs(parseMarkdown(markdown));
    expect(ref?.target).toBe('%E5%9B%BE%E7%89%87/%E6%B3%A8%E6%84%8F%E5%8A%9B%20%E6%9C%BA%E5%88%B6.png');
    const images = new Map<string, ResolvedImage>([[ref?.ref ?? '', { hash: HASH, problem: null }]]);
    // The alt text is the caption: the text projection holds it, and the reader aligns annotations on visible text.
    expect(renderMarkdown(markdown, { images })).toBe(
      `<p><span class="note-image"><img src="/media/${HASH}" alt="示意图" loading="lazy" decoding="async"><span class="image-caption" aria-hidden="true">示意图</span></span></p>\n`,
    );
    expect(projectTokens(parseMarkdown(markdown)).text.trim()).toBe('示意图');
  });

  it('shows a placeholder with its reason for a reference that did not resolve', () => {
    const images = new Map<string, ResolvedImage>([['../../secret.png', { hash: null, problem: 'outside' }]]);
    const html = renderMarkdown('![秘密](../../secret.png) ![](gone.png)', { images });
    expect(html).toContain(
      '<span class="image-placeholder" data-problem="outside" role="img" aria-label="秘密" data-host="local" data-src="../../secret.png">秘密</span>',
    );
    expect(html).toContain('data-problem="missing"');
    expect(html).not.toContain('<img');
  });

  it('never makes an <img> of a remote picture, nor of anything when the note’s pictures are not known', () => {
    const images = new Map<string, ResolvedImage>([['https://pic.example.com/a.png', { hash: HASH, problem: null }]]);
    expect(renderMarkdown('![图](https://pic.example.com/a.png)', { images })).toContain('data-host="pic.example.com"');
    expect(renderMarkdown('![图](https://pic.example.com/a.png)', { images })).not.toContain('<img');
    expect(renderMarkdown('![图](img/a.png) ![[a.png]]')).not.toContain('<img');
  });

  it('escapes what a note writes in an embed and keeps the scan linear', () => {
    const html = renderMarkdown('![[a"><script>x.png|"><b>]]', {
      images: new Map([[embedRef('a"><script>x.png'), { hash: HASH, problem: null }]]),
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    const line = '![['.repeat(20_000);
    const started = performance.now();
    renderMarkdown(line);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('shows a raw HTML <img> with a local source, as Typora writes it, and marks the one that did not resolve', () => {
    const markdown =
      '<img src="assets/image-2023.png" alt="热力图" style="zoom:50%;" />\n\n段落里 <img src="assets/gone.png"> 和 <img src="https://pic.example.com/a.png">';
    expect(noteImageRefs(parseMarkdown(markdown))).toEqual([
      { ref: '<assets/image-2023.png>', target: 'assets/image-2023.png', isEmbed: false },
      { ref: '<assets/gone.png>', target: 'assets/gone.png', isEmbed: false },
    ]);
    const images = new Map<string, ResolvedImage>([
      [htmlImageRef('assets/image-2023.png'), { hash: HASH, problem: null }],
      [htmlImageRef('assets/gone.png'), { hash: null, problem: 'missing' }],
    ]);
    const html = renderMarkdown(markdown, { images });
    expect(html).toContain(
      `<span class="note-image"><img src="/media/${HASH}" alt="热力图" loading="lazy" decoding="async"><span class="image-caption" aria-hidden="true">热力图</span></span>`,
    );
    expect(html).toContain(
      '<span class="image-placeholder" data-problem="missing" role="img" aria-label="assets/gone.png" data-host="local" data-src="assets/gone.png"></span>',
    );
    expect(html).toContain('data-host="pic.example.com"');
    expect(html).not.toContain('zoom');
  });
});
