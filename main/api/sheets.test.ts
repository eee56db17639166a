import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import type { NoteDetail, Sheet } from './contract.js';

let work: string;
const opened: Lattice[] = [];

function lattice(): Lattice {
  const instance = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  opened.push(instance);
  return instance;
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-sheets-'));
  mkdirSync(join(work, 'notes'));
});
afterEach(async () => {
  for (const instance of opened.splice(0)) {
    await instance.idle();
    instance.close();
  }
  rmSync(work, { recursive: true, force: true });
});

const RLHF = `---
title: RLHF 流程
---

# RLHF 流程

## 整体流程

\`\`\`mermaid
flowchart LR
  PT[预训练 Pretrain] --> SFT[监督微调 SFT]
  SFT --> RM[奖励模型 RM]
  RM --> PPO[强化学习 PPO]
\`\`\`

SFT 学会遵循指令，RM 学会打分，PPO 在 KL 约束下最大化奖励。

## 奖励模型

Bradley–Terry 模型假设回答 $y_w$ 优于 $y_l$ 的概率由分数差决定：

$$\\mathcal{L}_{RM}=-\\log\\sigma\\left(r(x,y_w)-r(x,y_l)\\right)$$

第二段：分数只有相对意义，常做归一化，$K$ 个回答组成 $\\binom{K}{2}$ 个 pair，其中 $a=b+1$。
`;

async function setUp(app: Lattice, content = RLHF): Promise<NoteDetail> {
  writeFileSync(join(work, 'notes', 'rlhf.md'), content);
  await app.call('library.import', { paths: [join(work, 'notes')] });
  await app.idle();
  const [summary] = await app.call('notes.list', {});
  return app.call('notes.get', { id: summary?.id ?? 0 });
}

const slugOf = (note: NoteDetail, title: string): string => note.sectionList.find((s) => s.title === title)?.slug ?? '';

