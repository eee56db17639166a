import type { Page } from '@playwright/test';
import { expect, importFolder } from './fixtures.js';
import type { LatticeApp } from './fixtures.js';

/** What the specs that read notes do the way a person would: import, open a note, select words in it. */

/** Imports `folder` through the Import screen and waits for the report to say `report`. */
export async function importNotes(lattice: LatticeApp, folder: string, report: RegExp): Promise<void> {
  const { page } = lattice;
  await page
    .getByRole('link', { name: /导入|Import/ })
    .first()
    .click();
  await importFolder(lattice, folder);
  await expect(page.getByTestId('import-report')).toContainText(report);
}

/** Opens the note titled `title` from the library and waits until the reader has painted it. */
export async function openNote(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: /^(笔记库|Library)$/ }).click();
  await page.locator('.note-card', { hasText: title }).first().click();
  await expect(page.locator('.note-body[data-painted]')).toBeVisible();
}

interface DragBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Where `text` first occurs in the note's running text (not in a link, a concept underline, a heading or a callout), scrolled on screen. */
function locate(page: Page, text: string): Promise<DragBox> {
  return page.evaluate((text) => {
    const body = document.querySelector('.note-body') as HTMLElement;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf(text);
      if (at < 0 || (node.parentElement as HTMLElement).closest('a, .concept-mention, h1, h2, h3, .callout')) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const rects = Array.from(range.getClientRects());
      const first = rects[0] as DOMRect;
      const last = rects[rects.length - 1] as DOMRect;
      if (first.top < 80 || last.bottom > innerHeight - 80) (node.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    }
    throw new Error(`"${text}" is not in the note's running text`);
  }, text);
}

/**
 * Selects `text` by dragging the mouse across it, as a person would. Formulas
 * and diagrams typeset as they come on screen and move the text after it was
 * measured, so the drag waits until the text stays put, and is made again
 * until the selection is exactly `text`.
 */
export async function dragSelect(page: Page, text: string): Promise<void> {
  await expect(async () => {
    // Still when two looks a quarter second apart agree (typesetting is asynchronous: two frames apart is not enough).
    // The first look only records where the text is.
    let box: DragBox | undefined;
    await expect
      .poll(
        async () => {
          const again = await locate(page, text);
          const isStill = box !== undefined && JSON.stringify(again) === JSON.stringify(box);
          box = again;
          return isStill;
        },
        { intervals: [250] },
      )
      .toBe(true);
    if (!box) throw new Error(`"${text}" was never measured`);
    await page.mouse.move(box.x1, box.y1);
    await page.mouse.down();
    await page.mouse.move(box.x2, box.y2, { steps: 8 });
    await page.mouse.up();
    expect(await page.evaluate(() => getSelection()?.toString() ?? '')).toBe(text);
  }).toPass({ timeout: 20_000 });
}
