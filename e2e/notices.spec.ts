import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { dragSelect, importNotes, openNote } from './reading.js';
import { shootAtSizes } from './screens.js';

/**
 * Lattice tells and asks through its own notices (a toast, a modal dialog),
 * never the browser's alert/confirm: they follow the theme and language, keep
 * the keyboard, and word a failed call by its API error type.
 */

let folder: string;
test.beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'lattice-notices-'));
  mkdirSync(join(folder, 'notes'));
  writeFileSync(
    join(folder, 'notes', 'links.md'),
    '# 链接笔记\n\n参见 [[不存在的笔记]]，以及 [外部文章](https://example.org/attention)。\n\n缩放点积注意力 $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$ 让训练更稳定。\n',
  );
});
test.afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Fails the test on any native dialog: the page must not use them. */
function refuseNativeDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

const shots = shootAtSizes;

test('a missing wikilink is said in a toast; an outside link asks first in a dialog that keeps the keyboard', async ({ lattice }) => {
  const { page } = lattice;
  const natives = refuseNativeDialogs(page);
  await importNotes(lattice, join(folder, 'notes'), /新增 1|1 added/);
  await openNote(page, '链接笔记');

  await page.locator('.note-body a.wikilink').click();
  const toast = page.getByRole('status').filter({ hasText: /不存在的笔记/ });
  await expect(toast).toContainText(/No note named “不存在的笔记”|笔记库中没有名为“不存在的笔记”的笔记/);
  await shots(page, 'toast-info');
  await toast.getByRole('button', { name: /Dismiss|关闭通知/ }).click();
  await expect(toast).toHaveCount(0);

  if (lattice.transport === 'web') {
    // The desktop app asks in its own native dialog (main process); the page asks in the browser.
    const popups: string[] = [];
    page.on('popup', (popup) => popups.push(popup.url()));
    const link = page.locator('.note-body a', { hasText: '外部文章' });
    await link.click();
    const question = page.getByRole('alertdialog');
    await expect(question).toContainText('https://example.org/attention');
    await expect(question.getByRole('button', { name: /^(Open|打开)$/ })).toBeFocused();
    await shots(page, 'dialog');
    // Tab stays in the dialog, between its two buttons.
    await page.keyboard.press('Tab');
    await expect(question.getByRole('button', { name: /^(Cancel|取消)$/ })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(question.getByRole('button', { name: /^(Open|打开)$/ })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(link).toBeFocused();
    // A sleep on purpose: that NO window opens after Escape is what is tested, and an absence has no event to wait for.
    await page.waitForTimeout(300);
    expect(popups).toEqual([]);
  }
  expect(natives).toEqual([]);
});

test('a failed call is worded by its error type, and an internal one keeps its reference until dismissed', async ({ lattice }) => {
  test.skip(lattice.transport !== 'web', "page.route answers for the browser host; the desktop app's IPC cannot be faked");
  const { page } = lattice;
  const natives = refuseNativeDialogs(page);
  await importNotes(lattice, join(folder, 'notes'), /新增 1|1 added/);
  await openNote(page, '链接笔记');

  let answer = { type: 'NotFound', message: 'note 1 not found' };
  await page.route('**/api/annotations.create', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: answer }) }),
  );

  await dragSelect(page, '让训练更稳定');
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /^(Comment|评论)$/ })
    .click();
  const notFound = page.getByRole('alert').filter({ hasText: 'note 1 not found' });
  await expect(notFound).toContainText(/It is no longer there|它已经不在了/);

  answer = { type: 'Internal', message: 'annotations.create failed unexpectedly (error 1a2b3c4d; the details are in the log)' };
  await dragSelect(page, '让训练更稳定');
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /^(Comment|评论)$/ })
    .click();
  const internal = page.getByRole('alert').filter({ hasText: '1a2b3c4d' });
  await expect(internal).toContainText(/Something went wrong inside Lattice|Lattice 内部出错/);
  await expect(internal).toContainText(/Diagnostics|诊断信息/);
  await shots(page, 'toast-error');
  // Errors stay (their reference is to be read and quoted) until the person dismisses them. A sleep on purpose:
  // that the notice does NOT go when an information notice would have (after its 6 s) is what is tested.
  await page.waitForTimeout(6500);
  await expect(internal).toBeVisible();
  await internal.getByRole('button', { name: /Dismiss|关闭通知/ }).click();
  await expect(internal).toHaveCount(0);
  await expect(page.locator('.note-body mark.annotation')).toHaveCount(0);
  expect(natives).toEqual([]);
});