describe('sheets', () => {
  it('collect a section, a highlight with its comment, a formula, a concept, a path and free text, in order', async () => {
    const app = lattice();
    const note = await setUp(app);
    const sheet = await app.call('sheets.create', { title: 'RLHF 速查' });
    expect(sheet.layout).toEqual({ columns: 2, paper: 'A4', fontSize: 9, theme: 'light' });

    const start = note.text.indexOf('分数只有相对意义');
    const mark = await app.call('annotations.create', {
      noteId: note.id,
      start,
      end: start + 8,
      color: 'green',
      comment: '面试常问：**为什么**可以加常数？',
    });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId: note.id, section: slugOf(note, '奖励模型') } });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'annotation', annotationId: mark.id } });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'path', from: '预训练', to: 'PPO' } });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'concept', concept: 'RM', withMap: true } });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'formula', tex: 'E=mc^2', caption: '手写公式' } });
    const full = await app.call('sheets.addItem', {
      sheetId: sheet.id,
      item: { kind: 'text', markdown: '**记住** $\\beta$ 控制 KL' },
      position: 0,
    });

    expect(full.items.map((i) => i.kind)).toEqual(['text', 'section', 'annotation', 'path', 'concept', 'formula']);
    expect(full.items.map((i) => i.position)).toEqual([0, 1, 2, 3, 4, 5]);
    const [text, section, annotation, path, concept, formula] = full.items;
    expect(text?.html).toContain('<strong>记住</strong>');
    expect(text?.html).toContain('class="katex"');
    expect(section?.title).toBe('奖励模型');
    expect(section?.origin).toBe('RLHF 流程');
    expect(section?.markdown).toContain('$$\\mathcal{L}_{RM}');
    expect(section?.html).toContain('katex-display');
    expect(annotation?.markdown).toMatch(/^> 分数只有相对意义\n\n面试常问/);
    expect(annotation?.html).toContain('<blockquote>');
    expect(annotation?.html).toContain('color-green');
    // `强化学习 PPO` is a step about PPO, not PPO's name (issue 12).
    expect(path?.markdown).toMatch(/预训练 → 监督微调 → 奖励模型 → PPO/);
    expect(path?.markdown).toContain('```mermaid');
    expect(path?.html).toContain('class="mermaid-block"');
    expect(concept?.title).toBe('奖励模型');
    expect(concept?.markdown).toContain('RM');
    expect(formula?.title).toBe('手写公式');
    expect(formula?.markdown).toBe('$$\nE=mc^2\n$$');

    const diagrams = await app.call('sheets.diagrams', { id: sheet.id });
    expect(diagrams.diagrams.length).toBe(2);
    expect((await app.call('sheets.list', {}))[0]).toMatchObject({ id: sheet.id, title: 'RLHF 速查', items: 6 });
  });

  it('section options show only the first paragraph or only the formulas', async () => {
    const app = lattice();
    const note = await setUp(app);
    const sheet = await app.call('sheets.create', { title: 's' });
    const added = await app.call('sheets.addItem', {
      sheetId: sheet.id,
      item: { kind: 'section', noteId: note.id, section: slugOf(note, '奖励模型'), part: 'first-paragraph' },
    });
    const item = added.items[0];
    expect(item?.markdown).toBe('Bradley–Terry 模型假设回答 $y_w$ 优于 $y_l$ 的概率由分数差决定：');
    const formulas = await app.call('sheets.updateItem', { itemId: item?.id ?? 0, changes: { part: 'formulas' } });
    expect(formulas.items[0]?.markdown).toContain('$$\n\\mathcal{L}_{RM}');
    expect(formulas.items[0]?.markdown).not.toContain('Bradley');
    await expect(app.call('sheets.updateItem', { itemId: item?.id ?? 0, changes: { withMap: true } })).rejects.toThrow(
      /does not apply to a section/,
    );
  });

  it('quick start adds every highlight of a note, every highlight of a colour and every formula of a note, without duplicates', async () => {
    const app = lattice();
    const note = await setUp(app);
    for (const [phrase, color] of [
      ['SFT 学会遵循指令', 'yellow'],
      ['常做归一化', 'pink'],
    ] as const) {
      const at = note.text.indexOf(phrase);
      await app.call('annotations.create', { noteId: note.id, start: at, end: at + phrase.length, color });
    }
    const sheet = await app.call('sheets.create', { title: 'quick' });
    expect((await app.call('sheets.addMany', { sheetId: sheet.id, what: { kind: 'note-highlights', noteId: note.id } })).added).toBe(2);
    expect((await app.call('sheets.addMany', { sheetId: sheet.id, what: { kind: 'color-highlights', color: 'pink' } })).added).toBe(0);
    const formulas = await app.call('sheets.addMany', { sheetId: sheet.id, what: { kind: 'note-formulas', noteId: note.id } });
    // The display formula and the equation a=b+1; not $y_w$, $K$ or the binomial.
    expect(formulas.sheet.items.filter((i) => i.kind === 'formula').map((i) => i.markdown)).toEqual([
      '$$\n\\mathcal{L}_{RM}=-\\log\\sigma\\left(r(x,y_w)-r(x,y_l)\\right)\n$$',
      '$$\na=b+1\n$$',
    ]);
    expect(formulas.sheet.items.find((i) => i.kind === 'formula')?.origin).toBe('RLHF 流程 › 奖励模型');
  });

  it('"every formula in this note" leaves out fragments like $L=32$, $j>i$ and $g=1$, keeping equations and displayed formulas', async () => {
    const app = lattice();
    const note = await setUp(app, `# KV 缓存\n\n层数 $L=32$，当 $j>i$ 时屏蔽，MQA 即 $g=1$，而 $S=QK^\\top$。\n\n$$\nL=80\n$$\n`);
    const sheet = await app.call('sheets.create', { title: 'fragments' });
    const added = await app.call('sheets.addMany', { sheetId: sheet.id, what: { kind: 'note-formulas', noteId: note.id } });
    expect(added.sheet.items.map((i) => i.markdown)).toEqual(['$$\nS=QK^\\top\n$$', '$$\nL=80\n$$']);
  });

  it('reorders, removes and refuses a stale order', async () => {
    const app = lattice();
    await setUp(app);
    const sheet = await app.call('sheets.create', { title: 'order' });
    let current: Sheet = sheet;
    for (const word of ['a', 'b', 'c'])
      current = await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'text', markdown: word } });
    const [a, b, c] = current.items.map((i) => i.id) as [number, number, number];
    current = await app.call('sheets.reorder', { id: sheet.id, itemIds: [c, a, b] });
    expect(current.items.map((i) => i.markdown)).toEqual(['c', 'a', 'b']);
    await expect(app.call('sheets.reorder', { id: sheet.id, itemIds: [c, a] })).rejects.toThrow(/every item/);
    current = await app.call('sheets.removeItem', { itemId: a });
    expect(current.items.map((i) => [i.markdown, i.position])).toEqual([
      ['c', 0],
      ['b', 1],
    ]);
    await app.call('sheets.delete', { id: sheet.id });
    await expect(app.call('sheets.get', { id: sheet.id })).rejects.toThrow(/no sheet/);
  });

  it('keeps the last known content, marked, when a source disappears, and shows it live again when it is back', async () => {
    const app = lattice();
    const note = await setUp(app);
    const sheet = await app.call('sheets.create', { title: 'gone' });
    const at = note.text.indexOf('常做归一化');
    const mark = await app.call('annotations.create', { noteId: note.id, start: at, end: at + 5, comment: '我的评论' });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'annotation', annotationId: mark.id } });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId: note.id, section: slugOf(note, '整体流程') } });
    await app.call('annotations.delete', { id: mark.id });

    // The section's heading is renamed in the note and the note re-imported.
    writeFileSync(join(work, 'notes', 'rlhf.md'), RLHF.replace('## 整体流程', '## 训练流程'));
    await app.call('library.import', { paths: [join(work, 'notes')] });
    const after = await app.call('sheets.get', { id: sheet.id });
    const [annotation, section] = after.items;
    expect(annotation?.missingSince).not.toBeNull();
    expect(annotation?.markdown).toContain('我的评论');
    expect(annotation?.html).toContain('class="item-missing"');
    expect(section?.missingSince).not.toBeNull();
    expect(section?.markdown).toContain('PPO 在 KL 约束下');

    // Exports still carry the item, with the mark.
    const md = await app.call('sheets.export', { id: sheet.id, format: 'md' });
    expect(md.content).toContain('我的评论');
    expect(md.content).toContain('Source removed');

    writeFileSync(join(work, 'notes', 'rlhf.md'), RLHF.replace('SFT 学会遵循指令', 'SFT 学会听指令'));
    await app.call('library.import', { paths: [join(work, 'notes')] });
    const back = await app.call('sheets.get', { id: sheet.id });
    expect(back.items[1]?.missingSince).toBeNull();
    expect(back.items[1]?.markdown).toContain('SFT 学会听指令');

    unlinkSync(join(work, 'notes', 'rlhf.md'));
    await app.call('library.import', { paths: [join(work, 'notes')] });
    const removed = await app.call('sheets.get', { id: sheet.id });
    expect(removed.items[1]?.missingSince).not.toBeNull();
    expect(removed.items[1]?.markdown).toContain('SFT 学会听指令');
  });

  it('finds a concept again after it is renamed or merged into another', async () => {
    const app = lattice();
    await setUp(app);
    const sheet = await app.call('sheets.create', { title: 'concepts' });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'concept', concept: 'PPO' } });
    await app.call('concepts.rename', { name: 'PPO', newName: '近端策略优化' });
    expect((await app.call('sheets.get', { id: sheet.id })).items[0]).toMatchObject({ title: '近端策略优化', missingSince: null });
    await app.call('concepts.merge', { from: '近端策略优化', into: '奖励模型' });
    expect((await app.call('sheets.get', { id: sheet.id })).items[0]).toMatchObject({ title: '奖励模型', missingSince: null });
  });

  it('refuses items whose source does not exist and bad arguments', async () => {
    const app = lattice();
    const note = await setUp(app);
    const sheet = await app.call('sheets.create', { title: 'x' });
    await expect(
      app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId: note.id, section: 'nope' } }),
    ).rejects.toThrow(/not found/);
    await expect(app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'formula', tex: 'a $$ <b>' } })).rejects.toThrow(/\$\$/);
    await expect(app.call('sheets.update', { id: sheet.id, layout: { columns: 4 as 3 } })).rejects.toThrow(/bad argument/);
    const updated = await app.call('sheets.update', { id: sheet.id, title: '新标题', layout: { columns: 3, theme: 'print' } });
    expect(updated).toMatchObject({ title: '新标题', layout: { columns: 3, paper: 'A4', theme: 'print' } });
  });

  it('exports Markdown and self-contained HTML as content for the caller to save', async () => {
    const app = lattice();
    const note = await setUp(app);
    const sheet = await app.call('sheets.create', { title: 'RLHF' });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId: note.id, section: slugOf(note, '整体流程') } });
    const written = await app.call('sheets.export', { id: sheet.id, format: 'md' });
    expect(written).toMatchObject({ format: 'md', encoding: 'utf8', fileName: 'RLHF.md' });
    const md = written.content;
    expect(written.bytes).toBe(Buffer.byteLength(md));
    expect(md).toMatch(/^# RLHF\n\n## 整体流程\n\n\*RLHF 流程\*\n\n```mermaid\nflowchart LR/);

    const [diagram] = (await app.call('sheets.diagrams', { id: sheet.id })).diagrams;
    const svg = '<svg viewBox="0 0 10 10"><g><text>预训练 Pretrain</text></g><script>alert(1)</script></svg>';
    const html = await app.call('sheets.export', { id: sheet.id, format: 'html', svgs: { [diagram?.hash ?? '']: svg } });
    expect(html.undrawnDiagrams).toBe(0);
    expect(html.content).toContain('<figure class="diagram"');
    expect(html.content).toContain('<text>预训练 Pretrain</text>');
    expect(html.content).not.toMatch(/<script|alert\(1\)/);
    expect(html.fileName).toBe('RLHF.html');
  });
});

