import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { dragSelect, importNotes, openNote } from './reading.js';

/**
 * What the reader does around a note: a table of contents that follows a long
 * note to its end, annotations that leave nothing a person did not ask for,
 * titles a person can read and change, and controls that never lie over text.
 */

const SECTIONS = 120;
const LONG_TITLE = '大模型面试 120 问';

/** A long note in the style of interview collections: `### 问题？` headings each followed by an answer; the last ones are short. */
function longNote(): string {
  const parts = [`# ${LONG_TITLE}\n`];
  for (let i = 1; i <= SECTIONS; i++) {
    parts.push(`### 第 ${i} 问：注意力为什么要除以 $\\sqrt{d_k}$？\n`);
    if (i > SECTIONS - 6) {
      parts.push(`简答 ${i}。\n`);
      continue;
    }
    const lines = 1 + (i % 4);
    for (let line = 0; line < lines; line++) {
      // A formula in some paragraphs, as in real notes (and fewer to typeset on a busy machine).
      const formula = (i + line) % 5 === 0 ? '缩放后 $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$ 的分布更平滑' : '缩放后分布更平滑';
      parts.push(`第 ${i} 问的回答第 ${line + 1} 段：点积的方差随维度增长，softmax 会饱和，梯度变小；${formula}，训练更稳定。\n`);
    }
  }
  return parts.join('\n');
}

let folder: string;
test.beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'lattice-reading-aids-'));
  mkdirSync(join(folder, 'notes'));
  writeFileSync(join(folder, 'notes', 'long-interview.md'), longNote());
  // An export tool named this file; it has no title and no # heading.
  writeFileSync(
    join(folder, 'notes', '2024-03-11-8f3a2b1c.md'),
    '## KV 缓存为什么省显存\n\n缓存每层的 K 和 V，解码时不再重算前缀。\n\n## 代价\n\n显存随序列长度线性增长。\n',
  );
});
test.afterEach(() => rmSync(folder, { recursive: true, force: true }));

const IMPORTED = /新增 2|2 added/;
const scroller = (page: Page) => page.getByTestId('reader-scroll');
const activeEntry = (page: Page) => page.locator('.toc a[aria-current="location"]');

/** The section whose heading a person sees at the top of the reading area (the last heading at or above its top edge). */
function sectionAtTop(page: Page): Promise<string> {
  return scroller(page).evaluate((box) => {
    const top = box.getBoundingClientRect().top + 24;
    let current = '';
    for (const h of Array.from(box.querySelectorAll<HTMLElement>('.note-body h1, .note-body h3'))) {
      if (h.getBoundingClientRect().top <= top) current = h.textContent ?? '';
    }
    return current;
  });
}

/** Whether the active entry lies inside the visible part of the contents' scroll box. */
function isActiveEntryInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const link = document.querySelector('.toc a[aria-current="location"]');
    const box = document.querySelector('.reader-toc');
    if (!link || !box) return false;
    const a = link.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return a.top >= b.top && a.bottom <= b.bottom;
  });
}

test.describe('the table of contents follows the reader', () => {
  test('in a 120-section note: the section at the top is active and in view in the contents, the last sections become active at the end', async ({
    lattice,
  }) => {
    test.setTimeout(90_000);
    const { page } = lattice;
    await page.setViewportSize({ width: 1280, height: 800 });
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await openNote(page, LONG_TITLE);
    await expect(page.locator('.toc li')).toHaveCount(SECTIONS + 1);

    // Reading down with the mouse wheel: the entry follows, page itself never scrolls.
    await scroller(page).hover();
    for (const steps of [3, 8, 12]) {
      for (let i = 0; i < steps; i++) await page.mouse.wheel(0, 1000);
      await expect(async () => {
        // Compared by question number: the heading shows its formula typeset, the contents entry as text.
        const top = /^第 \d+ 问/.exec(await sectionAtTop(page))?.[0];
        expect(top).toBeDefined();
        expect(await activeEntry(page).textContent()).toMatch(new RegExp(`^${top}：`));
        expect(await isActiveEntryInView(page)).toBe(true);
      }).toPass();
      expect(await page.evaluate(() => [scrollX, scrollY, document.scrollingElement?.scrollTop ?? 0])).toEqual([0, 0, 0]);
    }
    // Well down a long note, the contents scrolled with it.
    expect(await page.locator('.reader-toc').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);

    // The end of the note: the last section is active, and on the way there each of the short last ones was.
    const seen = new Set<string>();
    const max = await scroller(page).evaluate((el) => el.scrollHeight - el.clientHeight);
    const height = await scroller(page).evaluate((el) => el.clientHeight);
    const seenOnTheWay = await scroller(page).evaluate(
      async (el, { max, height }) => {
        const seen: string[] = [];
        for (let top = max - height; top <= max; top += 30) {
          el.scrollTo({ top: Math.min(top, max) });
          // A frame for the scroll event and the contents to follow.
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          seen.push(document.querySelector('.toc a[aria-current="location"]')?.textContent ?? '');
        }
        return seen;
      },
      { max, height },
    );
    for (const entry of seenOnTheWay) seen.add(entry);
    await page.keyboard.press('End');
    await scroller(page).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(activeEntry(page)).toHaveText(/^第 120 问/);
    expect(await isActiveEntryInView(page)).toBe(true);
    for (let i = SECTIONS - 5; i <= SECTIONS; i++)
      expect(
        [...seen].some((t) => t.startsWith(`第 ${i} 问`)),
        `第 ${i} 问 active near the end`,
      ).toBe(true);

    // Choosing one of the last entries makes it the active one, though its heading cannot reach the top.
    await page.locator('.toc a', { hasText: /^第 118 问/ }).click();
    await expect(activeEntry(page)).toHaveText(/^第 118 问/);
    // A sleep on purpose: what is tested is that the scroll spy does NOT take the choice back once the jump's
    // scroll events have been handled, and nothing on screen marks that moment; 300 ms is several frames past it.
    await page.waitForTimeout(300);
    await expect(activeEntry(page)).toHaveText(/^第 118 问/);
    expect(await page.evaluate(() => scrollY)).toBe(0);
  });
});

