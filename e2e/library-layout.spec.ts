import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { importNotes } from './reading.js';

/**
 * The library's cards stay where they were drawn: the mastery marks are read
 * after the cards are on screen, and a click being made on a card while they
 * arrive must open that card's note (it once landed between two cards, as
 * the legend and the cards' mastery lines pushed the grid down under the
 * pressed mouse).
 */

let folder: string;

test.beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'lattice-library-layout-'));
  // One note whose questions make cards, one with no question at all.
  writeFileSync(
    join(folder, '布局测试问答.md'),
    '# 布局测试问答\n\n### 为什么要做 KV 缓存？\n\n解码时不重复计算前文的 K 和 V。\n\n### RLHF 分几步？\n\nSFT → RM → PPO。\n',
  );
  writeFileSync(join(folder, '布局测试随笔.md'), '# 布局测试随笔\n\n今天读了注意力机制的论文，记下几个词：缩放、掩码、多头。\n');
});

test.afterEach(() => rmSync(folder, { recursive: true, force: true }));

test('a click pressed on a card while the mastery marks arrive opens that note', async ({ lattice }) => {
  test.skip(lattice.transport !== 'web', "page.route holds the browser host's answers; the desktop app's IPC cannot be held");
  const { page } = lattice;
  await importNotes(lattice, folder, /新增 2|2 added/);

  // The marks are held until the person has pressed the mouse on a card (a busy machine, a large library).
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = (): void => undefined;
  const isAsked = new Promise<void>((resolve) => (asked = resolve));
  await page.route('**/api/stats.mastery', async (route) => {
    asked();
    await held;
    await route.continue();
  });
  await page.getByRole('link', { name: /^(笔记库|Library)$/ }).click();
  await isAsked;
  // Filtered to the two notes, the cards are at the top of the page, where nothing scrolls to make up for a shift.
  await page.getByRole('searchbox').fill('布局测试');
  const card = page.locator('.note-card', { hasText: '布局测试问答' });
  const plain = page.locator('.note-card', { hasText: '布局测试随笔' });
  await expect(card).toBeVisible();
  await expect(plain).toBeVisible();
  const before = await card.boundingBox();
  const plainBefore = await plain.boundingBox();
  if (!before || !plainBefore) throw new Error('the cards are not on screen');

  // Pressed near the card's top edge, as a quick click often is.
  await page.mouse.move(before.x + before.width / 2, before.y + 4);
  await page.mouse.down();
  release();
  await expect(card.locator('.mastery-mark')).toHaveAttribute('data-mastery', 'unstudied');
  await page.mouse.up();

  await expect(page.locator('.note-body[data-painted]')).toBeVisible();
  await expect(page.locator('.note-body').getByRole('heading', { level: 1 })).toHaveText('布局测试问答');

  // Neither card moved nor changed size when the marks came: the one with cards shows its mark, the other says it has none.
  await page.goBack();
  await page.getByRole('searchbox').fill('布局测试');
  await expect(card.locator('.mastery-mark')).toBeVisible();
  await expect(plain).toContainText(/No cards|没有卡片/);
  expect(await card.boundingBox()).toEqual(before);
  expect(await plain.boundingBox()).toEqual(plainBefore);
});