describe('a formula KaTeX cannot typeset', () => {
  // KaTeX throws a plain Error (not a ParseError) on this one, past throwOnError:false.
  const BROKEN = '\\begin{ }x\\end{y}';

  it('is saved, and the sheet still opens and exports, the formula shown as its source with the error', async () => {
    const app = lattice();
    await setUp(app);
    const sheet = await app.call('sheets.create', { title: '坏公式' });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'text', markdown: `前 $${BROKEN}$ 后，另一个 $\\alpha$` } });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'formula', tex: BROKEN, caption: '坏的' } });

    const opened = await app.call('sheets.get', { id: sheet.id });
    expect(opened.items).toHaveLength(2);
    const [text, formula] = opened.items;
    expect(text?.html).toMatch(/<span class="katex-error" title="Error: [^"]+"[^>]*>\\begin\{ \}x\\end\{y\}<\/span>/);
    expect(text?.html).toContain('后，另一个');
    expect(text?.html).toMatch(/class="katex"[\s\S]*α/);
    expect(formula?.html).toContain('katex-error');

    const md = await app.call('sheets.export', { id: sheet.id, format: 'md' });
    expect(md.content).toContain(`$${BROKEN}$`);
    expect(md.content).toContain(`$$\n${BROKEN}\n$$`);
    const html = await app.call('sheets.export', { id: sheet.id, format: 'html' });
    expect(html.content).toMatch(/<span class="katex-error" title="Error: [^"]+"[^>]*>\\begin\{ \}x\\end\{y\}<\/span>/);
    // The reason is printed beside the source: paper has no tooltip.
    expect(html.content).toContain('.katex-error::after { content: " ⚠ " attr(title)');

    // The person can still remove it.
    const after = await app.call('sheets.removeItem', { itemId: text?.id ?? 0 });
    expect(after.items.map((i) => i.kind)).toEqual(['formula']);
  });

  it('prints to PDF with its source and the reason', async () => {
    const app = lattice();
    await setUp(app);
    const sheet = await app.call('sheets.create', { title: '坏公式 PDF' });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'text', markdown: `坏：$${BROKEN}$ 好：$E=mc^2$` } });
    const path = join(work, 'broken.pdf');
    const pdf = await app.call('sheets.export', { id: sheet.id, format: 'pdf' });
    expect(pdf.encoding).toBe('base64');
    writeFileSync(path, Buffer.from(pdf.content, 'base64'));
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('\\begin{ }x\\end{y}');
    expect(text).toMatch(/Expected node of type/);
    expect(text).toMatch(/E\s*=\s*mc/);
  }, 60_000);
});