test.describe('annotations do only what was asked', () => {
  test('Comment then Cancel leaves no highlight, no annotation and no sidebar, also after a reload', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await openNote(page, LONG_TITLE);
    await expect(page.getByTestId('annotation-sidebar')).toBeHidden();

    await dragSelect(page, '点积的方差随维度增长');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Comment|评论)$/ })
      .click();
    const editor = page.getByTestId('annotation-sidebar').getByRole('textbox', { name: /Comment|评论/ });
    await expect(editor).toBeFocused();
    await editor.fill('写了一半');
    await page
      .getByTestId('annotation-sidebar')
      .getByRole('button', { name: /^(Cancel|取消)$/ })
      .click();

    await expect(page.locator('.note-body mark.annotation')).toHaveCount(0);
    await expect(page.getByTestId('annotation-sidebar')).toBeHidden();
    await lattice.reload();
    await expect(page.locator('.note-body[data-painted]')).toHaveAttribute('data-painted', '0');
    await expect(page.locator('.note-body mark.annotation')).toHaveCount(0);
    await page
      .getByRole('link', { name: /^(批注|Annotations)$/ })
      .first()
      .click();
    await expect(page.locator('.annotation-card')).toHaveCount(0);
  });

  test('Cancel pressed while a slow host’s comment preview arrives still cancels the comment', async ({ lattice }) => {
    test.skip(lattice.transport !== 'web', "page.route holds the browser host's answers; the desktop app's IPC cannot be held");
    const { page } = lattice;
    // The preview's answer is held until the person has pressed the mouse on Cancel (a busy CI machine, a slow disk).
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = (): void => undefined;
    const isAsked = new Promise<void>((resolve) => (asked = resolve));
    await page.route('**/api/annotations.previewComment', async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await openNote(page, LONG_TITLE);
    await dragSelect(page, '点积的方差随维度增长');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Comment|评论)$/ })
      .click();
    const sidebar = page.getByTestId('annotation-sidebar');
    const editor = sidebar.getByRole('textbox', { name: /Comment|评论/ });
    await editor.fill('写了一半');
    await isAsked;

    const cancel = sidebar.getByRole('button', { name: /^(Cancel|取消)$/ });
    const box = await cancel.boundingBox();
    if (!box) throw new Error('Cancel is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    release();
    await expect(sidebar.locator('.comment-preview')).toContainText('写了一半');
    await page.mouse.up();

    await expect(editor).toHaveCount(0);
    await expect(page.locator('.note-body mark.annotation')).toHaveCount(0);
    await expect(page.getByTestId('annotation-sidebar')).toBeHidden();
  });

  test('a comment being written survives renaming the note meanwhile', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await openNote(page, 'KV 缓存为什么省显存');
    await dragSelect(page, '不再重算前缀');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Comment|评论)$/ })
      .click();
    const sidebar = page.getByTestId('annotation-sidebar');
    const editor = sidebar.getByRole('textbox', { name: /Comment|评论/ });
    await editor.fill('写到一半');

    // The reader takes the renamed note from the store: the same note, a new object.
    await page.getByRole('button', { name: /重命名|Rename/ }).click();
    await page.getByRole('textbox', { name: /笔记标题|Title of this note/ }).fill('我的 KV 缓存复习');
    await page.getByRole('textbox', { name: /笔记标题|Title of this note/ }).press('Enter');
    await expect(page.locator('.note-title')).toHaveText('我的 KV 缓存复习');

    await expect(editor).toHaveValue('写到一半');
    await sidebar.getByRole('button', { name: /^(Save|保存)$/ }).click();
    await expect(sidebar.locator('.comment-body')).toContainText('写到一半');
    await expect(page.locator('.note-body mark.annotation')).toHaveText('不再重算前缀');
  });

  test('Escape in a new comment cancels it too; a saved comment stays with its sidebar', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await openNote(page, LONG_TITLE);
    await dragSelect(page, '点积的方差随维度增长');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Comment|评论)$/ })
      .click();
    // As a person would: Escape once the new comment's box is there to type in (it takes the focus).
    await expect(page.getByTestId('annotation-sidebar').getByRole('textbox', { name: /Comment|评论/ })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.locator('.note-body mark.annotation')).toHaveCount(0);

    await dragSelect(page, 'softmax 会饱和');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Comment|评论)$/ })
      .click();
    const sidebar = page.getByTestId('annotation-sidebar');
    await sidebar.getByRole('textbox', { name: /Comment|评论/ }).fill('面试常问');
    await sidebar.getByRole('button', { name: /^(Save|保存)$/ }).click();
    await expect(page.locator('.note-body mark.annotation')).toHaveText('softmax 会饱和');
    await expect(sidebar.locator('.comment-body')).toContainText('面试常问');
  });

  test('the toolbar says Add to sheet keeps a highlight', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await openNote(page, LONG_TITLE);
    await dragSelect(page, '点积的方差随维度增长');
    const add = page.getByRole('toolbar').getByRole('button', { name: /加入速查表（留下高亮）|Add to sheet \(keeps a highlight\)/ });
    await expect(add).toBeVisible();
    await expect(add).toHaveAttribute('title', /留下高亮|Leaves a highlight/);
    await add.click();
    await expect(page.locator('.note-body mark.annotation')).toHaveText('点积的方差随维度增长');
  });

  test('the sidebar closes on a note with no annotations unless pinned, and the pin is remembered', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await openNote(page, LONG_TITLE);
    await dragSelect(page, '点积的方差随维度增长');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Highlight yellow|黄色高亮)$/ })
      .click();
    await page.getByRole('button', { name: /^(Show annotations|显示批注)/ }).click();
    const sidebar = page.getByTestId('annotation-sidebar');
    await expect(sidebar.locator('.annotation-card')).toHaveCount(1);

    await openNote(page, 'KV 缓存为什么省显存');
    await expect(sidebar).toBeHidden();
    await expect(page.getByRole('button', { name: /^(Show annotations|显示批注)/ })).toBeVisible();
    await openNote(page, LONG_TITLE);
    await expect(sidebar.locator('.annotation-card')).toHaveCount(1);

    const pin = sidebar.getByRole('button', { name: /^(Keep open|保持打开)$/ });
    await pin.click();
    await expect(pin).toHaveAttribute('aria-pressed', 'true');
    await openNote(page, 'KV 缓存为什么省显存');
    await expect(sidebar).toBeVisible();
    await expect(sidebar).toContainText(/No annotations yet|还没有批注/);
    await lattice.reload();
    await expect(page.locator('.note-body[data-painted]')).toBeVisible();
    await expect(sidebar).toBeVisible();
    await expect(sidebar.getByRole('button', { name: /^(Keep open|保持打开)$/ })).toHaveAttribute('aria-pressed', 'true');
  });
});

