import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from './front-matter.js';
import { parseMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';
import type { Projection } from './projection.js';

const fixtureBody = (name: string): string =>
  splitFrontMatter(readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), 'utf8')).body;
const project = (markdown: string, notePath = ''): Projection => projectTokens(parseMarkdown(markdown, { notePath }), notePath);

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** What every note's sections must satisfy for the table of contents and annotations to work. */
function expectConsistentSections({ text, sections }: Projection): void {
  sections.forEach((section, index) => {
    expect(section.ord).toBe(index);
    expect(section.startOffset).toBeGreaterThanOrEqual(0);
    expect(section.endOffset).toBeGreaterThanOrEqual(section.startOffset);
    expect(section.endOffset).toBeLessThanOrEqual(text.length);
    expect(text.slice(section.startOffset, section.endOffset).startsWith(section.title), `section "${section.title}"`).toBe(true);
    if (section.parentOrd !== null) {
      const parent = sections[section.parentOrd];
      expect(parent).toBeDefined();
      expect(parent?.level).toBeLessThan(section.level);
      expect(section.startOffset).toBeGreaterThanOrEqual(parent?.startOffset ?? Infinity);
      expect(section.endOffset).toBeLessThanOrEqual(parent?.endOffset ?? -1);
    }
  });
  expect(new Set(sections.map((s) => s.slug)).size).toBe(sections.length);
}

describe('the text projection', () => {
  it('contains each formula’s TeX exactly once, without the dollar signs', () => {
    const { text } = project('缩放：$\\sqrt{d_k}$。\n\n$$\n\\mathrm{softmax}(x_i)\n$$\n\n```\n$$ \\text{GELU}(x) $$\n```');
    expect(text).toBe('缩放：\\sqrt{d_k}。\n\\mathrm{softmax}(x_i)\n\\text{GELU}(x)');
    for (const tex of ['\\sqrt{d_k}', '\\mathrm{softmax}(x_i)', '\\text{GELU}(x)']) expect(occurrences(text, tex)).toBe(1);
    expect(text).not.toContain('$');
  });

  it('gets nothing from a mermaid diagram', () => {
    const { text, diagrams } = project('前文\n\n```mermaid\ngraph LR\n  SFT --> RM\n```\n\n后文');
    expect(text).toBe('前文\n后文');
    expect(diagrams).toEqual([{ source: 'graph LR\n  SFT --> RM\n', sectionOrd: null }]);
  });

  it('keeps code blocks, separates table cells with tabs and ends blocks with one newline', () => {
    expect(project('| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\n```\n\n- 一\n- 二').text).toBe('a\tb\n1\t2\nx = 1\n一\n二');
  });

  it('shows images by their alt text, and raw HTML by what the sanitizer lets a reader see', () => {
    expect(project('![结构图](https://pic.example.com/a.png) <b>粗</b> <script>x</script>').text).toBe('结构图 粗 <script>x</script>');
  });

  it('does not add a blank line for an HTML block that shows nothing, such as `</details>`', () => {
    expect(project('<details><summary>答案</summary>\n\n内容\n\n</details>\n\n后文').text).toBe('答案\n内容\n后文');
  });

  it('matches the hand-checked text of the fenced-formulas fixture', () => {
    const { text } = project(fixtureBody('fenced-formulas.md'));
    expect(text.split('\n').slice(0, 3)).toEqual([
      '激活函数与注意力公式',
      '注意力',
      '缩放点积注意力：\\mathrm{softmax}(QK^T/\\sqrt{d_k})V，其中 d_k 是每个头的维度。',
    ]);
    expect(text).toContain('单行的 E = mc^2 写在段落中间。');
    expect(text.endsWith('price = "$$5"')).toBe(true);
  });
});

