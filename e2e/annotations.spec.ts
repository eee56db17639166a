import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import ts from 'typescript';
import { expect, repoRoot, test } from './fixtures.js';
import { dragSelect, importNotes, openNote } from './reading.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'annotations');
const HOSTILE = '<img src=x onerror=alert(1)><script>window.__pwned=1</script>';

/** Selects the note's text from the start of `from` to the end of `to` (DOM text, formulas as rendered). */
async function selectText(page: Page, from: string, to = from): Promise<void> {
  await page.evaluate(
    ({ from, to }) => {
      const body = document.querySelector('.note-body') as HTMLElement;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      const nodes: { node: Text; at: number }[] = [];
      let all = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push({ node: node as Text, at: all.length });
        all += (node as Text).data;
      }
      const start = all.indexOf(from);
      const end = all.indexOf(to, start) + to.length;
      if (start < 0 || end < start + to.length) throw new Error(`"${from}"…"${to}" is not in the note`);
      const locate = (offset: number, isEnd: boolean) => {
        const found =
          nodes
            .slice()
            .reverse()
            .find((n) => (isEnd ? n.at < offset : n.at <= offset)) ?? nodes[0];
        return { node: found!.node, offset: offset - found!.at };
      };
      const a = locate(start, false);
      const b = locate(end, true);
      getSelection()?.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
    },
    { from, to },
  );
}

async function highlight(page: Page, color: 'yellow' | 'green' | 'blue' | 'pink' | 'purple'): Promise<void> {
  const names = { yellow: '黄色', green: '绿色', blue: '蓝色', pink: '粉色', purple: '紫色' };
  const toolbar = page.getByRole('toolbar');
  await toolbar.getByRole('button', { name: new RegExp(`^(Highlight ${color}|${names[color]}高亮)$`) }).click();
  await expect(toolbar).toBeHidden();
}

async function openSidebar(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /^(Show annotations|显示批注)/ });
  if (await toggle.isVisible()) await toggle.click();
  await expect(page.getByTestId('annotation-sidebar')).toBeVisible();
}

const sidebar = (page: Page) => page.getByTestId('annotation-sidebar');
const marks = (page: Page) => page.locator('.note-body mark.annotation');

