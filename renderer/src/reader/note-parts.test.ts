import { describe, expect, it } from 'vitest';
import { splitNoteHtml } from './note-parts.js';

describe('splitNoteHtml', () => {
  it('keeps a short note whole', () => {
    expect(splitNoteHtml('<p>短</p>\n')).toEqual(['<p>短</p>\n']);
  });

  it('cuts a long note only between top-level blocks, losing nothing', () => {
    const html = Array.from({ length: 200 }, (_, i) => `<h2 id="q${i}">第 ${i} 题</h2>\n<ul>\n<li><p>答 <em>${i}</em></p>\n</li>\n</ul>\n`).join('');
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
    const time = (html: string): number => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        splitNoteHtml(html);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = time(make(25_000));
    const large = time(make(100_000));
    expect(large / small).toBeLessThan(9);
  });
});
