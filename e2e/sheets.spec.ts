import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { callApi, expect, test } from './fixtures.js';
import { dragSelect, importNotes, openNote } from './reading.js';

const HOSTILE = '<img src=x onerror=alert(1)><script>window.__pwned=1</script>';

/** Clicks an export button and keeps the downloaded file under the test's output. */
async function exportAs(page: Page, format: 'HTML' | 'PDF', path: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByRole('button', { name: new RegExp(`^(导出|Export) ${format}$`) }).click(),
  ]);
  await download.saveAs(path);
  return path;
}

test.describe('cheat sheets', () => {
  test('from reading to a two-column sheet with a highlight, a section with formulas and a concept map; HTML and PDF exports', async ({
    lattice,
  }, testInfo) => {
    test.setTimeout(120_000);
    const { page } = lattice;

    // A fresh data directory shows the example sheet; the person starts their own.
    await page.getByRole('link', { name: /^(速查表|Sheets)$/ }).click();
    await expect(page.locator('.sheet-row', { hasText: 'RLHF 速查' })).toBeVisible();
    await page.getByRole('textbox', { name: /新速查表的标题|New sheet title/ }).fill('面试前夜 RLHF');
    await page.getByRole('button', { name: /^(新建速查表|New sheet)$/ }).click();
    await expect(page.locator('.sheet-title-input')).toHaveValue('面试前夜 RLHF');

    // A highlight, from a selection, with a comment.
    await openNote(page, 'RLHF 流程');
    await dragSelect(page, '分数只有相对意义');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /加入速查表|Add to sheet/ })
      .click();
    await expect(page.locator('.sheet-notice')).toContainText('面试前夜 RLHF');
    const toggle = page.getByRole('button', { name: /^(Show annotations|显示批注)/ });
    if (await toggle.isVisible()) await toggle.click();
    const card = page.getByTestId('annotation-sidebar').locator('.annotation-card', { hasText: '分数只有相对意义' });
    await card.getByRole('button', { name: /Add comment|添加评论/ }).click();
    await card.getByRole('textbox', { name: /Comment|评论/ }).fill(`加常数不改变 loss ${HOSTILE}`);
    await card.getByRole('button', { name: /^(Save|保存)$/ }).click();
    await expect(card.locator('.comment-body')).toContainText('加常数不改变 loss');

    // A section with formulas, from the ＋ beside its heading.
    const heading = page.locator('.note-body h3', { hasText: '奖励模型的 loss 是什么' });
    await heading.scrollIntoViewIfNeeded();
    await heading.hover();
    await page.getByRole('button', { name: /^(把这一节加入速查表|Add this section to the cheat sheet): 奖励模型的 loss/ }).click();
    await expect(page.locator('.sheet-notice')).toContainText('面试前夜 RLHF');

    // The concept map of the pipeline, from the path finder.
    // 预训练 (its label's `Pretrain` is no name of it since issue 12), URL-encoded.
    await page.evaluate(() => (location.hash = '#/concepts/path?from=%E9%A2%84%E8%AE%AD%E7%BB%83&to=PPO'));
    const find = page.getByRole('button', { name: /^(查找路径|Find path)$/ });
    if (await find.isEnabled()) await find.click();
    await expect(page.getByTestId('path-steps')).toContainText('RM');
    await page.getByRole('button', { name: /加入速查表|Add to sheet/ }).click();
    await page
      .locator('.sheet-notice')
      .getByRole('link', { name: /打开速查表|Open sheet/ })
      .click();

    // The editor shows the sheet as it will print: two columns, typeset math, the diagram drawn.
    const paper = page.locator('.sheet-paper');
    await expect(paper.locator('.sheet-item-card')).toHaveCount(3);
    await expect(paper).toHaveCSS('--sheet-columns', '2');
    await expect(paper.locator('.sheet-item-card').nth(0)).toContainText('分数只有相对意义');
    await expect(paper.locator('.sheet-item-card').nth(0)).toContainText('<script>window.__pwned=1</script>');
    await expect(paper.locator('.sheet-item-card').nth(1).locator('.katex-display').first()).toBeVisible();
    await expect(paper.locator('.sheet-item-card').nth(2).locator('.diagram svg')).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // HTML: math rendered, the diagram as inline SVG, no script, no handler, no external URL.
    const htmlPath = await exportAs(page, 'HTML', testInfo.outputPath('sheet.html'));
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).toContain('class="katex-display"');
    expect(html).toMatch(/<figure class="diagram"[^>]*><svg[\s\S]*?预训练[\s\S]*?<\/svg><\/figure>/);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img|<iframe|<link|<a\b|javascript:/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:|\/\/)|url\(\s*["']?(?:https?:|\/\/)|@import/i);

    // Opened from disk with no network, everything is drawn: KaTeX's fonts come from the file itself.
    const offline = await page.context().newPage();
    const requests: string[] = [];
    offline.on('request', (request) => {
      if (!/^(file|data):/.test(request.url())) requests.push(request.url());
    });
    await offline.goto(pathToFileURL(htmlPath).href);
    await expect(offline.locator('.katex-display').first()).toBeVisible();
    await expect(offline.locator('figure.diagram svg')).toBeVisible();
    expect(await offline.evaluate(async () => (await document.fonts.ready, document.fonts.check('16px KaTeX_Main')))).toBe(true);
    expect(await offline.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(requests).toEqual([]);
    await offline.close();

    // PDF: the sheet's words, the formulas' text and the diagram's labels are in it; page 1 is kept as a picture.
    const pdfPath = await exportAs(page, 'PDF', testInfo.outputPath('sheet.pdf'));
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    for (const words of ['面试前夜 RLHF', '分数只有相对意义', '加常数不改变 loss', 'Bradley', '预训练', 'RM', 'PPO'])
      expect(text).toContain(words);
    expect(text).toMatch(/log\s*σ/);
    expect(text).toMatch(/L\s*RM/);
    expect(text).toMatch(/1\s*\/\s*\d+/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath, testInfo.outputPath('sheet-page-1')]);
    await testInfo.attach('sheet-page-1.png', { path: testInfo.outputPath('sheet-page-1.png'), contentType: 'image/png' });
    await testInfo.attach('sheet.pdf', { path: pdfPath, contentType: 'application/pdf' });
  });

  test('reorder by dragging, remove, edit free text, and change the layout', async ({ lattice }) => {
    const { page } = lattice;
    await page.getByRole('link', { name: /^(速查表|Sheets)$/ }).click();
    await page.locator('.sheet-row-title', { hasText: 'RLHF 速查' }).click();
    const cards = page.locator('.sheet-paper .sheet-item-card');
    await expect(cards).toHaveCount(8);
    const firstText = (await cards.nth(0).locator('.sheet-item-body').innerText()).slice(0, 12);

    await cards.nth(0).locator('.drag-handle').dragTo(cards.nth(2));
    await expect(cards.nth(1).locator('.sheet-item-body')).toContainText(firstText);
    await cards
      .nth(1)
      .getByRole('button', { name: /^(从速查表移除|Remove from sheet)$/ })
      .click();
    await expect(cards).toHaveCount(7);

    await page
      .getByRole('textbox', { name: /你自己的笔记|Your own notes/ })
      .first()
      .fill('**考前** 再看 $\\beta$');
    await page.getByRole('button', { name: /^(添加文字|Add text)$/ }).click();
    await expect(cards).toHaveCount(8);
    await expect(cards.nth(7).locator('strong')).toHaveText('考前');
    await expect(cards.nth(7).locator('.katex')).toBeVisible();

    await page.getByRole('combobox', { name: /^(栏数|Columns)/ }).selectOption('3');
    await expect(page.locator('.sheet-paper')).toHaveCSS('--sheet-columns', '3');
    await page.reload();
    await expect(page.locator('.sheet-paper')).toHaveCSS('--sheet-columns', '3');
    await expect(page.locator('.sheet-paper .sheet-item-card')).toHaveCount(8);
  });
});