test.describe('annotations in the reader', () => {
  test('select, highlight and comment; after a reload the highlight and its comment are still there', async ({ lattice }, testInfo) => {
    const { page } = lattice;
    await importNotes(lattice, FIXTURES, /新增 2|2 added/);
    await openNote(page, '注意力机制复习');

    await dragSelect(page, '在不同的子空间里同时关注');
    await highlight(page, 'yellow');
    await expect(marks(page)).toHaveText('在不同的子空间里同时关注');
    await expect(marks(page)).toHaveClass(/annotation-yellow/);

    // Clicking the highlight opens it in the sidebar.
    await marks(page).click();
    const card = sidebar(page).locator('.annotation-card');
    await expect(card).toHaveCount(1);
    await expect(card.locator('.annotation-quote')).toHaveText('在不同的子空间里同时关注');
    await expect(card).toHaveClass(/is-active/);

    await card.getByRole('button', { name: /Add comment|添加评论/ }).click();
    const editor = card.getByRole('textbox', { name: /Comment|评论/ });
    await expect(editor).toBeFocused();
    await editor.fill('子空间 = subspace，见 $W_Q$');
    await expect(card.locator('.comment-preview .katex')).toBeVisible();
    await card.getByRole('button', { name: /^(Save|保存)$/ }).click();
    await expect(card.locator('.comment-body')).toContainText('子空间 = subspace');
    await expect(card.locator('.comment-body .katex')).toBeVisible();
    await expect(marks(page)).toHaveClass(/has-comment/);

    // A second, overlapping highlight in another colour nests inside the first.
    await selectText(page, '子空间里', '同时关注不同位置');
    await highlight(page, 'blue');
    await expect(page.locator('.note-body mark.annotation-blue')).toHaveText(['子空间里同时关注', '不同位置']);
    await expect(page.locator('.note-body mark.annotation-yellow mark.annotation-blue')).toHaveText('子空间里同时关注');

    mkdirSync(join('test-results', 'screenshots'), { recursive: true });
    const shot = join('test-results', 'screenshots', `annotations-${testInfo.project.name}.png`);
    await page.screenshot({ path: shot });
    await testInfo.attach('annotations', { path: shot, contentType: 'image/png' });

    await lattice.reload();
    await expect(page.locator('.note-body[data-painted="2"]')).toBeVisible();
    await expect(page.locator('.note-body mark.annotation-yellow').first()).toContainText('在不同的');
    await openSidebar(page);
    await expect(sidebar(page).locator('.annotation-card')).toHaveCount(2);
    await expect(sidebar(page).locator('.annotation-card').first().locator('.comment-body')).toContainText('子空间 = subspace');
  });

  test('a selection touching a formula takes it whole; highlights cross list items and table cells', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, FIXTURES, /新增 2|2 added/);
    await openNote(page, '注意力机制复习');

    // From plain text into the middle of a typeset formula.
    await expect(page.locator('.note-body .math .katex').first()).toBeVisible();
    await page.evaluate(() => {
      const paragraph = Array.from(document.querySelectorAll('.note-body p')).find((p) => p.textContent?.includes('公式是')) as HTMLElement;
      const text = paragraph.firstChild as Text;
      const inside = document
        .createTreeWalker(paragraph.querySelector('.math .katex-html') as Node, NodeFilter.SHOW_TEXT)
        .nextNode() as Text;
      getSelection()?.setBaseAndExtent(text, text.data.indexOf('公式是'), inside, 1);
    });
    await highlight(page, 'green');
    await expect(page.locator('.note-body .math.annotation.annotation-green')).toHaveCount(1);
    await openSidebar(page);
    await expect(sidebar(page).locator('.annotation-quote')).toHaveText('公式是 \\mathrm{softmax}(QK^T/\\sqrt{d_k})V');

    await selectText(page, '自己的', '拼接后');
    await highlight(page, 'pink');
    const listMarks = page.locator('.note-body li mark.annotation-pink');
    await expect(listMarks.first()).toHaveText('自己的 ');
    await expect(listMarks.last()).toHaveText('各头的输出拼接后');
    await expect(page.locator('.note-body li .math.annotation-pink')).toHaveCount(3);

    await selectText(page, '每个头一份', 'GQA');
    await highlight(page, 'purple');
    await expect(page.locator('.note-body td mark.annotation-purple')).toHaveText(['每个头一份', 'GQA']);
    // The whitespace between table rows is layout, never wrapped in a mark.
    await expect(page.locator('.note-body tbody > mark, .note-body tr > mark')).toHaveCount(0);
    await expect(sidebar(page).locator('.annotation-card')).toHaveCount(3);

    // Change a highlight's colour, then delete it (after confirming).
    const tableCard = sidebar(page).locator('.annotation-card-purple');
    await tableCard.getByRole('button', { name: /^(Yellow|黄色)$/ }).click();
    await expect(page.locator('.note-body td mark.annotation-yellow')).toHaveText(['每个头一份', 'GQA']);
    const yellowCard = sidebar(page).locator('.annotation-card-yellow');
    await yellowCard.getByRole('button', { name: /^(Delete|删除)$/ }).click();
    await expect(yellowCard.getByRole('alert')).toContainText(/Delete this annotation|删除这条批注/);
    await yellowCard.getByRole('button', { name: /^(Delete|删除)$/ }).click();
    await expect(page.locator('.note-body td mark')).toHaveCount(0);
    await expect(sidebar(page).locator('.annotation-card')).toHaveCount(2);
  });

  test('copy puts the selected text on the clipboard, formulas as TeX', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, FIXTURES, /新增 2|2 added/);
    await openNote(page, '注意力机制复习');
    await page.evaluate(() => {
      const copied: string[] = [];
      (window as unknown as { __copied: string[] }).__copied = copied;
      // On window, so it runs after the app's own listener on document has filled the clipboard.
      window.addEventListener('copy', (event) => copied.push(event.clipboardData?.getData('text/plain') ?? ''));
    });
    await selectText(page, '除以', '是为了');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Copy|复制)$/ })
      .click();
    await expect(page.getByRole('toolbar').getByRole('button', { name: /^(Copy|复制)$/ })).toHaveText(/Copied|已复制/);
    expect(await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied)).toEqual(['除以 \\sqrt{d_k} 是为了']);
  });
});