describe('the words of a sheet', () => {
  it('follow the language chosen in the app: link types on maps, marks and labels in every export', async () => {
    const app = lattice();
    const note = await setUp(app);
    const sheet = await app.call('sheets.create', { title: 'RLHF 速查' });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'concept', concept: 'RM', withMap: true } });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'path', from: '预训练', to: 'PPO' } });
    const at = note.text.indexOf('常做归一化');
    const mark = await app.call('annotations.create', { noteId: note.id, start: at, end: at + 5 });
    await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'annotation', annotationId: mark.id } });
    await app.call('annotations.delete', { id: mark.id });

    await app.call('settings.setLanguage', { language: 'zh' });
    const zh = await app.call('sheets.get', { id: sheet.id });
    expect(zh.items[0]?.markdown).toMatch(/-->\|通向\| c\d+/);
    expect(zh.items[2]?.html).toContain('来源已删除');
    const md = (await app.call('sheets.export', { id: sheet.id, format: 'md' })).content ?? '';
    expect(md).toContain('|通向|');
    expect(md).not.toMatch(/leads[- ]to/);
    expect(md).toContain('> ⚠ 来源已删除');
    // Diagrams drawn by the caller (as the app's renderer does), so no browser is needed here.
    const drawn = async (): Promise<Record<string, string>> =>
      Object.fromEntries(
        (await app.call('sheets.diagrams', { id: sheet.id })).diagrams.map((d) => [
          d.hash,
          '<svg viewBox="0 0 10 10"><text>map</text></svg>',
        ]),
      );
    const html = (await app.call('sheets.export', { id: sheet.id, format: 'html', svgs: await drawn() })).content ?? '';
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(' · 2 栏</span>');
    expect(html).toContain('来源已删除');
    expect(html).not.toMatch(/Source removed|columns/);

    await app.call('settings.setLanguage', { language: 'en' });
    await app.call('sheets.update', { id: sheet.id, layout: { columns: 1 } });
    const en = (await app.call('sheets.export', { id: sheet.id, format: 'html', svgs: await drawn() })).content ?? '';
    expect(en).toContain('<html lang="en">');
    expect(en).toContain(' · 1 column</span>');
    expect(en).toContain('Source removed');
    expect(en).not.toMatch(/来源已删除|栏/);
    const enMarkdown = (await app.call('sheets.export', { id: sheet.id, format: 'md' })).content ?? '';
    expect(enMarkdown).toContain('|leads to|');
    expect(enMarkdown).not.toContain('通向');
  });
});

describe('the example sheet', () => {
  it('is made once in a fresh data directory from the starter library', async () => {
    const app = openLattice({ dataDir: join(work, 'fresh'), starterDir: join(import.meta.dirname, '..', '..', 'notes') });
    opened.push(app);
    const [summary, ...others] = await app.call('sheets.list', {});
    expect(others).toEqual([]);
    const sheet = await app.call('sheets.get', { id: summary?.id ?? 0 });
    expect(sheet.title).toContain('RLHF');
    expect(sheet.items.map((i) => i.kind)).toEqual(['text', 'path', 'formula', 'formula', 'formula', 'section', 'concept', 'section']);
    expect(sheet.items[1]?.markdown).toMatch(/^预训练 → SFT → RM → PPO/);
    expect(sheet.items.every((i) => i.missingSince === null)).toBe(true);
    await app.call('sheets.delete', { id: sheet.id });
    app.close();
    opened.pop();
    const again = openLattice({ dataDir: join(work, 'fresh'), starterDir: join(import.meta.dirname, '..', '..', 'notes') });
    opened.push(again);
    expect(await again.call('sheets.list', {})).toEqual([]);
  });
});
