import { describe, expect, it } from 'vitest';
import type { Sheet, SheetItem, SheetItemInput } from '../api/contract.js';
import { diagramHash } from '../markdown/pipeline.js';
import { exportFileName, printableHtml, sheetDiagrams, sheetHtml, sheetMarkdown } from './export-sheet.js';
import { itemHtml } from './render-item.js';
import type { ItemContent } from './render-item.js';

const HOSTILE = '<img src=x onerror=alert(1)><script>window.__pwned=1</script>';
const MAP = 'flowchart LR\n  c1["预训练"] -->|leads-to| c2["SFT"]';

let nextId = 1;
function item(content: Partial<ItemContent> & { kind: ItemContent['kind'] }, spec?: SheetItemInput): SheetItem {
  const full: ItemContent = { title: '', origin: '', markdown: '', missingSince: null, ...content };
  const id = nextId++;
  return {
    id,
    kind: full.kind,
    position: id,
    spec: spec ?? { kind: 'text', markdown: full.markdown },
    title: full.title,
    origin: full.origin,
    markdown: full.markdown,
    html: itemHtml(full, id),
    noteId: null,
    missingSince: full.missingSince,
  };
}

function sheet(items: SheetItem[], title = 'RLHF 速查'): Sheet {
  return { id: 1, title, layout: { columns: 2, paper: 'A4', fontSize: 9, theme: 'light' }, items, createdAt: '', updatedAt: '' };
}

const KINDS: SheetItem[] = [
  item({
    kind: 'section',
    title: '奖励模型',
    origin: 'RLHF 流程',
    markdown: 'Bradley–Terry：$P(y_w\\succ y_l)$\n\n$$\\mathcal{L}=-\\log\\sigma(r_w-r_l)$$',
  }),
  item({
    kind: 'annotation',
    title: 'PPO',
    origin: 'RLHF 流程',
    markdown: '> clip 限制相邻两次迭代\n\n我的评论：**别混淆** $\\pi_{ref}$',
    color: 'pink',
  }),
  item({ kind: 'concept', title: 'SFT', markdown: '*监督微调*\n\n用指令数据微调。\n\n```mermaid\n' + MAP + '\n```' }),
  item({ kind: 'path', title: '预训练 → SFT', markdown: '预训练 → SFT\n\n```mermaid\n' + MAP + '\n```' }),
  item({ kind: 'formula', title: 'KL 奖励', markdown: '$$\nR=r-\\beta\\log\\frac{\\pi}{\\pi_{ref}}\n$$' }),
  item({ kind: 'text', markdown: '考前 **十分钟** 再看一遍' }),
];

