import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import ts from 'typescript';
import { expect, repoRoot, test } from './fixtures.js';
import { dragSelect, importNotes, openNote } from './reading.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'concepts');

/** Opens a concept's page from the concept index in the sidebar, as a person would. */
async function openConcept(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: /^(概念|Concepts)$/ }).click();
  const index = page.getByRole('navigation', { name: /概念索引|Concept index/ });
  await index.getByRole('searchbox', { name: /查找概念|Find a concept/ }).fill(name);
  await index
    .getByRole('link', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

const map = (page: Page) => page.locator('.concept-map').first();
/** A node of the map, by the words it shows. */
const mapNode = (page: Page, name: string) => map(page).getByRole('link', { name, exact: true });

async function expectMapDrawn(page: Page): Promise<void> {
  await expect(map(page).locator('.concept-map-frame[data-drawn] svg')).toBeVisible({ timeout: 20_000 });
}

/** Picks a concept in a picker by typing its name and choosing the first suggestion. */
async function pick(page: Page, label: RegExp, name: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).fill(name);
  await page
    .getByRole('option', { name: new RegExp(`^${name}`) })
    .first()
    .click();
}

test('a concept name in the reader opens its page; a node of its map opens the neighbour', async ({ lattice }, testInfo) => {
  const { page } = lattice;
  await openNote(page, 'RLHF');
  const ppo = page.locator('.note-body span.concept-mention', { hasText: /^PPO$/ }).first();
  await expect(ppo).toBeVisible();
  await ppo.click();
  // The name's popover offers its page (and "not this concept here").
  await page
    .getByRole('dialog', { name: /PPO/ })
    .getByRole('button', { name: /打开“PPO”|Open PPO/ })
    .click();

  await expect(page).toHaveURL(/#\/concept\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'PPO' })).toBeVisible();
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node.is-current')).toContainText('PPO');
  await expect(map(page)).toContainText(/leads to|通向/);
  // 训练奖励模型 RM and 奖励模型 RM are one concept: RM (issue 12).
  await expect(page.getByTestId('links-in')).toContainText('RM');
  mkdirSync(join('test-results', 'screenshots'), { recursive: true });
  await page.screenshot({ path: join('test-results', 'screenshots', `concept-page-${testInfo.project.name}.png`) });

  await mapNode(page, 'RM').click();
  await expect(page.getByRole('heading', { level: 1, name: 'RM' })).toBeVisible();
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node.is-current')).toContainText('RM');
  await expect(page.locator('.concept-aliases')).toContainText('奖励模型');
  await expect(page.locator('.concept-aliases')).toContainText('Reward Model');

  // Keyboard: a node takes focus and opens with Enter.
  const sft = mapNode(page, 'SFT');
  await sft.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'SFT' })).toBeVisible();

  // Where the concept is mentioned: a section link jumps into the note.
  await page
    .locator('.concept-mentions')
    .getByRole('link', { name: /RLHF 的完整训练流程是什么/ })
    .first()
    .click();
  await expect(page).toHaveURL(/#\/note\/\d+\//);
  await expect(page.locator('.note-body').getByRole('heading', { name: 'RLHF 的完整训练流程是什么？' })).toBeVisible();
});