test.describe('titles people can read', () => {
  test('a machine-named note is titled by its first heading; renaming it shows the new title in the library and reader after a reload', async ({
    lattice,
  }) => {
    const { page } = lattice;
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await page.getByRole('link', { name: /^(笔记库|Library)$/ }).click();
    await expect(page.locator('.note-card', { hasText: 'KV 缓存为什么省显存' })).toBeVisible();
    await expect(page.locator('.note-card', { hasText: '8f3a2b1c' })).toHaveCount(0);

    await openNote(page, 'KV 缓存为什么省显存');
    await page.getByRole('button', { name: /重命名|Rename/ }).click();
    const input = page.getByRole('textbox', { name: /笔记标题|Title of this note/ });
    await expect(input).toHaveValue('KV 缓存为什么省显存');
    await input.fill('我的 KV 缓存复习');
    await page.getByRole('button', { name: /^(保存|Save)$/ }).click();
    await expect(page.locator('.note-title')).toHaveText('我的 KV 缓存复习');

    await lattice.reload();
    await expect(page.locator('.note-title')).toHaveText('我的 KV 缓存复习');
    await page.getByRole('link', { name: /^(笔记库|Library)$/ }).click();
    await expect(page.locator('.note-card', { hasText: '我的 KV 缓存复习' })).toBeVisible();

    // An empty name gives the note its title from the file again.
    await openNote(page, '我的 KV 缓存复习');
    await page.getByRole('button', { name: /重命名|Rename/ }).click();
    await page.getByRole('textbox', { name: /笔记标题|Title of this note/ }).fill('');
    await page.getByRole('button', { name: /^(保存|Save)$/ }).click();
    // The note opens with the heading its title comes from: the title is not shown twice.
    await expect(page.locator('.note-title')).toHaveCount(0);
    await expect(page.locator('.note-body h2').first()).toHaveText('KV 缓存为什么省显存');
    await page.getByRole('link', { name: /^(笔记库|Library)$/ }).click();
    await expect(page.locator('.note-card', { hasText: 'KV 缓存为什么省显存' })).toBeVisible();
    await expect(page.locator('.note-card', { hasText: '我的 KV 缓存复习' })).toHaveCount(0);
  });
});

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Rectangles of the note's visible text and typeset formulas, and of the named controls. */
function layout(page: Page): Promise<{ text: Box[]; controls: Record<string, Box | null>; selectionTop: number | null }> {
  return page.evaluate(() => {
    const plain = (r: DOMRect): Box => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const body = document.querySelector('.note-body') as HTMLElement;
    const view = (document.querySelector('[data-testid="reader-scroll"]') as HTMLElement).getBoundingClientRect();
    const text: Box[] = [];
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!(node as Text).data.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of Array.from(range.getClientRects()))
        if (r.bottom > view.top && r.top < view.bottom && r.width > 0) text.push(plain(r));
    }
    for (const math of Array.from(body.querySelectorAll('.katex'))) {
      const r = math.getBoundingClientRect();
      if (r.bottom > view.top && r.top < view.bottom) text.push(plain(r));
    }
    const box = (selector: string): Box | null => {
      const el = document.querySelector(selector);
      return el ? plain(el.getBoundingClientRect()) : null;
    };
    const selection = getSelection();
    const selectionTop =
      selection && selection.rangeCount > 0 && !selection.isCollapsed ? (selection.getRangeAt(0).getClientRects()[0]?.top ?? null) : null;
    return {
      text,
      controls: { toggle: box('.annotation-toggle'), toolbar: box('.selection-toolbar'), rename: box('.note-rename-button') },
      selectionTop,
    };
  });
}