/** A paragraph of about 2,500 characters of interview-note Chinese with a formula, numbered so each item is told apart. */
function longItem(n: number): string {
  const sentence = `第 ${n} 条：注意力把每个查询与所有键比较，得分经过缩放和 softmax 之后对值加权求和；缩放因子防止点积过大导致梯度消失。`;
  return `**第 ${n} 条笔记**\n\n${sentence.repeat(24)}\n\n$$\n\\mathrm{Attention}_{${n}}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V\n$$\n\n${sentence.repeat(16)}`;
}

/** The sheet screen's scroller: where it is, how far it can scroll, and whether it scrolls by a scrollbar. */
async function scrollState(page: Page): Promise<{ top: number; max: number; scrollbar: number; overflowY: string }> {
  return page.locator('.sheet-scroll').evaluate((el) => ({
    top: el.scrollTop,
    max: el.scrollHeight - el.clientHeight,
    scrollbar: (el as HTMLElement).offsetWidth - el.clientWidth,
    overflowY: getComputedStyle(el).overflowY,
  }));
}

// A printed A4 page's text area at 96 px per inch: 297 mm less the margins.
const PAGE_PX = ((297 - 26) / 25.4) * 96;

const SIZES = [
  { width: 900, height: 700 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

for (const size of SIZES) {
  test(`a 30-page sheet scrolls to its last item by wheel, keys and scrollbar, and the last item can be moved, at ${size.width}×${size.height}`, async ({
    lattice,
  }) => {
    test.setTimeout(120_000);
    const { page } = lattice;
    await page.setViewportSize(size);
    const sheet = await callApi<{ id: number }>(page, 'sheets.create', { title: '三十页速查表', layout: { columns: 1 } });
    const ITEMS = 44;
    for (let n = 1; n <= ITEMS; n++)
      await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'text', markdown: longItem(n) } });

    // The list scrolls too, and opens the sheet.
    await page.getByRole('link', { name: /^(速查表|Sheets)$/ }).click();
    await page.locator('.sheet-row-title', { hasText: '三十页速查表' }).click();
    const cards = page.locator('.sheet-paper .sheet-item-card');
    await expect(cards).toHaveCount(ITEMS);
    const last = cards.nth(ITEMS - 1);
    let state = await scrollState(page);
    // One column, so the preview is as tall as the printed sheet: more than 30 pages.
    expect(state.max).toBeGreaterThan(30 * PAGE_PX);
    // The screen scrolls itself, so the browser gives it a scrollbar (headless Chromium hides scrollbars; see below).
    expect(['auto', 'scroll']).toContain(state.overflowY);

    // Keys: End reaches the last item, Home the top, PageDown moves down.
    await page.keyboard.press('End');
    await expect.poll(async () => (await scrollState(page)).top).toBeGreaterThan(state.max - 2);
    await expect(last).toBeInViewport();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await scrollState(page)).top).toBe(0);
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await scrollState(page)).top).toBeGreaterThan(size.height / 2);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await scrollState(page)).top).toBe(0);

    // Wheel: turning it over the page reaches the end.
    const paper = await page.locator('.sheet-paper').boundingBox();
    await page.mouse.move((paper?.x ?? 0) + 40, size.height / 2);
    await expect(async () => {
      await page.mouse.wheel(0, 20_000);
      expect((await scrollState(page)).top).toBeGreaterThan(state.max - 2);
    }).toPass({ timeout: 30_000 });
    await expect(last).toBeInViewport();

    // Scrollbar: where the browser draws one (headed runs), dragging its thumb to the bottom of the track.
    if (state.scrollbar > 0) {
      await page.locator('.sheet-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
      const box = await page.locator('.sheet-scroll').boundingBox();
      if (!box) throw new Error('no scroller');
      const trackX = box.x + box.width - state.scrollbar / 2;
      await page.mouse.move(trackX, box.y + 8);
      await page.mouse.down();
      await page.mouse.move(trackX, box.y + box.height / 2, { steps: 5 });
      await page.mouse.move(trackX, box.y + box.height + 50, { steps: 5 });
      await page.mouse.up();
      state = await scrollState(page);
      expect(state.top).toBeGreaterThan(state.max - 2);
      await expect(last).toBeInViewport();
    }

    // The last item moves up, by its button and by dragging it onto the item above.
    await expect(last).toContainText('第 44 条笔记');
    await last.hover();
    await last.getByRole('button', { name: /^(上移|Move up)$/ }).click();
    await expect(cards.nth(ITEMS - 2)).toContainText('第 44 条笔记');
    await expect(cards.nth(ITEMS - 1)).toContainText('第 43 条笔记');
    // Drag the handle a little way up, onto the foot of the item above (both on screen: a person drags what they see).
    const moved = cards.nth(ITEMS - 2);
    await moved.evaluate((card) => {
      const scroller = card.closest('.sheet-scroll') as HTMLElement;
      scroller.scrollTop += card.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 250;
    });
    const above = await cards.nth(ITEMS - 3).boundingBox();
    await moved.locator('.drag-handle').dragTo(cards.nth(ITEMS - 3), { targetPosition: { x: 60, y: (above?.height ?? 40) - 30 } });
    await expect(cards.nth(ITEMS - 3)).toContainText('第 44 条笔记');
    const stored = await callApi<{ items: { markdown: string }[] }>(page, 'sheets.get', { id: sheet.id });
    expect(stored.items.slice(-3).map((i) => /第 (\d+) 条笔记/.exec(i.markdown)?.[1])).toEqual(['44', '42', '43']);
  });
}