test.describe('annotations when the note changes', () => {
  let folder: string;
  let notePath: string;

  test.beforeEach(() => {
    folder = join(mkdtempSync(join(tmpdir(), 'lattice-annotations-')), 'reanchor-notes');
    mkdirSync(folder);
    notePath = join(folder, 'rlhf-pipeline.md');
    copyFileSync(join(FIXTURES, 'rlhf-pipeline.md'), notePath);
  });
  test.afterEach(() => rmSync(join(folder, '..'), { recursive: true, force: true }));

  function editNote(change: (text: string) => string): void {
    writeFileSync(notePath, change(readFileSync(notePath, 'utf8')));
  }

  test('after the note file is edited and re-imported, the highlight follows its text', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, folder, /新增 1|1 added/);
    await openNote(page, 'RLHF 流程笔记');
    await selectText(page, 'PPO 阶段用奖励模型的分数更新策略');
    await highlight(page, 'green');
    await expect(marks(page)).toHaveText('PPO 阶段用奖励模型的分数更新策略');

    editNote((text) => text.replace('PPO 阶段', '奖励模型的训练数据来自人类偏好排序，PPO 阶段会用到它。\n\nPPO 阶段'));
    await importNotes(lattice, folder, /更新 1|1 updated/);
    await openNote(page, 'RLHF 流程笔记');
    await expect(page.getByText('奖励模型的训练数据来自人类偏好排序')).toBeVisible();
    await expect(marks(page)).toHaveText('PPO 阶段用奖励模型的分数更新策略');
    await openSidebar(page);
    await expect(sidebar(page).getByTestId('annotation-orphans')).toHaveCount(0);
  });

  test('when the annotated paragraph is deleted, the annotation becomes an orphan that can be re-attached', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, folder, /新增 1|1 added/);
    await openNote(page, 'RLHF 流程笔记');
    await selectText(page, 'DPO 不需要单独训练奖励模型');
    await highlight(page, 'blue');
    await expect(marks(page)).toHaveText('DPO 不需要单独训练奖励模型');

    editNote((text) => text.replace(/DPO 不需要.*\n/, ''));
    await importNotes(lattice, folder, /更新 1|1 updated/);
    await openNote(page, 'RLHF 流程笔记');
    await expect(marks(page)).toHaveCount(0);
    await openSidebar(page);
    const orphans = sidebar(page).getByTestId('annotation-orphans');
    await expect(orphans.locator('.annotation-quote')).toHaveText('DPO 不需要单独训练奖励模型');

    // Re-attach it to text the person picks.
    await orphans.getByRole('button', { name: /Re-attach|重新附加/ }).click();
    await selectText(page, 'SFT 之后训练奖励模型');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /Attach here|附加到这里/ })
      .click();
    await expect(marks(page)).toHaveText('SFT 之后训练奖励模型');
    await expect(sidebar(page).getByTestId('annotation-orphans')).toHaveCount(0);
    await expect(sidebar(page).locator('.annotation-card .annotation-quote')).toHaveText('SFT 之后训练奖励模型');
  });
});