test('a link made in the UI shows in both maps', async ({ lattice }) => {
  const { page } = lattice;
  await page.getByRole('link', { name: /^(概念|Concepts)$/ }).click();
  await page.getByRole('button', { name: /新建概念|New concept/ }).click();
  await page.getByRole('textbox', { name: /新概念的名称|Name of the new concept/ }).fill('优势函数基线');
  await page.getByRole('button', { name: /^(添加|Add)$/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '优势函数基线' })).toBeVisible();

  await page.getByRole('combobox', { name: /方向|Direction/ }).selectOption('out');
  await page.getByRole('combobox', { name: /链接类型|Link type/ }).selectOption('prerequisite-of');
  await pick(page, /要链接的概念|Linked concept/, 'PPO');
  await page.getByRole('button', { name: /添加链接|Add link/ }).click();

  await expect(page.getByTestId('links-out')).toContainText('PPO');
  await expectMapDrawn(page);
  await expect(mapNode(page, 'PPO')).toBeVisible();
  await expect(map(page)).toContainText(/prerequisite of|是…的前置/);

  await mapNode(page, 'PPO').click();
  await expect(page.getByRole('heading', { level: 1, name: 'PPO' })).toBeVisible();
  await expectMapDrawn(page);
  await expect(mapNode(page, '优势函数基线')).toBeVisible();

  // Retyping and deleting the link from PPO's side.
  const row = page.getByTestId('links-in').locator('li', { hasText: '优势函数基线' });
  await row.getByRole('combobox').selectOption('related');
  await expect(page.getByTestId('links-in').locator('li', { hasText: '优势函数基线' }).getByRole('combobox')).toHaveValue('related');
  // Deleting asks first, in Lattice's own dialog: Escape keeps the link and gives focus back to the button…
  const deleteButton = page.getByTestId('links-in').locator('li', { hasText: '优势函数基线' }).getByRole('button');
  await deleteButton.click();
  const question = page.getByRole('alertdialog');
  await expect(question).toContainText('优势函数基线');
  await expect(question.getByRole('button', { name: /^(删除|Delete)$/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(deleteButton).toBeFocused();
  await expect(page.getByTestId('links-in')).toContainText('优势函数基线');
  // …and confirming deletes it.
  await deleteButton.click();
  await question.getByRole('button', { name: /^(删除|Delete)$/ }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByTestId('links-in')).not.toContainText('优势函数基线');
  await expectMapDrawn(page);
  await expect(map(page)).not.toContainText('优势函数基线');
});

test('rename, names, definition and merge on a concept page', async ({ lattice }) => {
  const { page } = lattice;
  await openConcept(page, 'RM');
  const aliases = page.locator('.concept-aliases');

  await page.getByRole('button', { name: /^(添加别名|Add a name)$/ }).click();
  await page.getByRole('textbox', { name: /新别名|Another name/ }).fill('打分模型');
  await page.getByRole('button', { name: /^(添加|Add)$/ }).click();
  await expect(aliases).toContainText('打分模型');
  await page.getByRole('button', { name: /删除别名“打分模型”|Remove the name “打分模型”/ }).click();
  await expect(aliases).not.toContainText('打分模型');

  await page.getByRole('button', { name: /^(重命名|Rename)$/ }).click();
  await page.getByRole('textbox', { name: /新名称|New name/ }).fill('奖励模型训练');
  await page.getByRole('button', { name: /^(保存|Save)$/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '奖励模型训练' })).toBeVisible();
  await expect(aliases).toContainText('RM');
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node.is-current')).toContainText('奖励模型训练');

  await page.locator('.concept-definition').getByRole('button').click();
  await page.locator('.concept-definition').getByRole('textbox').fill('给回答打分的模型，用人类偏好对训练。');
  await page
    .locator('.concept-definition')
    .getByRole('button', { name: /^(保存|Save)$/ })
    .click();
  await expect(page.locator('.definition-text')).toHaveText('给回答打分的模型，用人类偏好对训练。');

  await page.getByRole('button', { name: /把另一个概念合并进来|Merge another concept into this/ }).click();
  // Reward Model is already a name of this concept (issue 12): merge another one in, confirmed with Enter.
  await pick(page, /要合并进|Concept to merge into/, 'Bradley-Terry');
  const question = page.getByRole('alertdialog');
  await expect(question).toContainText(/Bradley-Terry/);
  await expect(question.getByRole('button', { name: /^(合并|Merge)$/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toHaveCount(0);
  await expect(aliases).toContainText('Bradley-Terry');
  const index = page.getByRole('navigation', { name: /概念索引|Concept index/ });
  await index.getByRole('searchbox').fill('Bradley-Terry');
  await expect(index.getByRole('link', { name: /奖励模型训练/ })).toBeVisible();
  await expect(index.getByRole('link', { name: /^Bradley-Terry/ })).toHaveCount(0);

  // The person's edits outlive a reload.
  await lattice.reload();
  await expect(page.getByRole('heading', { level: 1, name: '奖励模型训练' })).toBeVisible();
  await expect(page.locator('.definition-text')).toHaveText('给回答打分的模型，用人类偏好对训练。');
});

test('the path finder shows SFT → RM → PPO as a map', async ({ lattice }) => {
  const { page } = lattice;
  await page.getByRole('link', { name: /^(概念|Concepts)$/ }).click();
  await page.getByRole('link', { name: /路径查找|Path finder/ }).click();
  await pick(page, /起点概念|From concept/, 'SFT');
  await pick(page, /终点概念|To concept/, 'PPO');
  await page.getByRole('button', { name: /查找路径|Find path/ }).click();

  const steps = page.getByTestId('path-steps');
  await expect(steps.getByRole('link')).toHaveText(['SFT', 'RM', 'PPO']);
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node')).toHaveCount(3);
  await expect(mapNode(page, 'RM')).toBeVisible();
  await expect(page).toHaveURL(/#\/concepts\/path\?from=SFT&to=PPO$/);
  await mapNode(page, 'RM').click();
  await expect(page.getByRole('heading', { level: 1, name: 'RM' })).toBeVisible();
});

test('hostile Mermaid labels render as text in concept maps and nothing runs', async ({ lattice }) => {
  const { page } = lattice;
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await importNotes(lattice, FIXTURES, /新增 1|1 added/);
  await openNote(page, '恶意概念图');
  await expect(page.getByText('最后一段：笔记照常显示。')).toBeVisible();

  await openConcept(page, '<script>window.__pwned=1</script>');
  await expectMapDrawn(page);
  await expect(mapNode(page, 'script window.__pwned=1 /script')).toBeVisible();
  await expect(mapNode(page, 'img src=x onerror=alert 1')).toBeVisible();
  await expect(mapNode(page, '正常概念')).toBeVisible();
  await expect(page.locator('.concept-page img, .concept-page script, .concept-map foreignObject')).toHaveCount(0);
  expect(await page.locator('.concept-map [onerror], .concept-map [onclick], .concept-map a').count()).toBe(0);

  // The hostile node navigates like any other, by our handler.
  await mapNode(page, 'img src=x onerror=alert 1').click();
  await expect(page.getByRole('heading', { level: 1, name: '<img src=x onerror=alert(1)>' })).toBeVisible();
  await expectMapDrawn(page);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('make a concept and link words to one from a selection; the underline can be turned off', async ({ lattice }) => {
  const { page } = lattice;
  await openNote(page, 'RLHF');
  await expect(page.locator('.note-body[data-concept-links]:not([data-concept-links="0"])')).toBeVisible();

  await dragSelect(page, 'reward hacking');
  await expect(page.getByRole('toolbar')).toBeVisible();
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /设为概念|Make concept/ })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox', { name: /名称|Name/ })).toHaveValue('reward hacking');
  await dialog.getByRole('button', { name: /创建概念|Create concept/ }).click();
  await expect(dialog).toContainText(/reward hacking/);
  await dialog.getByRole('button', { name: /关闭|Close/ }).click();
  // The new concept is linked in the note at once.
  await expect(page.locator('.note-body span.concept-mention', { hasText: 'reward hacking' }).first()).toBeVisible();

  await dragSelect(page, '偏好');
  await expect(page.getByRole('toolbar')).toBeVisible();
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /链接到概念|Link to concept/ })
    .click();
  await pick(page, /要链接的概念|Linked concept/, 'RM');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^(链接|Link)$/ })
    .click();
  await page
    .getByRole('dialog')
    .getByRole('link', { name: /打开|Open/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'RM' })).toBeVisible();
  await expect(page.locator('.concept-aliases')).toContainText('偏好');

  // A drag that starts on a linked name selects text (and can be highlighted); it does not follow the link.
  await openNote(page, 'RLHF');
  const linked = page.locator('.note-body ol span.concept-mention', { hasText: /^SFT$/ }).first();
  await linked.scrollIntoViewIfNeeded();
  // Still when two looks a quarter second apart agree (formulas and diagrams typeset asynchronously as they come on screen);
  // the first look only records where the link is.
  let box: Awaited<ReturnType<typeof linked.boundingBox>> | undefined;
  await expect
    .poll(
      async () => {
        const again = await linked.boundingBox();
        const isStill = box !== undefined && JSON.stringify(again) === JSON.stringify(box);
        box = again;
        return isStill;
      },
      { intervals: [250] },
    )
    .toBe(true);
  if (!box) throw new Error('the SFT link has no box');
  const url = page.url();
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 120, box.y + box.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByRole('toolbar')).toBeVisible();
  expect(page.url()).toBe(url);
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /^(Highlight yellow|黄色高亮)$/ })
    .click();
  const mark = page.locator('.note-body mark.annotation');
  await expect(mark.first()).toBeVisible();
  await expect(
    page.locator('.note-body mark.annotation span.concept-mention, .note-body span.concept-mention mark.annotation').first(),
  ).toContainText('SFT');
  await expect(page.locator('.note-body[data-painted="1"]')).toBeVisible();

  await page.getByRole('link', { name: /设置|Settings/ }).click();
  await page.getByRole('checkbox', { name: /下划线|Underline/ }).uncheck();
  await openNote(page, 'RLHF');
  await expect(page.locator('.note-body[data-concept-links="0"]')).toBeVisible();
  await expect(page.locator('.note-body span.concept-mention')).toHaveCount(0);
  // The highlight made over a linked name is still painted without the links.
  await expect(page.locator('.note-body mark.annotation').first()).toContainText('SFT');
});