test('a formula KaTeX cannot typeset does not break the sheet or the note: it shows as its source with the reason, and can be removed', async ({
  lattice,
}) => {
  const { page } = lattice;
  const BROKEN = '\\begin{ }x\\end{y}';
  const sheet = await callApi<{ id: number }>(page, 'sheets.create', { title: '坏公式' });
  // The API answered 500 here before: adding the item saved it, then failed to show the sheet.
  await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'text', markdown: `坏公式 $${BROKEN}$ 之后 $E=mc^2$ 照常` } });
  await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'text', markdown: '第二条 $\\alpha$' } });

  await page.evaluate((id) => (location.hash = `#/sheet/${id}`), sheet.id);
  const cards = page.locator('.sheet-paper .sheet-item-card');
  await expect(cards).toHaveCount(2);
  const error = cards.nth(0).locator('.katex-error');
  await expect(error).toHaveText(BROKEN);
  await expect(error).toHaveAttribute('title', /Expected node of type/);
  // The reason is shown beside the source, not only in a tooltip.
  expect(await error.evaluate((el) => getComputedStyle(el, '::after').content)).toMatch(/Expected node of type/);
  await expect(cards.nth(0).locator('.katex').first()).toContainText('E');
  await expect(cards.nth(0)).toContainText('照常');

  await cards.nth(0).hover();
  await cards
    .nth(0)
    .getByRole('button', { name: /^(从速查表移除|Remove from sheet)$/ })
    .click();
  await expect(cards).toHaveCount(1);
  await expect(cards.nth(0)).toContainText('第二条');

  // The reader typesets in the page: the same formula there shows the same way, and the formulas after it are typeset.
  const folder = mkdtempSync(join(tmpdir(), 'lattice-broken-formula-'));
  writeFileSync(join(folder, 'broken.md'), `# 坏公式笔记\n\n前面 $${BROKEN}$ 后面 $x^2$。\n\n$$\n${BROKEN}\n$$\n\n$$\n\\frac{a}{b}\n$$\n`);
  try {
    await importNotes(lattice, folder, /1/);
    await openNote(page, '坏公式笔记');
    const errors = page.locator('.note-body .katex-error');
    await expect(errors).toHaveCount(2);
    await expect(errors.first()).toHaveText(BROKEN);
    await expect(errors.first()).toHaveAttribute('title', /Expected node of type/);
    expect(await errors.first().evaluate((el) => getComputedStyle(el, '::after').content)).toMatch(/Expected node of type/);
    await expect(page.locator('.note-body .math-inline .katex')).toHaveCount(1);
    await expect(page.locator('.note-body .math-display .katex-display')).toHaveCount(1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the sheets list scrolls to its last sheet at every window size', async ({ lattice }) => {
  const { page } = lattice;
  for (let n = 1; n <= 60; n++) await callApi(page, 'sheets.create', { title: `速查表 ${String(n).padStart(2, '0')}` });
  await page.getByRole('link', { name: /^(速查表|Sheets)$/ }).click();
  await expect(page.locator('.sheet-row')).toHaveCount(61);
  const last = page.locator('.sheet-row').last();
  const lastTitle = await last.locator('.sheet-row-title').innerText();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.locator('.sheet-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(last).not.toBeInViewport();
    await page.keyboard.press('End');
    await expect(last).toBeInViewport();
    await page.keyboard.press('Home');
    await expect(last).not.toBeInViewport();
    const list = await page.locator('.sheet-list').boundingBox();
    await page.mouse.move((list?.x ?? 0) + 20, size.height / 2);
    await expect(async () => {
      await page.mouse.wheel(0, 5_000);
      await expect(last).toBeInViewport({ timeout: 500 });
    }).toPass({ timeout: 20_000 });
    await last.getByRole('link').click();
    await expect(page.locator('.sheet-title-input')).toHaveValue(lastTitle);
    await page.goBack();
  }
});