test.describe('all annotations', () => {
  test('a comment with HTML and script shows as text in the sidebar and the list, and never runs', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, FIXTURES, /新增 2|2 added/);
    await openNote(page, '注意力机制复习');
    await selectText(page, '面试时要能说清楚');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Comment|评论)$/ })
      .click();
    const editor = sidebar(page).getByRole('textbox', { name: /Comment|评论/ });
    await expect(editor).toBeFocused();
    await editor.fill(HOSTILE);
    await sidebar(page)
      .getByRole('button', { name: /^(Save|保存)$/ })
      .click();
    const comment = sidebar(page).locator('.comment-body');
    await expect(comment).toContainText('<script>window.__pwned=1</script>');
    await expect(sidebar(page).locator('script, img, [onerror]')).toHaveCount(0);

    await page.getByRole('link', { name: /^(Annotations|批注)$/ }).click();
    const row = page.locator('.annotation-row');
    await expect(row).toHaveCount(1);
    await expect(row.locator('.comment-body')).toContainText('<script>window.__pwned=1</script>');
    await expect(page.locator('.all-annotations').locator('script, img, [onerror]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('filters by colour, tag, text and orphan state, and opens the note at an annotation', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, FIXTURES, /新增 2|2 added/);
    await openNote(page, '注意力机制复习');
    await selectText(page, '防止点积过大');
    await highlight(page, 'yellow');
    await selectText(page, '面试时要能说清楚');
    await highlight(page, 'blue');
    await openSidebar(page);
    const blue = sidebar(page).locator('.annotation-card-blue');
    await blue.getByRole('button', { name: /Add comment|添加评论/ }).click();
    await blue.getByRole('textbox', { name: /Comment|评论/ }).fill('KV cache 省显存的原因');
    await blue.getByRole('textbox', { name: /Tags|标签/ }).fill('推理, 显存');
    await blue.getByRole('button', { name: /^(Save|保存)$/ }).click();
    await expect(blue.locator('.tag')).toHaveText(['推理', '显存']);

    await page.getByRole('link', { name: /^(Annotations|批注)$/ }).click();
    const rows = page.locator('.annotation-row');
    await expect(rows).toHaveCount(2);
    await expect(page.locator('.annotation-list-note')).toHaveText('注意力机制复习');
    await page.getByRole('combobox', { name: /^(Colour|颜色)$/ }).selectOption('yellow');
    await expect(rows).toHaveCount(1);
    await expect(rows.locator('.annotation-quote')).toHaveText('防止点积过大');
    await page.getByRole('combobox', { name: /^(Colour|颜色)$/ }).selectOption('');
    await page.getByRole('combobox', { name: /^(Tag|标签)$/ }).selectOption('显存');
    await expect(rows).toHaveCount(1);
    await expect(rows.locator('.annotation-quote')).toHaveText('面试时要能说清楚');
    await page.getByRole('combobox', { name: /^(Tag|标签)$/ }).selectOption('');
    await page.getByRole('searchbox', { name: /Find in quotes|在引文/ }).fill('省显存');
    await expect(rows).toHaveCount(1);
    await page.getByRole('searchbox', { name: /Find in quotes|在引文/ }).fill('');
    await page.getByRole('combobox', { name: /^(State|状态)$/ }).selectOption('orphan');
    await expect(rows).toHaveCount(0);
    await page.getByRole('combobox', { name: /^(State|状态)$/ }).selectOption('');
    await expect(rows).toHaveCount(2);

    await rows.getByRole('link', { name: '面试时要能说清楚' }).click();
    await expect(page).toHaveURL(/#\/note\/\d+\?annotation=/);
    const mark = page.locator('.note-body mark.annotation-blue');
    await expect(mark).toHaveClass(/is-flashing/);
    await expect(mark).toBeInViewport();
    await expect(sidebar(page).locator('.annotation-card-blue')).toHaveClass(/is-active/);
  });

  test('every starter note maps onto its text projection, so highlights can go anywhere', async ({ lattice }) => {
    const { page } = lattice;
    const disagreements: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('disagree')) disagreements.push(message.text());
    });
    await importNotes(lattice, join(import.meta.dirname, 'fixtures', 'study-notes'), /新增 4|4 added/);
    await page.getByRole('link', { name: /^(笔记库|Library)$/ }).click();
    const hrefs = await page.locator('.note-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThanOrEqual(20);
    for (const href of hrefs) {
      await page.evaluate((hash) => (location.hash = hash), href);
      await expect(page.locator('.note-body[data-painted]')).toBeVisible();
      await page.evaluate(() => document.querySelector('.note-body')?.removeAttribute('data-painted'));
    }
    expect(disagreements).toEqual([]);
  });
});

/**
 * The text map and painter, tested on hand-written DOM in the real browser:
 * the modules are compiled as they are and loaded into a blank page.
 */
/** The modules' shapes as the page sees them (the renderer's own types need DOM libs this project lacks). */
type Segment = { kind: 'text'; node: Text; start: number; end: number } | { kind: 'math'; element: HTMLElement };
interface PageTextMap {
  isAligned: boolean;
  alignedCount: number;
  rangeToOffsets(range: Range): { start: number; end: number } | null;
  offsetsToSegments(start: number, end: number): Segment[] | null;
}
interface PageModules {
  TextMap: { build(root: Element, projection: string): PageTextMap };
  paintHighlights(
    root: HTMLElement,
    projection: string,
    annotations: { id: string; start: number; end: number; color: string; hasComment: boolean }[],
  ): string[];
  clearHighlights(root: HTMLElement): void;
  annotationAt(target: EventTarget | null): string | null;
}

