import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeEnumerations } from './enumerations.js';
import { parseMarkdown, renderMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';

const fixture = (name: string): string => readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), 'utf8');

/** The rendered HTML with heading/item ids removed, so structure is easy to compare. */
function html(markdown: string): string {
  return renderMarkdown(markdown).replace(/ id="[^"]*"/g, '');
}

describe('author-style enumerations become the lists the author meant', () => {
  it('reads `1.预训练` with no space after the dot as a list item', () => {
    expect(html('1.预训练\n2.指令微调\n3.奖励模型')).toBe('<ol>\n<li>预训练</li>\n<li>指令微调</li>\n<li>奖励模型</li>\n</ol>\n');
  });

  it('reads a Chinese `11、` enumeration as an ordered list that starts at 11', () => {
    const out = html('前面的题目省略了。\n11、如何优化rag\n12、rag的幻觉问题');
    expect(out).toContain('<p>前面的题目省略了。</p>');
    expect(out).toContain('<ol start="11">\n<li>如何优化rag</li>\n<li>rag的幻觉问题</li>\n</ol>');
  });

  it('reads full-width `1）` and ASCII `1)` markers as list items', () => {
    expect(html('1）第一点\n2）第二点')).toBe('<ol>\n<li>第一点</li>\n<li>第二点</li>\n</ol>\n');
    expect(html('1)first\n2)second')).toBe('<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n');
  });

  it('nests tab-indented `\\t1.xxx` items under the numbered question they follow', () => {
    const out = html('1. 大模型如何解决幻觉问题\n\t1.提升训练数据质量\n\t2. 检索增强生成\n\n2. GPT的原理\n\t1.预训练');
    expect(out).toBe(
      [
        '<ol>',
        '<li>',
        '<p>大模型如何解决幻觉问题</p>',
        '<ol>',
        '<li>提升训练数据质量</li>',
        '<li>检索增强生成</li>',
        '</ol>',
        '</li>',
        '<li>',
        '<p>GPT的原理</p>',
        '<ol>',
        '<li>预训练</li>',
        '</ol>',
        '</li>',
        '</ol>',
        '',
      ].join('\n'),
    );
  });

  it('keeps deeper tab levels as deeper lists', () => {
    const out = html('1. 问题\n\t1.要点\n\t\t1.更细的要点\n\t2.要点二');
    expect(out).toMatch(/<li>要点\n<ol>\n<li>更细的要点<\/li>\n<\/ol>\n<\/li>\n<li>要点二<\/li>/);
  });

  it('turns tab-indented items under a plain paragraph into a list, not text or an indented code block', () => {
    const out = html('提高方法：\n\t1.增加数据多样性，避免数据单一\n\t2.使用正则化技术，dropout, bn');
    expect(out).toBe('<p>提高方法：</p>\n<ol>\n<li>增加数据多样性，避免数据单一</li>\n<li>使用正则化技术，dropout, bn</li>\n</ol>\n');
    expect(out).not.toContain('<pre>');
    expect(out).not.toContain('<code>');
  });

  it('opens a list that does not start at 1 right after a paragraph line', () => {
    expect(html('说明：\n2.第二点\n3.第三点')).toBe('<p>说明：</p>\n<ol start="2">\n<li>第二点</li>\n<li>第三点</li>\n</ol>\n');
  });

  it('nests tab-indented numbered items under a bullet', () => {
    expect(html('- 要点\n\t1.子项\n\t2.子项二\n- 要点二')).toBe(
      '<ul>\n<li>要点\n<ol>\n<li>子项</li>\n<li>子项二</li>\n</ol>\n</li>\n<li>要点二</li>\n</ul>\n',
    );
  });
});

