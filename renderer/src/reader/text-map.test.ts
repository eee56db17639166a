import { afterEach, describe, expect, it } from 'vitest';
import { TextMap } from './text-map.js';

/*
 * In a real browser: the map is built on the DOM the reader shows and the
 * projection the pipeline stores. The HTML below has the pipeline's shapes
 * (blocks with layout whitespace, a `.math[data-tex]` formula whose TeX is
 * the projection's, a diagram that is not in the projection at all).
 */

const HTML = [
  '<h2 id="q">为什么要缩放？</h2>',
  '<p>点积的方差随维度增长，<strong>softmax</strong> 会饱和；',
  '缩放后 <span class="math" data-tex="\\sqrt{d_k}"><span class="katex">√dₖ</span></span> 更平滑。</p>',
  '<div class="mermaid-block"><svg><text>SFT</text></svg></div>',
  '<ul>\n  <li>KV 缓存</li>\n  <li>显存</li>\n</ul>',
].join('\n');
const PROJECTION = '为什么要缩放？\n点积的方差随维度增长，softmax 会饱和；缩放后 \\sqrt{d_k} 更平滑。\nKV 缓存\n显存\n';

let root: HTMLElement;
function mount(html: string): HTMLElement {
  root = document.createElement('article');
  root.className = 'note-body';
  root.innerHTML = html;
  document.body.append(root);
  return root;
}
afterEach(() => root.remove());

/** A DOM range over the first occurrence of `text` inside one text node of `root`. */
function rangeOver(text: string): Range {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = (node as Text).data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    return range;
  }
  throw new Error(`${text} is not in the DOM`);
}

const spanOf = (text: string): { start: number; end: number } => {
  const start = PROJECTION.indexOf(text);
  return { start, end: start + text.length };
};

describe('the text map (real DOM)', () => {
  it('aligns the rendered note with its projection, skipping diagrams and reading formulas as their TeX', () => {
    const map = TextMap.build(mount(HTML), PROJECTION);
    expect(map.isAligned).toBe(true);
  });

  it('maps a selection to projection offsets and back to the same text', () => {
    const map = TextMap.build(mount(HTML), PROJECTION);
    const span = map.rangeToOffsets(rangeOver('方差随维度'));
    expect(span).toEqual(spanOf('方差随维度'));
    const ranges = map.offsetsToRanges(span?.start ?? 0, span?.end ?? 0) ?? [];
    expect(ranges.map((r) => r.toString()).join('')).toBe('方差随维度');
  });

  it('takes a formula whole when a selection ends inside its typeset markup', () => {
    const map = TextMap.build(mount(HTML), PROJECTION);
    const range = rangeOver('缩放后');
    const katex = root.querySelector('.katex')?.firstChild as Text;
    range.setEnd(katex, 1);
    expect(map.rangeToOffsets(range)).toEqual(spanOf('缩放后 \\sqrt{d_k}'));
  });

  it('crosses inline elements and blocks: a span over two list items maps to both', () => {
    const map = TextMap.build(mount(HTML), PROJECTION);
    const ranges = map.offsetsToRanges(spanOf('缓存\n显存').start, spanOf('缓存\n显存').end) ?? [];
    expect(ranges.map((r) => r.toString())).toEqual(['缓存', '显存']);
  });

  it('maps nothing past the point where the DOM and the projection disagree', () => {
    const changed = PROJECTION.replace('显存', '内存');
    const map = TextMap.build(mount(HTML), changed);
    expect(map.isAligned).toBe(false);
    expect(map.offsetsToRanges(changed.indexOf('内存'), changed.indexOf('内存') + 2)).toBeNull();
    // Before the disagreement the map still works.
    expect(map.offsetsToRanges(spanOf('KV').start, spanOf('KV').end)?.map((r) => r.toString())).toEqual(['KV']);
  });

  it('reads a selection of whitespace only as nothing', () => {
    const map = TextMap.build(mount('<p>甲</p>\n<p>乙</p>'), '甲\n乙\n');
    const range = document.createRange();
    range.setStart(root, 1);
    range.setEnd(root, 2);
    expect(map.rangeToOffsets(range)).toBeNull();
  });

  it('builds in time linear in the note: 20 times the text takes nowhere near 400 times as long', () => {
    const paragraph = '<p>注意力为什么要除以根号 d，<em>softmax</em> 会饱和。</p>\n';
    const text = '注意力为什么要除以根号 d，softmax 会饱和。\n';
    // The best of three runs of each size: the machine is shared, and a pause in one run is not the algorithm.
    const time = (copies: number): number => {
      const box = mount(paragraph.repeat(copies));
      const runs = [0, 1, 2].map(() => {
        const t0 = performance.now();
        TextMap.build(box, text.repeat(copies)).offsetsToRanges(0, text.length * copies);
        return performance.now() - t0;
      });
      box.remove();
      return Math.min(...runs);
    };
    const small = Math.max(time(250), 1);
    const large = time(5000);
    expect(large / small).toBeLessThan(80);
  });
});
