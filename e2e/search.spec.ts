import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, importFolder, test } from './fixtures.js';
import { importNotes, openNote } from './reading.js';

/** The search box, driven from the keyboard and the mouse as a person would. */

const searchBox = (page: Page) => page.getByRole('combobox', { name: /Search notes|搜索笔记/ });
const results = (page: Page) => page.getByRole('listbox', { name: /Search results|搜索结果/ });
const group = (page: Page, name: RegExp) => results(page).getByRole('group', { name });

/** The text the reader shows flashed for a search hit, and whether it is on screen. */
async function flashed(page: Page): Promise<{ text: string; isOnScreen: boolean } | null> {
  return page.evaluate(() => {
    // The registry is a maplike of Highlight sets of ranges (the DOM typings here lack its Map methods).
    const highlight = (CSS.highlights as unknown as Map<string, Set<Range>>).get('search-match');
    if (!highlight) return null;
    const ranges = [...highlight];
    const rect = ranges[0]?.getBoundingClientRect();
    return {
      text: ranges.map((r) => r.toString()).join(''),
      isOnScreen: !!rect && rect.height > 0 && rect.top >= 0 && rect.bottom <= innerHeight,
    };
  });
}

test('type 幻觉, open hits with the keyboard and the mouse: the reader scrolls to the match and flashes it', async ({ lattice }) => {
  const { page } = lattice;
  await expect(page.locator('.note-card').first()).toBeVisible();

  await page.keyboard.press('Control+K');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type('幻觉');
  const notes = group(page, /^(Notes|笔记)$/);
  await expect(notes.getByRole('option').first()).toContainText('大模型幻觉');
  await expect(notes.locator('mark').first()).toHaveText('幻觉');
  await expect(group(page, /^(Sections|章节)$/).getByRole('option', { name: /RAG 系统怎么评估？/ })).toBeVisible();

  // Enter opens the first hit: the note about hallucination.
  await expect(notes.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(results(page)).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: '大模型幻觉' })).toBeVisible();
  await expect.poll(() => flashed(page)).toEqual({ text: '幻觉', isOnScreen: true });

  // `/` brings the box and its results back; a section deep in another note opens scrolled to the match.
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await group(page, /^(Sections|章节)$/)
    .getByRole('option', { name: /RAG 系统怎么评估？/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: '检索增强生成 RAG' })).toBeVisible();
  await expect.poll(() => flashed(page)).toEqual({ text: '幻觉', isOnScreen: true });
  expect(await page.getByTestId('reader-scroll').evaluate((el) => el.scrollTop)).toBeGreaterThan(200);
});

test('arrow keys walk the results across groups; a word found nowhere says so', async ({ lattice }) => {
  const { page } = lattice;
  await page.keyboard.press('Control+K');
  await page.keyboard.type('显存');
  const options = results(page).getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(searchBox(page)).toHaveAttribute('aria-activedescendant', 'search-hit-1');
  await page.keyboard.press('ArrowUp');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');

  await searchBox(page).fill('量子纠缠');
  await expect(page.locator('.search-panel').getByRole('status')).toHaveText(/Nothing matches “量子纠缠”|没有与“量子纠缠”匹配的内容/);
  await expect(options).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(results(page)).toBeHidden();
});