describe('numbers that are not list markers stay text', () => {
  it('keeps `3.14` and `1.5倍` at the start of a line as text', () => {
    const out = html('3.14是圆周率的近似\n1.5倍的显存就够了');
    expect(out).not.toContain('<ol');
    expect(out).toContain('3.14是圆周率的近似');
    expect(out).toContain('1.5倍的显存就够了');
  });

  it('keeps a date such as `2025.4.11` as text', () => {
    expect(html('2025.4.11 更新')).toBe('<p>2025.4.11 更新</p>\n');
  });

  it('does not turn `**bold**`, `---` or `***` into list items', () => {
    expect(normalizeEnumerations('**粗体**开头\n\n---\n\n***')).toBe('**粗体**开头\n\n---\n\n***');
  });

  it('leaves numbers inside headings alone', () => {
    expect(html('#### 1.离线处理，知识库的构建')).toBe('<h4>1.离线处理，知识库的构建</h4>\n');
  });
});

describe('code is never rewritten', () => {
  it('leaves backtick fences untouched, tabs and all', () => {
    const source = '```\n1.foo\n\t2.bar\n11、baz\n```';
    expect(normalizeEnumerations(source)).toBe(source);
    expect(html(source)).toBe('<pre><code>1.foo\n\t2.bar\n11、baz\n</code></pre>\n');
  });

  it('leaves tilde fences untouched and resumes rewriting after them', () => {
    expect(normalizeEnumerations('~~~\n1.x\n~~~\n1.y')).toBe('~~~\n1.x\n~~~\n1. y');
  });

  it('does not close a fence on a shorter fence line', () => {
    const source = '````\n```\n1.inside\n````\n1.outside';
    expect(normalizeEnumerations(source)).toBe('````\n```\n1.inside\n````\n1. outside');
  });
});

describe('the rewrite is safe to apply to a whole note', () => {
  const note = fixture('odd-yaml-questions.md');

  it('never adds or removes content characters (only whitespace and the marker style)', () => {
    const strip = (s: string): string => s.replace(/\s+/g, '');
    const expected = strip(note).replace(/(\d)、/g, '$1.');
    expect(strip(normalizeEnumerations(note))).toBe(expected);
  });

  it('gives the same result when applied twice', () => {
    const once = normalizeEnumerations(note);
    expect(normalizeEnumerations(once)).toBe(once);
  });

  it('renders the questions, their tab-indented answers and the `11、` block as lists', () => {
    const out = html(note.split('---\n').slice(2).join('---\n'));
    expect(out).toContain('<li>扩充数据，提升多样性</li>');
    expect(out).toContain('<li>数据增强，回译或同义词替换</li>');
    expect(out).toContain('<ol start="11">');
    expect(out).toContain('3.14 不是列表，1.5倍 也不是。');
    expect(out).not.toContain('<pre>');
  });
});