const overlaps = (a: Box, b: Box): boolean =>
  a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

const SIZES = [
  { width: 900, height: 700 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

test.describe('nothing lies over the note', () => {
  test('at 900×700, 1280×800 and 1920×1080 the annotate button never covers text or formulas, and the selection toolbar leaves the line above the selection visible', async ({
    lattice,
  }) => {
    test.setTimeout(120_000);
    const { page } = lattice;
    await importNotes(lattice, join(folder, 'notes'), IMPORTED);
    await openNote(page, LONG_TITLE);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const top of [0, 2500, 9000]) {
        await scroller(page).evaluate((el, top) => el.scrollTo({ top }), top);
        // Measured once the page is still: formulas typeset as they come on screen, and the controls follow the scroll.
        let seen = '';
        await expect
          .poll(
            async () => {
              const now = JSON.stringify(await layout(page));
              const isStill = now === seen;
              seen = now;
              return isStill;
            },
            { intervals: [150] },
          )
          .toBe(true);
        const { text, controls } = JSON.parse(seen) as Awaited<ReturnType<typeof layout>>;
        expect(text.length).toBeGreaterThan(5);
        for (const name of ['toggle', 'rename'] as const) {
          const control = controls[name];
          if (!control) continue;
          const hit = text.find((t) => overlaps(t, control));
          expect(hit, `${name} over text at ${size.width}×${size.height}, scrolled to ${top}`).toBeUndefined();
        }
      }

      await dragSelect(page, `第 40 问的回答第 1 段`);
      await expect(page.getByRole('toolbar')).toBeVisible();
      const { text, controls, selectionTop } = await layout(page);
      const toolbar = controls.toolbar as Box;
      expect(selectionTop).not.toBeNull();
      // Every line at or above the selection's first line stays uncovered.
      const above = text.filter((t) => t.bottom <= (selectionTop ?? 0) + 2 && t.bottom > 0);
      expect(above.length).toBeGreaterThan(0);
      expect(
        above.find((t) => overlaps(t, toolbar)),
        `toolbar over the lines above at ${size.width}×${size.height}`,
      ).toBeUndefined();
      const toggle = controls.toggle;
      if (toggle) expect(text.find((t) => overlaps(t, toggle))).toBeUndefined();
      // The toolbar fits in the window, and nothing makes the page wider than it (the reader's edges stay on screen).
      expect(toolbar.left).toBeGreaterThanOrEqual(0);
      expect(toolbar.right).toBeLessThanOrEqual(size.width);
      expect(await page.evaluate(() => [document.documentElement.scrollWidth, scrollX])).toEqual([size.width, 0]);
      await page.mouse.click(5, size.height - 5);
    }
  });
});