test('search in this note lists the places in the open note, in reading order', async ({ lattice }) => {
  const { page } = lattice;
  await openNote(page, '检索增强生成 RAG');
  await page.keyboard.press('Control+K');
  await page.keyboard.type('检索');
  await page.getByRole('button', { name: /^(This note|本篇笔记)$/ }).click();
  await expect(page.getByRole('button', { name: /^(This note|本篇笔记)$/ })).toHaveAttribute('aria-pressed', 'true');
  const sections = group(page, /^(Sections|章节)$/).getByRole('option');
  await expect(sections.first()).toContainText('检索增强生成 RAG');
  await expect(sections.filter({ hasText: '稀疏检索和稠密检索有什么区别？' })).toHaveCount(1);
  // Until the note's own answer arrives the list still shows the library's, which also has these two
  // sections: read the places once the list holds only this note's (it failed once reading the old list).
  const wheres = () => results(page).locator('.search-hit-where').allTextContents();
  const isThisNotes = (places: string[]) => places.length > 2 && places.every((where) => where.startsWith('检索增强生成 RAG'));
  await expect.poll(async () => isThisNotes(await wheres())).toBe(true);
  expect((await wheres()).length).toBeGreaterThan(2);
  for (const where of await wheres()) expect(where.startsWith('检索增强生成 RAG')).toBe(true);
  await sections.filter({ hasText: '稀疏检索和稠密检索有什么区别？' }).click();
  await expect.poll(async () => (await flashed(page))?.text).toBe('检索');
});

test('search finds an annotation by its comment and opens the note at it', async ({ lattice }) => {
  const { page } = lattice;
  await openNote(page, '大模型幻觉');
  await page.evaluate(() => {
    const body = document.querySelector('.note-body') as HTMLElement;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf('没有单一银弹');
      if (at >= 0) return getSelection()?.setBaseAndExtent(node, at, node, at + '没有单一银弹'.length);
    }
    throw new Error('text not found');
  });
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /^(Comment|评论)$/ })
    .click();
  const sidebar = page.getByTestId('annotation-sidebar');
  await sidebar.getByRole('textbox', { name: /Comment|评论/ }).fill('考前要背的反例：律师引用了模型编造的假判例');
  await sidebar.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await expect(sidebar.locator('.comment-body')).toContainText('假判例');

  await page.getByRole('link', { name: /^(笔记库|Library)$/ }).click();
  await page.keyboard.press('Control+K');
  await page.keyboard.type('假判例');
  const hit = group(page, /^(Annotations|批注)$/).getByRole('option');
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText('没有单一银弹');
  await expect(hit.locator('mark')).toHaveText('假判例');
  await hit.click();
  await expect(page).toHaveURL(/#\/note\/\d+\?annotation=/);
  const mark = page.locator('.note-body mark.annotation');
  await expect(mark).toHaveClass(/is-flashing/);
  await expect(mark).toBeInViewport();
});

test('a hostile note is found as text: nothing in its snippet runs or loads', async ({ lattice }) => {
  const { page } = lattice;
  await page
    .getByRole('link', { name: /导入|Import/ })
    .first()
    .click();
  await importFolder(lattice, join(import.meta.dirname, 'fixtures', 'study-notes'));
  await expect(page.getByTestId('import-report')).toContainText(/新增 4|4 added/);
  await page.keyboard.press('Control+K');
  await page.keyboard.type('pwned 不可信');
  await expect(results(page).getByRole('option').first()).toContainText('不可信的笔记');
  await page.keyboard.type(' script');
  await expect(results(page).locator('script, img, iframe, a, [onerror]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
});

test('a search hit goes onto a cheat sheet from the results, and the search stays open', async ({ lattice }) => {
  const { page } = lattice;
  await expect(page.locator('.note-card').first()).toBeVisible();
  await searchBox(page).click();
  await page.keyboard.type('幻觉');
  const hit = group(page, /^(Sections|章节)$/).getByRole('option', { name: /RAG 系统怎么评估？/ });
  await hit.hover();
  await hit.getByRole('button', { name: /加入速查表|Add to sheet/ }).click();
  // The fresh data directory's example sheet is the newest, so the section goes there.
  await expect(page.locator('.sheet-notice')).toContainText('RLHF 速查');
  await expect(results(page)).toBeVisible();
  await expect(page).not.toHaveURL(/#\/note\//);

  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: /^(速查表|Sheets)$/ }).click();
  await page.locator('.sheet-row', { hasText: 'RLHF 速查' }).getByRole('link').first().click();
  await expect(page.locator('.sheet-item-card', { hasText: 'RAG 系统怎么评估？' })).toBeVisible();
});

test('every place of a note is listed under it: KV 缓存 finds both numbered items of a note without headings', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, join(import.meta.dirname, 'fixtures', 'search-places'), /新增 3|3 added/);
  await page.keyboard.press('Control+K');
  await page.keyboard.type('KV 缓存');
  const note = group(page, /^(Sections|章节)$/).getByRole('group', { name: 'interview_note' });
  await expect(note.getByText('interview_note', { exact: true })).toBeVisible();
  const places = note.getByRole('option');
  await expect(places.filter({ hasText: 'KV缓存有什么问题' })).toHaveCount(1);
  await expect(places.filter({ hasText: '如何解决kv缓存占用过大问题' })).toHaveCount(1);
  await expect(places).toHaveText([
    /llama如何优化注意力机制/,
    /transformer中为什么对KV进行缓存/,
    /KV缓存有什么问题/,
    /如何解决kv缓存占用过大问题/,
  ]);
  await expect(places.filter({ hasText: 'KV缓存有什么问题' }).locator('mark')).toHaveText(['kv', '缓存']);

  // Each place opens the note at its own text.
  await places.filter({ hasText: '如何解决kv缓存占用过大问题' }).click();
  await expect.poll(() => flashed(page)).toEqual({ text: 'kv', isOnScreen: true });
  const flashedLine = await page.evaluate(() => {
    const highlight = (CSS.highlights as unknown as Map<string, Set<Range>>).get('search-match');
    const range = highlight ? [...highlight][0] : undefined;
    return range?.startContainer.parentElement?.closest('li, p')?.textContent ?? '';
  });
  expect(flashedLine).toContain('量化kv');
});