/**
 * WCAG contrast of every enabled control's text under `root`, from computed
 * styles: the text colour over the first opaque background behind it, both
 * faded by the opacity of the control and its ancestors.
 */
async function controlContrasts(page: Page, root: string): Promise<{ control: string; ratio: number }[]> {
  return page.locator(root).evaluate((rootElement) => {
    const parse = (css: string): [number, number, number, number] => {
      const m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[, /]+([\d.]+))?\)/.exec(css);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : [0, 0, 0, 0];
    };
    const over = (top: number[], alpha: number, bottom: number[]): number[] =>
      top.slice(0, 3).map((c, i) => c * alpha + (bottom[i] ?? 0) * (1 - alpha));
    const luminance = (rgb: number[]): number => {
      const [r, g, b] = rgb.map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const background = (element: Element): number[] => {
      const layers: [number, number, number, number][] = [];
      for (let e: Element | null = element; e; e = e.parentElement) {
        const layer = parse(getComputedStyle(e).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] === 1) break;
      }
      let rgb = [255, 255, 255];
      for (const layer of layers.reverse()) rgb = over(layer, layer[3], rgb);
      return rgb;
    };
    const results: { control: string; ratio: number }[] = [];
    for (const control of Array.from(
      rootElement.querySelectorAll<HTMLElement>('button, select, input:not([type=checkbox]), textarea, a, label'),
    )) {
      if (
        (control as HTMLButtonElement).disabled ||
        !control.getClientRects().length ||
        (!control.innerText.trim() && control.tagName !== 'SELECT' && control.tagName !== 'INPUT' && control.tagName !== 'TEXTAREA')
      )
        continue;
      let opacity = 1;
      for (let e: Element | null = control; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const text = parse(getComputedStyle(control).color);
      const bg = background(control);
      const fg = over(text, text[3] * opacity, bg);
      const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      results.push({
        control: `${control.tagName.toLowerCase()} "${(control.innerText || control.getAttribute('aria-label') || '').trim().slice(0, 30)}"`,
        ratio: ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05),
      });
    }
    return results;
  });
}