describe('Markdown export', () => {
  it('writes each kind as readable Markdown, math and Mermaid source kept', () => {
    const md = sheetMarkdown(sheet(KINDS));
    expect(md.startsWith('# RLHF 速查\n\n## 奖励模型\n\n*RLHF 流程*\n\nBradley–Terry：$P(y_w\\succ y_l)$')).toBe(true);
    expect(md).toContain('$$\\mathcal{L}=-\\log\\sigma(r_w-r_l)$$');
    expect(md).toContain('## PPO\n\n*RLHF 流程*\n\n> clip 限制相邻两次迭代\n\n我的评论：**别混淆** $\\pi_{ref}$');
    expect(md).toContain('## SFT\n\n*监督微调*');
    expect(md.match(/```mermaid\nflowchart LR/g)).toHaveLength(2);
    expect(md).toContain('## KL 奖励\n\n$$\nR=r-\\beta\\log');
    expect(md).toContain('---\n\n考前 **十分钟** 再看一遍\n');
  });

  it('writes TeX exactly as written: a `<` inside math is not escaped', () => {
    const md = sheetMarkdown(
      sheet([
        item({
          kind: 'text',
          markdown: '自回归 $p(y_t\\mid y_{<t})$ 与 $$\\sum_{t<T} x_t$$，以及\n\n$$\nj<i,\\ y_{<t}\n$$\n\n价格 \\$5 <b>粗</b> 和 $a<b$',
        }),
      ]),
    );
    expect(md).toContain('自回归 $p(y_t\\mid y_{<t})$ 与 $$\\sum_{t<T} x_t$$，以及');
    expect(md).toContain('$$\nj<i,\\ y_{<t}\n$$');
    // Outside math HTML is still neutralized, and an escaped dollar opens no math.
    expect(md).toContain('价格 \\$5 \\<b>粗\\</b> 和 $a<b$');
  });

  it('still neutralizes HTML hidden in math, for tools that read Markdown without math: as `\\lt`, the same `<` in TeX', () => {
    const md = sheetMarkdown(sheet([item({ kind: 'text', markdown: `x $${HOSTILE}$ y\n\n$$\n<div onclick=alert(1)>\n$$` })]));
    expect(md).not.toMatch(/(^|[^\\])<(img|script|div|\/script)/m);
    expect(md).toContain('$\\lt img src=x onerror=alert(1)>\\lt script>window.__pwned=1\\lt /script>$');
    expect(md).toContain('$$\n\\lt div onclick=alert(1)>\n$$');
  });

  it('reads an unclosed `$$` as text, as Markdown does, so what follows is still neutralized as text', () => {
    const md = sheetMarkdown(
      sheet([
        item({ kind: 'text', markdown: '价格 $$ 未闭合\n\n<b>粗</b> 和 $y_{<t}$' }),
        item({ kind: 'text', markdown: '```\n<div>代码</div>\n```' }),
      ]),
    );
    expect(md).toContain('\\<b>粗\\</b> 和 $y_{<t}$');
    expect(md).toContain('```\n<div>代码</div>\n```');
  });

  it('turns HTML in titles, comments and note text into text', () => {
    const md = sheetMarkdown(
      sheet(
        [item({ kind: 'annotation', title: `标题${HOSTILE}`, markdown: `> 引用\n\n评论 ${HOSTILE}\n\n\`<code>\` stays` })],
        `表 ${HOSTILE}`,
      ),
    );
    expect(md).not.toMatch(/(^|[^\\])<(img|script)/);
    expect(md).toContain('\\<script>window.__pwned=1\\</script>');
    expect(md).toContain('`<code>` stays');
  });

  it('marks an item whose source vanished', () => {
    const md = sheetMarkdown(
      sheet([item({ kind: 'section', title: '旧节', markdown: '最后的内容', missingSince: '2026-01-02T03:04:05.000Z' })]),
    );
    expect(md).toContain('> ⚠ Source removed — last known content (since 2026-01-02)');
    expect(md).toContain('最后的内容');
  });
});