describe('sections', () => {
  it('records level, title, slug, parent and offsets for each heading', () => {
    const projection = project(fixtureBody('qa-headings.md'));
    expect(projection.sections.map(({ level, title, slug, parentOrd }) => ({ level, title, slug, parentOrd }))).toEqual([
      { level: 1, title: 'RLHF 面试题', slug: 'rlhf-面试题', parentOrd: null },
      { level: 2, title: '流程', slug: '流程', parentOrd: 0 },
      { level: 3, title: '为什么需要奖励模型？', slug: '为什么需要奖励模型', parentOrd: 1 },
      { level: 3, title: '为什么需要奖励模型？', slug: '为什么需要奖励模型-2', parentOrd: 1 },
      { level: 2, title: 'PPO', slug: 'ppo', parentOrd: 0 },
      { level: 3, title: 'PPO 的目标函数是什么？', slug: 'ppo-的目标函数是什么', parentOrd: 4 },
    ]);
    expectConsistentSections(projection);
    expect(projection.firstH1).toBe('RLHF 面试题');
  });

  it('makes a section contain its subsections and end where the next heading of its level starts', () => {
    const projection = project('# 总\n\n引言\n\n## 甲\n\n甲的内容\n\n### 甲一\n\n更细\n\n## 乙\n\n乙的内容');
    const [whole, a, a1, b] = projection.sections;
    const slice = (s: typeof a): string => projection.text.slice(s?.startOffset, s?.endOffset);
    expect(slice(whole)).toBe(projection.text);
    expect(slice(a)).toBe('甲\n甲的内容\n甲一\n更细');
    expect(slice(a1)).toBe('甲一\n更细');
    expect(slice(b)).toBe('乙\n乙的内容');
    expectConsistentSections(projection);
  });

  it('gives repeated headings distinct slugs', () => {
    const slugs = project('## 原因\n\n## 解决\n\n## 原因\n\n## 原因').sections.map((s) => s.slug);
    expect(slugs).toEqual(['原因', '解决', '原因-2', '原因-3']);
  });

  it('uses top-level numbered questions as level-2 sections when a note has no headings', () => {
    const projection = project('1. 为什么除以根号dk？\n答案在这里\n\n2. 什么是KV cache\n缓存历史的K和V\n\n3. 第三题');
    expect(projection.sections.map(({ level, title, parentOrd }) => ({ level, title, parentOrd }))).toEqual([
      { level: 2, title: '为什么除以根号dk？', parentOrd: null },
      { level: 2, title: '什么是KV cache', parentOrd: null },
      { level: 2, title: '第三题', parentOrd: null },
    ]);
    expectConsistentSections(projection);
    const second = projection.sections[1];
    expect(projection.text.slice(second?.startOffset, second?.endOffset)).toBe('什么是KV cache\n缓存历史的K和V');
  });

  it('does not make the nested answer items of a question into sections', () => {
    const projection = project(fixtureBody('odd-yaml-questions.md'));
    expect(projection.sections.map((s) => s.title)).toEqual([
      '为什么现在的大模型多是decoder-only',
      '如何缓解过拟合',
      'LoRA训练时显存主要花在哪里',
      'KV cache为什么能加速解码',
      '温度系数有什么作用',
    ]);
    expectConsistentSections(projection);
  });

  it('ignores numbered lists for sections when the note has real headings', () => {
    expect(project('# 标题\n\n1. 第一\n2. 第二').sections.map((s) => s.title)).toEqual(['标题']);
  });

  it('keeps offsets right after text with characters outside the BMP', () => {
    const projection = project('# 𝑓(x) 与 😀\n\n内容\n\n## 下一节\n\n更多');
    expectConsistentSections(projection);
    expect(projection.sections[1]?.startOffset).toBe(projection.text.indexOf('下一节'));
  });

  it('is consistent for every fixture', () => {
    for (const name of [
      'odd-yaml-questions.md',
      'fenced-formulas.md',
      'remote-images-urls.md',
      'digital-garden.md',
      'hostile.md',
      'qa-headings.md',
    ]) {
      expectConsistentSections(project(fixtureBody(name)));
    }
  });
});

describe('formulas, diagrams and links', () => {
  it('counts every formula, fenced `$$` blocks included, with the section it sits in', () => {
    const { formulas } = project(fixtureBody('fenced-formulas.md'));
    expect(formulas).toHaveLength(7);
    expect(formulas.map((f) => [f.isDisplay, f.sectionOrd])).toEqual([
      [false, 1],
      [false, 1],
      [true, 1],
      [true, 2],
      [true, 2],
      [true, 2],
      [true, 2],
    ]);
    expect(formulas[1]?.tex).toBe('d_k');
    expect(formulas[3]?.tex).toBe('\\text{Swish}(x) = x \\cdot \\sigma(\\beta x)');
  });

  it('records wikilinks, note links, URLs and images (never fetched) as outgoing links', () => {
    const { links } = project(
      '[[rlhf-pipeline]] [RAG](../rag/rag.md#检索) https://arxiv.org/abs/1706.03762 [邮件](mailto:a@example.com) [上文](#x)\n\n' +
        '![图](https://pic.example.com/a.png) <img src="local.png" alt="本地">',
      'llm/peft/lora.md',
    );
    expect(links).toEqual([
      { kind: 'wikilink', target: 'rlhf-pipeline', label: 'rlhf-pipeline' },
      { kind: 'note', target: 'llm/rag/rag.md', label: '' },
      { kind: 'url', target: 'https://arxiv.org/abs/1706.03762', label: '' },
      { kind: 'url', target: 'mailto:a@example.com', label: '' },
      { kind: 'image', target: 'https://pic.example.com/a.png', label: '图' },
      { kind: 'image', target: 'local.png', label: '本地' },
    ]);
  });

  it('records an image inside an HTML block', () => {
    expect(project('<img src="https://pic.example.com/x.png" alt="示意">').links).toEqual([
      { kind: 'image', target: 'https://pic.example.com/x.png', label: '示意' },
    ]);
  });

  it('records diagrams with their section', () => {
    const { diagrams } = project(fixtureBody('qa-headings.md'));
    expect(diagrams).toEqual([{ source: 'graph LR\n  SFT --> RM --> PPO\n', sectionOrd: 1 }]);
  });
});