test('every control of the sheets list and the sheet editor, the Export button included, has text contrast of at least 4.5:1 in light and dark', async ({
  lattice,
}) => {
  const { page } = lattice;
  await page.getByRole('link', { name: /^(速查表|Sheets)$/ }).click();
  for (const theme of ['light', 'dark']) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.locator('.theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.getByRole('link', { name: /^(速查表|Sheets)$/ }).click();
    await page
      .locator('.sheet-row')
      .first()
      .getByRole('button', { name: /^(删除|Delete)$/ })
      .click();
    const list = await controlContrasts(page, '.sheet-list');
    expect(list.length).toBeGreaterThan(3);
    expect(
      list.filter((c) => c.ratio < 4.5),
      `${theme}: sheets list`,
    ).toEqual([]);
    await page
      .locator('.sheet-row')
      .first()
      .getByRole('button', { name: /^(取消|Cancel)$/ })
      .click();

    await page.locator('.sheet-row-title', { hasText: 'RLHF 速查' }).click();
    await expect(page.locator('.sheet-paper .sheet-item-card')).toHaveCount(8);
    await page.locator('.sheet-quick summary').click();
    const editor = await controlContrasts(page, '.sheet-editor');
    expect(editor.some((c) => /Export PDF|导出 PDF/.test(c.control))).toBe(true);
    expect(editor.some((c) => /select/.test(c.control))).toBe(true);
    expect(
      editor.filter((c) => c.ratio < 4.5),
      `${theme}: sheet editor`,
    ).toEqual([]);
  }
});