describe('HTML export', () => {
  it('renders each kind: math typeset, diagrams as inline SVG, no script and no external URL', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20"><style>@import url(https://evil.example/x.css); .n{fill:#333}</style><g class="node"><rect width="40" height="20" onclick="alert(1)"/><text x="2" y="14">预训练</text></g><foreignObject><div onmouseover="alert(2)">html label</div></foreignObject><a href="https://evil.example"><text>away</text></a><image href="https://evil.example/x.png"/></svg>`;
    const { html, undrawn } = sheetHtml(sheet(KINDS), new Map([[diagramHash(`${MAP}\n`), svg]]), '2026-11-23T03:00:00.000Z');
    expect(undrawn).toBe(0);
    expect(html.match(/<figure class="diagram"/g)).toHaveLength(2);
    expect(html).toContain('<text x="2" y="14">预训练</text>');
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('<strong>别混淆</strong>');
    expect(html).toContain('item-annotation color-pink');
    expect(html).toMatch(/@font-face\{[^}]*src:url\(data:font\/woff2;base64,/);
    expect(html).toContain('column-count: 2');
    expect(html).toContain('break-inside: avoid');
    expect(html).toContain('@bottom-center');
    expect(html).not.toMatch(/<script|onclick|onmouseover|onerror|foreignObject|<a\b|<image|javascript:/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import/i);
    expect(html).toContain("default-src 'none'");
  });

  it('shows a diagram nobody could draw as its source, with a note', () => {
    const { html, undrawn } = sheetHtml(sheet([KINDS[3] as SheetItem]), new Map(), '2026-11-23T00:00:00.000Z');
    expect(undrawn).toBe(1);
    expect(html).toContain('class="diagram-undrawn"');
    expect(html).toContain('c1[&quot;预训练&quot;] --&gt;|leads-to| c2');
  });

  it('says what it adds in the language asked for', () => {
    const zh = sheetHtml(sheet([KINDS[3] as SheetItem]), new Map(), '2026-11-23T00:00:00.000Z', 'zh').html;
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('图未绘制，以下为 Mermaid 源码');
    expect(zh).not.toMatch(/Diagram not drawn/);
    expect(zh).toContain('content: "[图片] "');
    const gone = { kind: 'text' as const, title: '', origin: '', markdown: '旧', missingSince: '2026-01-02T00:00:00.000Z' };
    expect(itemHtml(gone, 1, 'zh')).toContain('来源已删除，显示最后的内容（自 2026-01-02 起）');
    expect(sheetMarkdown(sheet([item(gone)]), 'zh')).toContain('> ⚠ 来源已删除');
    const en = sheetHtml(sheet([KINDS[3] as SheetItem]), new Map(), '2026-11-23T00:00:00.000Z', 'en').html;
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Diagram not drawn here (Mermaid source)');
    expect(en).not.toMatch(/图未绘制/);
  });

  it('escapes hostile titles, origins and comments and keeps note HTML harmless', () => {
    const hostile = item({
      kind: 'annotation',
      title: HOSTILE,
      origin: HOSTILE,
      markdown: `> ${HOSTILE}\n\n${HOSTILE} [x](javascript:alert(1)) [ok](https://example.com)`,
    });
    const { html } = sheetHtml(sheet([hostile], HOSTILE), new Map(), '2026-11-23T00:00:00.000Z');
    // As text the words may appear; as markup never: no such element, no handler or link attribute in any tag.
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).not.toMatch(/<[^>]*\s(on[a-z]+|href|src)=/i);
    expect(html).not.toMatch(/<[^>]*javascript:/i);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toContain('<span class="link">ok</span>');
  });

  it('marks an item whose source vanished and keeps its last content', () => {
    const gone = item({ kind: 'annotation', title: '旧高亮', markdown: '> 原文\n\n评论', missingSince: '2026-01-02T00:00:00.000Z' });
    const { html } = sheetHtml(sheet([gone]), new Map(), '2026-11-23T00:00:00.000Z');
    expect(html).toContain('data-missing=""');
    expect(html).toContain('class="item-missing"');
    expect(html).toContain('<p>评论</p>');
  });

  it('lists each diagram once and names files safely', () => {
    expect(sheetDiagrams(sheet(KINDS))).toEqual([{ hash: diagramHash(`${MAP}\n`), source: `${MAP}\n` }]);
    expect(exportFileName('RLHF: a/b <速查>', 'pdf')).toBe('RLHF a b 速查.pdf');
    expect(exportFileName('', 'md')).toBe('sheet.md');
  });
});

describe('printable HTML', () => {
  it('leaves out only the hidden MathML copy of each formula', () => {
    const { html } = sheetHtml(sheet([KINDS[4] as SheetItem]), new Map(), '2026-11-23T00:00:00.000Z');
    expect(html).toContain('class="katex-mathml"');
    const printable = printableHtml(html);
    expect(printable).not.toContain('<span class="katex-mathml">');
    expect(printable).not.toContain('<math');
    expect(printable).toContain('class="katex-html"');
  });
});
