import { describe, expect, it } from 'vitest';
import { CONTINUES, joinParts, splitNoteHtml } from './note-parts.js';

/** The best of three cuts of `html`, in milliseconds. */
function cutTime(html: string): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    splitNoteHtml(html);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('splitNoteHtml', () => {
  it('keeps a short note whole', () => {
    expect(splitNoteHtml('<p>短</p>\n')).toEqual(['<p>短</p>\n']);
  });

  it('cuts a long note only between top-level blocks, losing nothing', () => {
    const html = Array.from(
      { length: 200 },
      (_, i) => `<h2 id="q${i}">第 ${i} 题</h2>\n<ul>\n<li><p>答 <em>${i}</em></p>\n</li>\n</ul>\n`,
    ).join('');
    const parts = splitNoteHtml(html, 500);
    expect(parts.length).toBeGreaterThan(10);
    expect(parts.join('')).toBe(html);
    for (const part of parts) expect(part.split('<ul>').length).toBe(part.split('</ul>').length);
  });

  it('cuts a long table between rows into tables of its own', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `<tr>\n<td>LLaMA-${i}</td>\n<td>${i}B</td>\n</tr>\n`).join('');
    const html = `<p>前</p>\n<table>\n<thead>\n<tr>\n<th>模型</th>\n<th>参数</th>\n</tr>\n</thead>\n<tbody>\n${rows}</tbody>\n</table>\n<p>后</p>\n`;
    const parts = splitNoteHtml(html, 1_000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts.filter((p) => p.includes('<td>'))) {
      expect(part.split('<table>').length).toBe(part.split('</table>').length);
    }
    // Every cell once, in order.
    const cells = parts.join('').match(/<td>[^<]*<\/td>/g) ?? [];
    expect(cells).toHaveLength(600);
    expect(cells[598]).toBe('<td>LLaMA-299</td>');
    expect(parts.at(-1)).toContain('<p>后</p>');
  });

  it('never cuts inside an element left open by raw HTML, nor inside quoted attributes', () => {
    const html = `<details><summary>答案</summary>\n${'<p title="a > b">x</p>\n'.repeat(100)}</details>\n<p>end</p>\n`;
    const parts = splitNoteHtml(html, 200);
    expect(parts[0]).toContain('</details>');
    expect(parts.join('')).toBe(html);
  });

  it('reads a long note in time linear in its size', () => {
    const make = (n: number): string => '<p><em>a</em> b</p>\n'.repeat(n);
    cutTime(make(50_000)); // warms the JIT up: the first run measures compilation, not the cut
    const small = cutTime(make(50_000));
    const large = cutTime(make(200_000));
    expect(large / small).toBeLessThan(9);
  });
});

describe('a paragraph longer than a part', () => {
  it('is cut in its text and between its inline elements, and joins back into one paragraph', () => {
    const text = Array.from({ length: 3_000 }, (_, i) => `词${i} <a href="u${i}">链接</a> a&amp;b `).join('');
    const html = `<h1 id="t">题</h1>\n<p>${text}</p>\n<p>后</p>\n`;
    const parts = splitNoteHtml(html, 2_000, 2_000);
    expect(parts.length).toBeGreaterThan(20);
    expect(parts[1]?.startsWith(CONTINUES) || parts[0]?.startsWith('<h1')).toBe(true);
    // Every part is whole HTML: a paragraph opened is closed, no entity or tag is cut.
    for (const part of parts) {
      expect(part.split('<p').length).toBe(part.split('</p>').length);
      expect(part.split('<a ').length).toBe(part.split('</a>').length);
      expect(part).not.toMatch(/&[a-z]*$|^[a-z]*;/);
    }
    expect(parts.slice(1, -1).every((part) => part.startsWith(CONTINUES))).toBe(true);
    expect(joinParts(parts)).toBe(html);
    // Any run of parts joins into whole HTML too (NoteBody sanitizes a slice at a time).
    expect(joinParts(parts.slice(3, 7)).startsWith(CONTINUES)).toBe(true);
    expect(joinParts(parts.slice(3, 7)).split('<p').length).toBe(2);
  });

  it('is cut in a text with no tags at all, near a space', () => {
    const words = Array.from({ length: 50_000 }, (_, i) => `word${i % 10}`).join(' ');
    const html = `<p>${words}</p>\n`;
    const parts = splitNoteHtml(html, 24_000);
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts.slice(0, -1)) expect(part).toMatch(/ <\/p>$/);
    expect(joinParts(parts)).toBe(html);
  });

  it('is not cut inside when it is shorter than a hostile one, however long the part', () => {
    const html = `<p>${'一句话，'.repeat(3_000)}</p>\n<p>后</p>\n`;
    expect(splitNoteHtml(html, 1_000)).toEqual([html.slice(0, html.indexOf('\n<p>后')), html.slice(html.indexOf('\n<p>后'))]);
  });

  it('in a list or a quote stays whole (only top-level paragraphs are cut)', () => {
    const html = `<blockquote>\n<p>${'长句 '.repeat(2_000)}</p>\n</blockquote>\n<p>${'短句 '.repeat(100)}</p>\n`;
    const parts = splitNoteHtml(html, 1_000, 1_000);
    expect(parts[0]?.endsWith('</p>\n</blockquote>')).toBe(true);
    expect(parts.join('')).toBe(html);
    expect(parts.some((part) => part.startsWith(CONTINUES))).toBe(false);
  });

  it('is cut in time linear in its size', () => {
    const make = (n: number): string => `<p>${'a <em>b</em> c&amp;d '.repeat(n)}</p>\n`;
    cutTime(make(100_000)); // warms the JIT up: the first run measures compilation, not the cut
    const small = cutTime(make(100_000));
    const large = cutTime(make(400_000));
    expect(large / small).toBeLessThan(9);
  });
});