test('the overview groups the starter library by note and draws the whole graph when asked', async ({ lattice }) => {
  const { page } = lattice;
  await page.getByRole('link', { name: /^(概念|Concepts)$/ }).click();
  await expect(page.getByTestId('overview-summary')).toContainText(/1\d\d/);
  const group = page.getByRole('button', { name: /RLHF 流程/ });
  await group.click();
  await expect(group).toHaveAttribute('aria-expanded', 'true');
  await expectMapDrawn(page);
  await expect(mapNode(page, 'PPO')).toBeVisible();
  await mapNode(page, 'GAE').click();
  await expect(page.getByRole('heading', { level: 1, name: 'GAE' })).toBeVisible();

  await page.getByRole('link', { name: /^(总览|Overview)$/ }).click();
  await page.getByRole('button', { name: /画在一张图上|on one map/ }).click();
  await expectMapDrawn(page);
  expect(await map(page).locator('g.node').count()).toBeGreaterThan(100);
  await expect(mapNode(page, 'RM')).toBeVisible();
});

test('the overview of 2,000 concepts lists groups and draws one group at a time', async ({ lattice }) => {
  // Importing 101 notes and drawing a 150-concept map take a while on a small, busy machine.
  test.slow();
  const { page } = lattice;
  const folder = mkdtempSync(join(tmpdir(), 'lattice-many-concepts-'));
  try {
    // 100 notes, each a pipeline of 20 concepts of its own: 2,000 concepts and links.
    for (let n = 0; n < 100; n++) {
      const nodes = Array.from({ length: 20 }, (_, i) => `  N${i}[Topic${n} Stage${i}]`).join('\n');
      const edges = Array.from({ length: 19 }, (_, i) => `  N${i} --> N${i + 1}`).join('\n');
      writeFileSync(
        join(folder, `topic-${String(n).padStart(3, '0')}.md`),
        `# 主题 ${n}\n\n\`\`\`mermaid\nflowchart LR\n${nodes}\n${edges}\n\`\`\`\n`,
      );
    }
    // And one note of 160 concepts (a tree): more than one map holds.
    const big = Array.from({ length: 160 }, (_, i) => `  B${i}[Big ${i}]`).join('\n');
    const branches = Array.from({ length: 159 }, (_, i) => `  B${Math.floor((i + 1) / 3)} --> B${i + 1}`).join('\n');
    writeFileSync(join(folder, 'big.md'), `# 大笔记\n\n\`\`\`mermaid\nflowchart LR\n${big}\n${branches}\n\`\`\`\n`);
    await importNotes(lattice, folder, /新增 101|101 added/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  await page.getByRole('link', { name: /^(概念|Concepts)$/ }).click();
  const summary = page.getByTestId('overview-summary');
  await expect(summary).toContainText(/2[,]?\d{3}/);
  await expect(page.locator('.concept-overview .notice')).toContainText(/150/);
  await expect(page.locator('.concept-overview .concept-map')).toHaveCount(0);

  await page.getByRole('button', { name: /主题 42/ }).click();
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node')).toHaveCount(20);
  await mapNode(page, 'Topic42 Stage7').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Topic42 Stage7' })).toBeVisible();
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node')).toHaveCount(3);

  // A group larger than a map is shown a page at a time.
  await page.getByRole('link', { name: /^(总览|Overview)$/ }).click();
  await page.getByRole('button', { name: /大笔记/ }).click();
  const pager = page.locator('.overview-pager');
  await expect(pager).toContainText(/1–150/);
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node')).toHaveCount(150);
  await pager.getByRole('button', { name: /下一页|Next/ }).click();
  await expect(pager).toContainText(/151–160/);
  // The last ten are leaves whose links lead back to the first page: listed, not mapped.
  const openGroup = page.locator('.overview-group.is-open');
  await expect(openGroup.locator('.chips li')).toHaveCount(10);
  await expect(openGroup.locator('.concept-map')).toHaveCount(0);
  const leaf = openGroup.locator('.chips a').first();
  const leafName = ((await leaf.textContent()) ?? '').trim();
  expect(leafName).toMatch(/^Big \d+$/);
  await leaf.click();
  await expect(page.getByRole('heading', { level: 1, name: leafName })).toBeVisible();
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node')).toHaveCount(2);
  await page.getByRole('link', { name: /^(总览|Overview)$/ }).click();
  await page.getByRole('button', { name: /大笔记/ }).click();

  await page.getByRole('searchbox', { name: /筛选概念|Filter concepts/ }).fill('Topic7 S');
  await expect(summary).toContainText(/(^|\D)20 (of|个匹配)/);
  await expectMapDrawn(page);
  await expect(map(page).locator('g.node')).toHaveCount(20);
});

/** The modules' shapes as the page sees them (the renderer's own types need DOM libs this project lacks). */
interface PageModules {
  paintConceptLinks(
    root: HTMLElement,
    projection: string,
    occurrences: { conceptId: number; name: string; start: number; end: number }[],
    titleOf: () => string,
  ): number;
  clearConceptLinks(root: HTMLElement): void;
  paintHighlights(
    root: HTMLElement,
    projection: string,
    annotations: { id: string; start: number; end: number; color: string; hasComment: boolean }[],
  ): string[];
}

test('concept links painter (real DOM): adds no text, skips code, links and headings, and clears back', async ({
  playwright,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'web', 'runs once, in the browser of the web project');
  const compiled = (path: string, root = join(repoRoot, 'renderer', 'src')): string =>
    ts.transpileModule(readFileSync(join(root, path), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
  const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
  try {
    const page = await browser.newPage();
    const modules = {
      jsSpace: compiled('js-space.ts', join(repoRoot, 'common')),
      textMap: compiled('reader/text-map.ts'),
      highlights: compiled('reader/highlights.ts'),
      links: compiled('concepts/concept-underlines.ts'),
    };
    await page.addScriptTag({
      content: `(() => {
        const load = (code, require) => { const exports = {}; new Function('exports', 'require', code)(exports, require); return exports; };
        const jsSpace = load(${JSON.stringify(modules.jsSpace)}, () => ({}));
        const textMap = load(${JSON.stringify(modules.textMap)}, () => jsSpace);
        window.lattice = { ...load(${JSON.stringify(modules.highlights)}, () => textMap), ...load(${JSON.stringify(modules.links)}, () => textMap) };
      })();`,
    });
    const result = await page.evaluate(() => {
      const { paintConceptLinks, clearConceptLinks, paintHighlights } = (window as never as { lattice: PageModules }).lattice;
      document.body.innerHTML =
        '<article><h2>SFT 流程</h2><p>先做 SFT，再训练奖励模型。</p><p><code>SFT</code> 和 <a href="#x">PPO</a> 与 <b>P</b>PO</p></article>';
      const root = document.querySelector('article') as HTMLElement;
      const bare = root.innerHTML;
      const text = 'SFT 流程\n先做 SFT，再训练奖励模型。\nSFT 和 PPO 与 PPO\n';
      const at = (word: string, from = 0) => ({ start: text.indexOf(word, from), end: text.indexOf(word, from) + word.length });
      const occurrences = [
        { conceptId: 1, name: 'SFT', ...at('SFT') },
        { conceptId: 1, name: 'SFT', ...at('SFT', 8) },
        { conceptId: 2, name: '奖励模型', ...at('奖励模型') },
        { conceptId: 1, name: 'SFT', ...at('SFT', 22) },
        { conceptId: 3, name: 'PPO', ...at('PPO') },
        { conceptId: 3, name: 'PPO', ...at('PPO', text.indexOf('与')) },
      ];
      const linked = paintConceptLinks(root, text, occurrences, () => 'concept');
      const links = Array.from(root.querySelectorAll<HTMLElement>('.concept-mention')).map((l) => [
        l.textContent,
        l.dataset.conceptId,
        l.getAttribute('role'),
      ]);
      const sameText = root.textContent === new DOMParser().parseFromString(bare, 'text/html').body.textContent;
      // A highlight over a linked name is painted with the links off, as the reader does, then linked again.
      clearConceptLinks(root);
      paintHighlights(root, text, [{ id: 'h', ...at('再训练奖励模型'), color: 'yellow', hasComment: false }]);
      paintConceptLinks(root, text, occurrences, () => 'concept');
      const marks = Array.from(root.querySelectorAll('mark.annotation')).map((m) => m.textContent);
      const insideMark = root.querySelectorAll('mark.annotation .concept-mention').length;
      clearConceptLinks(root);
      root.querySelectorAll('mark').forEach((m) => m.replaceWith(...Array.from(m.childNodes)));
      root.normalize();
      return { linked, links, sameText, marks, insideMark, isRestored: root.innerHTML === bare };
    });
    // The heading's SFT, the code's SFT and the PPO inside a link stay as they are.
    expect(result.linked).toBe(3);
    // A name split by markup is linked piece by piece.
    expect(result.links).toEqual([
      ['SFT', '1', 'link'],
      ['奖励模型', '2', 'link'],
      ['P', '3', 'link'],
      ['PO', '3', 'link'],
    ]);
    expect(result.sameText).toBe(true);
    expect(result.marks).toEqual(['再训练奖励模型']);
    expect(result.insideMark).toBe(1);
    expect(result.isRestored).toBe(true);
  } finally {
    await browser.close();
  }
});