test('a wide display formula in the sheet preview fits its column instead of being cut at its edge, at every window size', async ({
  lattice,
}) => {
  const { page } = lattice;
  const WIDE =
    '\\mathcal{L}_{\\text{PPO}}(\\theta)=\\mathbb{E}_t\\left[\\min\\left(r_t(\\theta)\\hat{A}_t,\\ \\mathrm{clip}\\left(r_t(\\theta),1-\\epsilon,1+\\epsilon\\right)\\hat{A}_t\\right)\\right]';
  const WIDER = `${WIDE}-\\beta\\,\\mathrm{KL}\\left[\\pi_\\theta\\,\\|\\,\\pi_{\\mathrm{ref}}\\right]+c_1\\,\\mathbb{E}_t\\left[(V_\\phi(s_t)-\\hat{R}_t)^2\\right]+c_2\\,H(\\pi_\\theta)`;
  const sheet = await callApi<{ id: number }>(page, 'sheets.create', { title: '宽公式', layout: { columns: 3 } });
  await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'formula', tex: WIDE, caption: 'PPO' } });
  // `$$…$$` inside a paragraph is displayed too, in a span.
  await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'text', markdown: `段落里 $$${WIDE}$$ 接着写。` } });
  await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'formula', tex: WIDER, caption: '太宽' } });
  await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'text', markdown: '缩放 $\\frac{QK^\\top}{\\sqrt{d_k}}$' } });
  await page.evaluate((id) => (location.hash = `#/sheet/${id}`), sheet.id);
  const formulas = page.locator('.sheet-paper .math-display');
  await expect(formulas).toHaveCount(3);
  // The radical is drawn (KaTeX draws it as inline SVG, which the preview once dropped).
  await expect(page.locator('.sheet-paper .katex .sqrt svg path')).toHaveCount(1);
  const measure = (el: Element) => ({
    fits: el.scrollWidth <= el.clientWidth + 1,
    scrolls: getComputedStyle(el).overflowX === 'auto',
    inside: el.getBoundingClientRect().right <= (el.closest('.sheet-item-card') as HTMLElement).getBoundingClientRect().right + 1,
  });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // Shrunk to fit its column: seen whole.
    for (const i of [0, 1]) await expect.poll(() => formulas.nth(i).evaluate(measure)).toEqual({ fits: true, scrolls: true, inside: true });
    // Too wide to shrink readably: it scrolls inside its column, never spilling into the next.
    await expect.poll(() => formulas.nth(2).evaluate(measure)).toEqual({ fits: false, scrolls: true, inside: true });
  }
});

test('a URL or an identifier longer than a column stays in its column, in the preview and in the exported sheet', async ({ lattice }) => {
  const { page } = lattice;
  const URL_TEXT =
    'https://github.com/some-org/some-very-long-repository-name/blob/main/src/models/attention/flash_attention_triton_kernel_implementation_v2.py';
  const IDENTIFIER = 'torch_nn_functional_scaled_dot_product_attention_with_grouped_query_attention_and_sliding_window_mask_v3';
  const sheet = await callApi<{ id: number }>(page, 'sheets.create', { title: '长串', layout: { columns: 3 } });
  await callApi(page, 'sheets.addItem', {
    sheetId: sheet.id,
    item: {
      kind: 'text',
      markdown: `链接：${URL_TEXT}\n\n标识符 ${IDENTIFIER} 很长。\n\n| 列 | 值 |\n| --- | --- |\n| 路径 | ${URL_TEXT} |`,
    },
  });
  await callApi(page, 'sheets.addItem', {
    sheetId: sheet.id,
    item: { kind: 'text', markdown: '第二项：缩放 $\\frac{QK^\\top}{\\sqrt{d_k}}$。' },
  });

  /** Blocks of each item whose text runs past the item's right edge (the next column starts there). */
  const spills = (root: Element, item: string) =>
    Array.from(root.querySelectorAll(item)).flatMap((card) => {
      const right = card.getBoundingClientRect().right;
      return Array.from(card.querySelectorAll('p, td, th, li, h1, h2, h3, h4, h5, h6, table'))
        .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > right + 1)
        .map((el) => (el.textContent ?? '').slice(0, 30));
    });

  await page.evaluate((id) => (location.hash = `#/sheet/${id}`), sheet.id);
  await expect(page.locator('.sheet-paper .sheet-item-card')).toHaveCount(2);
  await expect(page.locator('.sheet-paper')).toContainText('implementation_v2.py');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    expect(await page.locator('.sheet-paper').evaluate(spills, '.sheet-item-card'), `preview at ${size.width}`).toEqual([]);
  }

  // The exported sheet, as a browser shows it: the same columns, the same breaks.
  const exported = await callApi<{ content: string }>(page, 'sheets.export', { id: sheet.id, format: 'html' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.setContent(exported.content);
  await expect(page.locator('.item')).toHaveCount(2);
  await expect(page.locator('.item').first()).toContainText(IDENTIFIER);
  expect(await page.locator('body').evaluate(spills, '.item')).toEqual([]);
});
