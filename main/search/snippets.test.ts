import { describe, expect, it } from 'vitest';
import { markedTerms, parseQuery } from './query-parse.js';
import { escapeHtml, findMatches, snippetHtml } from './snippets.js';

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
    expect(html).toBe('&lt;img src=x onerror=alert(1)&gt; <mark>幻觉</mark> &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; more');
    expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(escapeHtml(`'"`)).toBe('&#39;&quot;');
  });

  it('shows a line from its start and flattens line ends', () => {
    const text = '标题\n第二行有显存\n第三行';
    const matches = findMatches(text, markedTerms(parseQuery('显存')));
    expect(snippetHtml(text, matches, matches[0])).toBe('第二行有<mark>显存</mark> 第三行');
  });
});