test.describe('text map and highlight painter (real DOM)', () => {
  function compiled(file: string): string {
    const source = readFileSync(join(repoRoot, 'renderer', 'src', 'reader', file), 'utf8');
    return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  }
  /** A module of common/ the reader's modules import (text-map.ts: js-space.ts). */
  function compiledCommon(file: string): string {
    const source = readFileSync(join(repoRoot, 'common', file), 'utf8');
    return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  }

  async function blankPage(
    playwright: Parameters<Parameters<typeof test>[2]>[0]['playwright'],
    testInfo: { project: { name: string; use: { launchOptions?: object } } },
  ) {
    test.skip(testInfo.project.name !== 'web', 'runs once, in the browser of the web project');
    const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
    const page = await browser.newPage();
    const modules = {
      jsSpace: compiledCommon('js-space.ts'),
      textMap: compiled('text-map.ts'),
      highlights: compiled('highlights.ts'),
    };
    await page.addScriptTag({
      content: `(() => {
        const load = (code, require) => { const exports = {}; new Function('exports', 'require', code)(exports, require); return exports; };
        const jsSpace = load(${JSON.stringify(modules.jsSpace)}, () => ({}));
        const textMap = load(${JSON.stringify(modules.textMap)}, () => jsSpace);
        const highlights = load(${JSON.stringify(modules.highlights)}, () => textMap);
        window.lattice = { ...textMap, ...highlights };
      })();`,
    });
    return { browser, page };
  }

  test('aligns on visible characters: blocks, lists, tables, formulas, diagrams, CJK and emoji', async ({ playwright }, testInfo) => {
    const { browser, page } = await blankPage(playwright, testInfo);
    try {
      const result = await page.evaluate(() => {
        const { TextMap } = (window as never as { lattice: PageModules }).lattice;
        document.body.innerHTML = `<article>
<h1 id="t">标题 Title</h1>
<p>其中 <span class="math math-inline" data-tex="r_t(\\theta)" data-typeset="true"><span class="katex">rt(θ)r_t(\\theta)</span></span> 是<b>概率比</b> 🙂。</p>
<ul>
<li>第一项</li>
<li>第二项 <code>kv</code></li>
</ul>
<div class="mermaid-block"><pre class="mermaid-source"><code>graph LR; A--&gt;B</code></pre><div class="diagram"><svg><text>A</text></svg></div></div>
<table><thead><tr><th>方法</th><th>大小</th></tr></thead>
<tbody><tr><td>MHA</td><td>每头</td></tr></tbody></table>
</article>`;
        const article = document.querySelector('article') as HTMLElement;
        const projection = '标题 Title\n其中 r_t(\\theta) 是概率比 🙂。\n第一项\n第二项 kv\n方法\t大小\nMHA\t每头';
        const map = TextMap.build(article, projection);
        const segmentsText = (start: number, end: number) =>
          map
            .offsetsToSegments(start, end)
            ?.map((s) => (s.kind === 'math' ? `[${s.element.dataset.tex}]` : s.node.data.slice(s.start, s.end)));
        const at = (needle: string) => projection.indexOf(needle);
        const range = document.createRange();
        const katexText = article.querySelector('.katex')?.firstChild as Text;
        const bold = article.querySelector('b')?.firstChild as Text;
        range.setStart(katexText, 3);
        range.setEnd(bold, 2);
        const intoFormula = map.rangeToOffsets(range);
        const h1 = article.querySelector('h1')?.firstChild as Text;
        range.setStart(h1, 3);
        range.setEnd(article.querySelector('td:last-child')?.firstChild as Text, 1);
        const acrossBlocks = map.rangeToOffsets(range);
        range.setStart(article, 0);
        range.setEnd(article, article.childNodes.length);
        const whole = map.rangeToOffsets(range);
        const whitespaceOnly = document.createRange();
        whitespaceOnly.selectNodeContents(article.childNodes[0] as Node);
        return {
          isAligned: map.isAligned,
          formulaAndBold: segmentsText(at('其中'), at('概率比') + 3),
          emoji: segmentsText(at('🙂'), at('🙂') + 2),
          listItems: segmentsText(at('一项'), at('第二项') + 2),
          tableCells: segmentsText(at('大小'), at('MHA') + 3),
          intoFormula: intoFormula && projection.slice(intoFormula.start, intoFormula.end),
          acrossBlocks: acrossBlocks && projection.slice(acrossBlocks.start, acrossBlocks.end),
          whole: whole && [whole.start, whole.end],
          whitespaceOnly: map.rangeToOffsets(whitespaceOnly),
          outOfRange: segmentsText(-5, 2),
        };
      });
      expect(result.isAligned).toBe(true);
      expect(result.formulaAndBold).toEqual(['其中 ', '[r_t(\\theta)]', ' 是', '概率比']);
      expect(result.emoji).toEqual(['🙂']);
      expect(result.listItems).toEqual(['一项', '第二']);
      expect(result.tableCells).toEqual(['大小', 'MHA']);
      expect(result.intoFormula).toBe('r_t(\\theta) 是概率');
      expect(result.acrossBlocks).toBe('Title\n其中 r_t(\\theta) 是概率比 🙂。\n第一项\n第二项 kv\n方法\t大小\nMHA\t每');
      expect(result.whole).toEqual([0, '标题 Title\n其中 r_t(\\theta) 是概率比 🙂。\n第一项\n第二项 kv\n方法\t大小\nMHA\t每头'.length]);
      expect(result.whitespaceOnly).toBeNull();
      expect(result.outOfRange).toEqual(['标题']);
    } finally {
      await browser.close();
    }
  });

  test('where the DOM and the projection disagree, only the agreeing prefix maps, with one warning', async ({ playwright }, testInfo) => {
    const { browser, page } = await blankPage(playwright, testInfo);
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    try {
      const result = await page.evaluate(() => {
        const { TextMap } = (window as never as { lattice: PageModules }).lattice;
        document.body.innerHTML = '<article><p>前面一致</p><p>这里不同</p></article>';
        const article = document.querySelector('article') as HTMLElement;
        const map = TextMap.build(article, '前面一致\n那里不同');
        TextMap.build(article, '前面一致\n那里不同');
        return { aligned: map.alignedCount, before: map.offsetsToSegments(0, 4)?.length, after: map.offsetsToSegments(5, 9) };
      });
      expect(result).toEqual({ aligned: 4, before: 1, after: null });
      expect(warnings.filter((w) => w.includes('disagree'))).toHaveLength(1);
    } finally {
      await browser.close();
    }
  });

  test('painting wraps covered text in nested marks, adds no text, and clears back to the original', async ({ playwright }, testInfo) => {
    const { browser, page } = await blankPage(playwright, testInfo);
    try {
      const result = await page.evaluate(() => {
        const lattice = (window as never as { lattice: PageModules }).lattice;
        document.body.innerHTML = `<article><p>甲乙<i>丙丁</i> 戊 <span class="math math-inline" data-tex="x^2">x2</span></p>
<table><tbody><tr><td>A1</td><td>B1</td></tr>
<tr><td>A2</td><td>B2</td></tr></tbody></table></article>`;
        const article = document.querySelector('article') as HTMLElement;
        const original = article.innerHTML;
        const projection = '甲乙丙丁 戊 x^2\nA1\tB1\nA2\tB2';
        const unpainted = lattice.paintHighlights(article, projection, [
          { id: 'outer', start: 0, end: 4, color: 'yellow', hasComment: true },
          { id: 'inner', start: 1, end: 9, color: 'blue', hasComment: false },
          { id: 'cells', start: projection.indexOf('B1'), end: projection.indexOf('A2') + 2, color: 'green', hasComment: false },
          { id: 'lost', start: 2, end: 2, color: 'pink', hasComment: false },
        ]);
        const marks = Array.from(article.querySelectorAll('mark')).map((m) => `${m.dataset.annotationId}:${m.textContent}`);
        const nested = article.querySelector('mark[data-annotation-id="outer"] > mark[data-annotation-id="inner"]')?.textContent;
        const math = article.querySelector<HTMLElement>('.math');
        const mathState = [math?.className, math?.dataset.annotationIds];
        const textAfter = article.textContent;
        const painted = lattice.TextMap.build(article, projection);
        const range = document.createRange();
        const lastMark = Array.from(article.querySelectorAll('mark[data-annotation-id="inner"]')).pop() as HTMLElement;
        range.selectNodeContents(lastMark);
        const remapped = painted.rangeToOffsets(range);
        const stray = article.querySelectorAll('tr > mark, tbody > mark').length;
        const commentMarker = article.querySelectorAll('.has-comment').length;
        const clicked = lattice.annotationAt(article.querySelector('mark[data-annotation-id="inner"]'));
        lattice.clearHighlights(article);
        return {
          unpainted,
          marks,
          nested,
          mathState,
          sameText: textAfter === article.textContent,
          remapped,
          stray,
          commentMarker,
          clicked,
          restored: article.innerHTML === original,
        };
      });
      expect(result.unpainted).toEqual(['lost']);
      expect(result.marks).toEqual(['outer:甲乙', 'inner:乙', 'outer:丙丁', 'inner:丙丁', 'inner: 戊 ', 'cells:B1', 'cells:A2']);
      expect(result.nested).toBe('乙');
      expect(result.mathState).toEqual(['math math-inline annotation annotation-blue', 'inner']);
      expect(result.sameText).toBe(true);
      expect(result.remapped).toEqual({ start: 5, end: 6 });
      expect(result.stray).toBe(0);
      expect(result.commentMarker).toBe(1);
      expect(result.clicked).toBe('inner');
      expect(result.restored).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
