import { describe, expect, it } from 'vitest';
import { markedTerms, parseQuery } from './query-parse.js';
import { escapeHtml, findMatches, locateFormulas, snippetHtml } from './snippets.js';
import type { StoredFormula } from './snippets.js';

const found = (text: string, q: string): string[] => findMatches(text, markedTerms(parseQuery(q))).map((m) => text.slice(m.start, m.end));

describe('findMatches', () => {
  it('finds Chinese words of 1, 2 and 3+ characters inside running text', () => {
    const text = '大模型的幻觉问题：幻觉会随温度升高；注意力机制本身不是原因。';
    expect(found(text, '幻')).toEqual(['幻', '幻']);
    expect(found(text, '幻觉')).toEqual(['幻觉', '幻觉']);
    expect(found(text, '注意力机制')).toEqual(['注意力机制']);
  });

  it('does not match across punctuation or a line end', () => {
    expect(found('大模型，幻觉', '型幻')).toEqual([]);
    expect(found('第一行显\n存在', '显存')).toEqual([]);
    expect(found('大模型幻觉', '型幻')).toEqual(['型幻']);
  });

  it('matches Latin words case-insensitively, as whole words or prefixes, and parts of compound words', () => {
    expect(found('KV Cache and kv cache, not kvcache', 'kv cache')).toEqual(['KV', 'Cache', 'kv', 'cache']);
    expect(found('Attention is all; attentive readers', 'atten')).toEqual(['Attention', 'attentive']);
    expect(found('vLLM uses PagedAttention', 'attention')).toEqual(['Attention']);
    expect(found('RM and RMSNorm', 'RM')).toEqual(['RM']);
  });

  it('matches mixed-script words and TeX', () => {
    expect(found('用 KV缓存 省时间', 'KV缓存')).toEqual(['KV缓存']);
    expect(found('除以 \\sqrt{d_k} 而不是 d_k，也不是 min(d,k)', 'd_k')).toEqual(['d_k', 'd_k']);
    expect(found('\\frac{QK^\\top}{\\sqrt{d_k}}', '\\sqrt{d_k}')).toEqual(['sqrt{d_k']);
  });

  it('finds a Chinese word written right after a Latin one, as the index does (KV缓存, kv缓存)', () => {
    expect(found('16.KV缓存有什么问题', '缓存')).toEqual(['缓存']);
    expect(found('如何解决kv缓存占用过大问题', 'KV 缓存')).toEqual(['kv', '缓存']);
    expect(found('GPT模型', '模型')).toEqual(['模型']);
    // A Latin word is still whole: kv is not found inside kvcache.
    expect(found('kvcache 缓存', 'kv')).toEqual([]);
  });
});

describe('snippetHtml', () => {
  it('marks every match near the focus, keeps Han characters joined and cuts with …', () => {
    const text = `${'前文'.repeat(40)}大模型的幻觉问题与幻觉检测${'后文'.repeat(80)}`;
    const matches = findMatches(text, markedTerms(parseQuery('幻觉')));
    const html = snippetHtml(text, matches, matches[0]);
    expect(html.startsWith('…')).toBe(true);
    expect(html.endsWith('…')).toBe(true);
    expect(html).toContain('大模型的<mark>幻觉</mark>问题与<mark>幻觉</mark>检测');
  });

  it('escapes note text before marking it: hostile HTML comes out as text', () => {
    const text = '<img src=x onerror=alert(1)> 幻觉 <script>alert("x")</script> & more';
    const matches = findMatches(text, markedTerms(parseQuery('幻觉 script')));
    const html = snippetHtml(text, matches, matches[0]);
    expect(html).toBe(
      '&lt;img src=x onerror=alert(1)&gt; <mark>幻觉</mark> &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; more',
    );
    expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
  });

  it('shows a line from its start and flattens line ends', () => {
    const text = '标题\n第二行有显存\n第三行';
    const matches = findMatches(text, markedTerms(parseQuery('显存')));
    expect(snippetHtml(text, matches, matches[0])).toBe('第二行有<mark>显存</mark> 第三行');
  });
});