test('snippets show formulas as a reader reads them; searching by TeX still finds and marks them', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, join(import.meta.dirname, 'fixtures', 'search-places'), /新增 3|3 added/);
  await page.keyboard.press('Control+K');
  await page.keyboard.type('根号dk');
  const hit = results(page).getByRole('option', { name: /self-attention公式是什么/ });
  await expect(hit.locator('.search-hit-snippet')).toContainText('softmax(QKᵀ/√d_k)V');
  await expect(hit.locator('.search-hit-snippet')).toContainText('n×n');
  await expect(hit.locator('.search-hit-snippet')).not.toContainText('\\');
  mkdirSync(join('test-results', 'screenshots'), { recursive: true });
  await page.screenshot({ path: join('test-results', 'screenshots', 'search-formula-snippet.png') });

  await searchBox(page).fill('\\sqrt{d_k}');
  const byTex = results(page).getByRole('option', { name: /self-attention公式是什么/ });
  await expect(byTex.locator('mark')).toHaveText(['√d_k']);
  await searchBox(page).fill('d_k');
  await expect(
    results(page)
      .getByRole('option', { name: /self-attention公式是什么/ })
      .locator('mark')
      .first(),
  ).toHaveText('d_k');
});

test('a concept whose name is the query (in any case) comes first, before notes', async ({ lattice }) => {
  const { page } = lattice;
  await expect(page.locator('.note-card').first()).toBeVisible();
  await page.keyboard.press('Control+K');
  await page.keyboard.type('kv cache');
  const first = results(page).getByRole('option').first();
  await expect(first).toHaveClass(/search-hit-concept/);
  await expect(first.locator('.search-hit-title')).toHaveText('KV Cache');
  await expect(results(page).getByRole('group').first()).toHaveAccessibleName(/^(Concepts|概念)$/);
});

