import { afterEach, describe, expect, it } from 'vitest';
import { annotationAt, clearHighlights, hasHighlights, highlightElements, paintHighlights } from './highlights.js';
import type { PaintableAnnotation } from './highlights.js';

const HTML =
  '<p>缩放点积注意力 <span class="math" data-tex="QK^T"><span class="katex">QKᵀ</span></span> 让训练更稳定。</p>\n<p>第二段：KV 缓存省显存。</p>';
const PROJECTION = '缩放点积注意力 QK^T 让训练更稳定。\n第二段：KV 缓存省显存。\n';

let root: HTMLElement;
function mount(): HTMLElement {
  root = document.createElement('article');
  root.innerHTML = HTML;
  document.body.append(root);
  return root;
}
afterEach(() => root.remove());

function over(text: string, id: string, color: PaintableAnnotation['color'] = 'yellow', hasComment = false): PaintableAnnotation {
  const start = PROJECTION.indexOf(text);
  return { id, start, end: start + text.length, color, hasComment };
}

describe('the highlight painter (real DOM)', () => {
  it('wraps exactly the annotated text and adds no text', () => {
    const box = mount();
    const before = box.textContent;
    expect(paintHighlights(box, PROJECTION, [over('让训练', 'a')])).toEqual([]);
    expect(box.textContent).toBe(before);
    expect(highlightElements(box, 'a').map((m) => m.textContent)).toEqual(['让训练']);
    expect(highlightElements(box, 'a')[0]?.className).toBe('annotation annotation-yellow');
  });

  it('nests overlapping annotations, the longer outside, and paints a formula on its own element', () => {
    const box = mount();
    paintHighlights(box, PROJECTION, [over('QK^T 让训练更', 'inner', 'green', true), over('注意力 QK^T 让训练更稳定', 'outer', 'blue')]);
    const outer = highlightElements(box, 'outer');
    const inner = highlightElements(box, 'inner');
    expect(outer.map((e) => e.textContent).join('')).toBe('注意力 QKᵀ 让训练更稳定');
    expect(inner.map((e) => e.textContent).join('')).toBe('QKᵀ 让训练更');
    const formula = box.querySelector<HTMLElement>('.math');
    expect(formula?.dataset.annotationIds).toBe('outer inner');
    // The comment marker goes on the last piece of the annotation that has one.
    expect(inner[inner.length - 1]?.classList.contains('has-comment')).toBe(true);
    expect(annotationAt(inner[inner.length - 1] ?? null)).toBe('inner');
    expect(annotationAt(formula)).toBe('inner');
  });

  it('clears back to the bare note, text nodes joined, and repaints the same', () => {
    const box = mount();
    const bare = box.innerHTML;
    paintHighlights(box, PROJECTION, [over('点积', 'a'), over('KV 缓存', 'b'), over('QK^T', 'c')]);
    expect(hasHighlights(box)).toBe(true);
    clearHighlights(box);
    expect(hasHighlights(box)).toBe(false);
    expect(box.innerHTML).toBe(bare);
    expect(box.querySelector('p')?.childNodes.length).toBe(3);
  });

  it('refuses to paint where the note no longer matches its projection, and says which', () => {
    const box = mount();
    const stale = PROJECTION.replace('省显存', '省内存');
    const unpainted = paintHighlights(box, stale, [
      over('KV 缓存', 'kept'),
      { id: 'gone', start: stale.indexOf('内存'), end: stale.indexOf('内存') + 2, color: 'pink', hasComment: false },
    ]);
    expect(unpainted).toEqual(['gone']);
    expect(highlightElements(box, 'gone')).toEqual([]);
    expect(highlightElements(box, 'kept').map((m) => m.textContent)).toEqual(['KV 缓存']);
  });

  it('finds the marks of an id that holds quotes and brackets without breaking the selector', () => {
    const box = mount();
    paintHighlights(box, PROJECTION, [over('第二段', 'x"] , *[id="y')]);
    expect(highlightElements(box, 'x"] , *[id="y').map((m) => m.textContent)).toEqual(['第二段']);
  });
});