describe('snippetHtml with formulas', () => {
  /** A note's text as the projection writes it: prose with each formula's TeX, and the formulas in reading order; `§` starts a section. */
  const note = (parts: (string | { tex: string })[]): { text: string; formulas: StoredFormula[] } => {
    let text = '';
    let sectionStart = 0;
    const formulas: StoredFormula[] = [];
    for (const part of parts) {
      if (part === '§') sectionStart = text.length;
      else if (typeof part === 'string') text += part;
      else {
        formulas.push({ tex: part.tex, sectionStart });
        text += part.tex;
      }
    }
    return { text, formulas };
  };
  const snippet = (parts: (string | { tex: string })[], q: string): string => {
    const { text, formulas } = note(parts);
    const matches = findMatches(text, markedTerms(parseQuery(q)));
    return snippetHtml(text, matches, matches[0], 40, 90, text.length, locateFormulas(text, formulas));
  };

  it('shows formulas as a reader reads them, not as TeX', () => {
    expect(snippet(['注意力矩阵的大小是 ', { tex: 'n\\times n' }, '，显存随序列平方增长'], '显存')).toBe(
      '注意力矩阵的大小是 n×n，<mark>显存</mark>随序列平方增长',
    );
    expect(snippet(['缩放：', { tex: '\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V' }, ' 除以根号'], '缩放')).toBe(
      '<mark>缩放</mark>：softmax(QKᵀ/√d_k)V 除以根号',
    );
  });

  it('still finds formulas by their TeX, and marks the readable text the match became', () => {
    const parts = ['除以 ', { tex: '\\sqrt{d_k}' }, ' 是为了控制方差，d_k 是维度'];
    expect(snippet(parts, 'd_k')).toBe('除以 √<mark>d_k</mark> 是为了控制方差，<mark>d_k</mark> 是维度');
    expect(snippet(parts, '\\sqrt{d_k}')).toBe('除以 <mark>√d_k</mark> 是为了控制方差，d_k 是维度');
    expect(snippet(['得分 ', { tex: 'QK^T' }, ' 再缩放'], 'QK')).toBe('得分 <mark>QK</mark>ᵀ 再缩放');
  });

  it("leaves TeX-looking prose alone: only the note's formulas are rewritten", () => {
    expect(snippet(['代码里写 print("a\\n")，公式是 ', { tex: 'x^2' }], '代码')).toBe(
      '<mark>代码</mark>里写 print(&quot;a\\n&quot;)，公式是 x²',
    );
    // The same TeX as prose in an earlier section stays as written.
    expect(snippet(['代码里写 x^2\n', '§', '平方：', { tex: 'x^2' }], '代码 平方')).toBe('<mark>代码</mark>里写 x^2 <mark>平方</mark>：x²');
  });

  it('shows a formula whole when the cut falls inside it', () => {
    const long = '\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V';
    const html = snippet(['公式：', { tex: long }, ' 其中缩放因子很关键'], '缩放');
    expect(html).toContain('Attention(Q,K,V)=softmax(QKᵀ/√d_k)V');
    expect(html).not.toContain('\\');
  });

  it('escapes what a formula holds: hostile TeX comes out as text', () => {
    const html = snippet(['危险 ', { tex: '\\text{<img src=x onerror=alert(1)>}' }], '危险');
    expect(html).toBe('<mark>危险</mark> &lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('locateFormulas', () => {
  it('finds each formula after the one before, and skips those with nothing to rewrite', () => {
    const text = 'a x b \\alpha c \\alpha d';
    const at = (tex: string, sectionStart = 0): StoredFormula => ({ tex, sectionStart });
    expect(locateFormulas(text, [at('x'), at('\\alpha'), at('\\alpha')])).toEqual([
      { start: 6, end: 12 },
      { start: 15, end: 21 },
    ]);
    expect(locateFormulas(text, [at('\\beta'), at('\\alpha')])).toEqual([{ start: 6, end: 12 }]);
    expect(locateFormulas(text, [at('\\alpha', 13)])).toEqual([{ start: 15, end: 21 }]);
  });
});