/** Rectangles of the text a hit shows (title, path, snippet), and of its add-to-sheet button. */
async function hitBoxes(page: Page): Promise<{ title: string; button: DOMRect; text: DOMRect[] }[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.search-hit')).flatMap((hit) => {
      const button = hit.querySelector('.add-to-sheet');
      if (!button) return [];
      const text: DOMRect[] = [];
      const walker = document.createTreeWalker(hit, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (button.contains(node) || !node.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        // What shows of the text: a title cut with an ellipsis is clipped by its box.
        const clipper = node.parentElement?.closest<HTMLElement>('.search-hit-title, .search-hit-where');
        const clip = clipper && getComputedStyle(clipper).overflow === 'hidden' ? clipper.getBoundingClientRect() : undefined;
        for (const rect of Array.from(range.getClientRects())) {
          const left = Math.max(rect.left, clip?.left ?? rect.left);
          const right = Math.min(rect.right, clip?.right ?? rect.right);
          if (right > left) text.push({ ...rect.toJSON(), left, right } as DOMRect);
        }
      }
      return [
        {
          title: hit.querySelector('.search-hit-title')?.textContent ?? '',
          button: button.getBoundingClientRect().toJSON() as DOMRect,
          text,
        },
      ];
    }),
  );
}

const intersects = (a: DOMRect, b: DOMRect): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test("the add-to-sheet button never covers a result's text, at every window size, in light and dark", async ({ lattice }, testInfo) => {
  const { page } = lattice;
  await importNotes(lattice, join(import.meta.dirname, 'fixtures', 'search-places'), /新增 3|3 added/);
  const shots = join('test-results', 'screenshots');
  mkdirSync(shots, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await page.getByRole('link', { name: /设置|Settings/ }).click();
    await page.getByRole('radio', { name: theme === 'dark' ? /深色|Dark/ : /浅色|Light/ }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    for (const [width, height] of [
      [900, 700],
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await searchBox(page).click();
      await searchBox(page).fill('KV 缓存');
      const hits = results(page).getByRole('option');
      const titled = (text: string) => hits.filter({ has: page.locator('.search-hit-title', { hasText: text }) });
      await expect(titled('为什么 KV 缓存的显存占用会随着序列长度线性增长')).toHaveCount(1);
      await titled('PagedAttention 如何把 KV 缓存切成固定大小的块').hover();
      await expect(
        titled('PagedAttention 如何把 KV 缓存切成固定大小的块').getByRole('button', { name: /加入速查表|Add to sheet/ }),
      ).toBeVisible();
      const boxes = await hitBoxes(page);
      expect(boxes.length).toBeGreaterThan(3);
      for (const { title, button, text } of boxes) {
        expect(button.width, title).toBeGreaterThan(0);
        const covered = text.filter((rect) => intersects(rect, button));
        expect(covered, `${width}×${height} ${theme}: the button covers the text of “${title}”`).toEqual([]);
      }
      // The panel stays inside the window.
      const panel = await page.locator('.search-panel').boundingBox();
      expect(panel && panel.x >= 0 && panel.x + panel.width <= width).toBe(true);
      await page.screenshot({ path: join(shots, `search-${theme}-${width}x${height}-${testInfo.project.name}.png`) });
      await page.keyboard.press('Escape');
    }
  }
});

test('a note with more places than are listed says how many more, and searching it lists every one', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, join(import.meta.dirname, 'fixtures', 'search-places'), /新增 3|3 added/);
  await page.keyboard.press('Control+K');
  await page.keyboard.type('投机采样');
  const note = group(page, /^(Sections|章节)$/).getByRole('group', { name: '推理加速笔记' });
  await expect(note.getByRole('option')).toHaveCount(6);
  const more = note.getByRole('button', { name: /本篇还有 3 处|More places in this note: 3/ });
  await more.scrollIntoViewIfNeeded();
  mkdirSync(join('test-results', 'screenshots'), { recursive: true });
  await page.screenshot({ path: join('test-results', 'screenshots', 'search-more-places.png') });
  await more.click();
  await expect(page.getByRole('heading', { level: 1, name: '推理加速笔记' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^(This note|本篇笔记)$/ })).toHaveAttribute('aria-pressed', 'true');
  const places = group(page, /^(Sections|章节)$/).getByRole('option');
  await expect(places).toHaveCount(9);
  await expect(places.last()).toContainText('常见坑');
});