describe('lists keep the numbers the author wrote', () => {
  // Shaped like a pasted interview note: a question, its answer indented with
  // tabs, two groups of numbered points, the second opening on its label's line.
  const evaluation = [
    '10.RAG如何做效果评估',
    '\trag主要做检索和生成环节，',
    '\t\t检索环节：',
    '\t\t\t1.召回率：topk检索结果中相关文档的比例',
    '\t\t\t2.精确率：检索结果中相关文档的比例',
    '\t\t\t3.平均倒排率：MRR：关注第一个相关文档的排名',
    '\t\t生成环节：1.事实准确性：检查回答是否文档一致，是否覆盖',
    '\t\t\t2.关键词重合度',
    '\t\t\t3.文本相似度',
    '11、如何优化rag',
    '\t1.优化模型，使用更加大的模型',
  ].join('\n');

  it('does not fold a second group of points into the list above it', () => {
    const out = html(evaluation);
    expect(out).toContain(
      '<li>平均倒排率：MRR：关注第一个相关文档的排名</li>\n</ol>\n<p>生成环节：1.事实准确性：检查回答是否文档一致，是否覆盖</p>',
    );
    expect(out).toContain('<ol start="2">\n<li>关键词重合度</li>\n<li>文本相似度</li>\n</ol>');
    // The retrieval list has its three items, no more.
    expect(out.match(/<ol>\n<li>召回率[\s\S]*?<\/ol>/)?.[0].match(/<li>/g)).toHaveLength(3);
    // The next question is still the next item of the question list.
    expect(out).toMatch(/<ol start="10">\n<li>[\s\S]*<\/li>\n<li>\n<p>如何优化rag<\/p>/);
  });

  it('shows the same lines in the text projection', () => {
    const text = projectTokens(parseMarkdown(evaluation)).text;
    expect(text.split('\n')).toEqual([
      'RAG如何做效果评估',
      'rag主要做检索和生成环节，',
      '检索环节：',
      '召回率：topk检索结果中相关文档的比例',
      '精确率：检索结果中相关文档的比例',
      '平均倒排率：MRR：关注第一个相关文档的排名',
      '生成环节：1.事实准确性：检查回答是否文档一致，是否覆盖',
      '关键词重合度',
      '文本相似度',
      '如何优化rag',
      '优化模型，使用更加大的模型',
    ]);
  });

  it('starts a new list when a run restarts at 1, at the same indentation', () => {
    const out = html('检索环节：\n\t1.召回率\n\t2.精确率\n\t1.事实准确性\n\t2.关键词重合度');
    expect(out).toBe(
      '<p>检索环节：</p>\n<ol>\n<li>召回率</li>\n<li>精确率</li>\n</ol>\n<ol>\n<li>事实准确性</li>\n<li>关键词重合度</li>\n</ol>\n',
    );
  });

  it('starts a new list at the number written when a run skips numbers', () => {
    expect(html('1.分块\n2.嵌入\n5.检索')).toBe('<ol>\n<li>分块</li>\n<li>嵌入</li>\n</ol>\n<ol start="5">\n<li>检索</li>\n</ol>\n');
  });

  it('keeps one list while the numbers follow on, whatever the marker', () => {
    expect(html('1.分块\n2、嵌入\n3）检索')).toBe('<ol>\n<li>分块</li>\n<li>嵌入</li>\n<li>检索</li>\n</ol>\n');
  });

  it('opens a nested list that starts at 2 under an item, instead of leaving `2.` as text', () => {
    const out = html('1. 生成环节：1.事实准确性\n\t2.关键词重合度\n\t3.文本相似度');
    expect(out).toContain('<ol start="2">\n<li>关键词重合度</li>\n<li>文本相似度</li>\n</ol>');
    expect(out).not.toContain('2. 关键词');
  });

  it('takes a line written level with nested markers as text of the outer item, not of the last point', () => {
    const out = html('13.rag的步骤\n\t1.分块\n\t2.嵌入并建立索引\n\t运行时：对用户的查询进行向量化\n14.为什么对KV进行缓存');
    expect(out).toContain('<li>嵌入并建立索引</li>\n</ol>\n<p>运行时：对用户的查询进行向量化</p>\n</li>');
    expect(out).toContain('<p>为什么对KV进行缓存</p>');
  });
});

describe('a line holding only `-` is an empty bullet', () => {
  it('never turns the item above into a heading', () => {
    const out = html('- 数据类\n\t- 怎么抓数据\n\t-\n- 模型类');
    expect(out).not.toMatch(/<h\d/);
    expect(out).toBe('<ul>\n<li>数据类\n<ul>\n<li>怎么抓数据</li>\n<li></li>\n</ul>\n</li>\n<li>模型类</li>\n</ul>\n');
  });

  it('never turns a numbered question into a heading when the `-` is indented under it', () => {
    const out = html('1. 为什么需要位置编码\n\t-\n2. 为什么需要多头');
    expect(out).not.toMatch(/<h\d/);
    expect(out).toContain('<li></li>');
  });

  it('leaves the table of contents to the numbered questions', () => {
    const { sections } = projectTokens(parseMarkdown('1. 为什么需要位置编码\n\t- 绝对位置\n\t-\n2. 为什么需要多头\n\t-'));
    expect(sections.map((section) => section.title)).toEqual(['为什么需要位置编码', '为什么需要多头']);
  });

  it('is still a setext underline under a plain paragraph, outside any list', () => {
    expect(html('标题\n-')).toBe('<h2>标题</h2>\n');
  });
});
