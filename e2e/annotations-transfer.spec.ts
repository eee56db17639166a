import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { callApi, expect, test } from './fixtures.js';
import { dragSelect, importNotes, openNote } from './reading.js';
import { shootAtSizes } from './screens.js';

/**
 * Annotations leave and come back through the UI: every annotation as W3C Web
 * Annotation JSON from the All annotations screen (a download), read back
 * from a file the person picks, and one note's highlights and comments as
 * Markdown from the reader.
 */

let folder: string;
test.beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'lattice-transfer-'));
  mkdirSync(join(folder, 'notes'));
  writeFileSync(
    join(folder, 'notes', 'attention.md'),
    '# 注意力复习\n\n## 为什么要缩放？\n\n点积的方差随维度增长，点积的方差随维度增长，所以除以 $\\sqrt{d_k}$ 让训练更稳定。\n\n## KV 缓存\n\n解码时缓存每层的 K 和 V，不再重算前缀。\n',
  );
});
test.afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Clicks `button` and returns the downloaded file's name and text. */
async function download(page: Page, button: Locator, testInfo: TestInfo): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = testInfo.outputPath(file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

async function annotate(page: Page, phrase: string, comment: string): Promise<void> {
  await dragSelect(page, phrase);
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /^(Comment|评论)$/ })
    .click();
  const sidebar = page.getByTestId('annotation-sidebar');
  await sidebar.getByRole('textbox', { name: /Comment|评论/ }).fill(comment);
  await sidebar.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await expect(sidebar.getByRole('textbox', { name: /Comment|评论/ })).toHaveCount(0);
  await expect(sidebar.locator('.comment-body')).not.toHaveCount(0);
}

test('annotations exported as JSON from the UI come back through an import, which says what it added, found and could not place', async ({
  lattice,
}, testInfo) => {
  const { page } = lattice;
  await importNotes(lattice, join(folder, 'notes'), /新增 1|1 added/);
  await openNote(page, '注意力复习');
  await annotate(page, '点积的方差随维度增长', '面试常问');
  await annotate(page, '不再重算前缀', '省计算，费显存');

  await page
    .getByRole('link', { name: /^(批注|Annotations)$/ })
    .first()
    .click();
  await expect(page.locator('.annotation-row')).toHaveCount(2);
  const exported = await download(page, page.getByRole('button', { name: /Export all \(JSON\)|全部导出/ }), testInfo);
  expect(exported.name).toMatch(/^lattice-annotations-\d{4}-\d{2}-\d{2}\.json$/);
  const document = JSON.parse(exported.text) as {
    type: string;
    items: { id: string; type: string; body?: unknown; target: { selector: { type: string; exact?: string }[] } }[];
  };
  expect(document.type).toBe('AnnotationCollection');
  expect(document.items).toHaveLength(2);
  expect(document.items.every((item) => item.type === 'Annotation')).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: /2 annotations exported|已导出 2 条批注/ })).toBeVisible();

  // One is deleted here; one more comes from elsewhere whose text is not in this note.
  const kept = await callApi<{ id: string; quote: { exact: string } }[]>(page, 'annotations.list', {});
  const gone = kept.find((a) => a.quote.exact === '不再重算前缀');
  await callApi(page, 'annotations.delete', { id: gone?.id });
  const stranger = structuredClone(document.items[0]) as (typeof document.items)[number];
  stranger.id = 'urn:uuid:6f1c2e4a-9b3d-4c5e-8f7a-1b2c3d4e5f60';
  for (const selector of stranger.target.selector) if (selector.type === 'TextQuoteSelector') selector.exact = '这句话不在笔记里出现过';
  const file = testInfo.outputPath('to-import.json');
  writeFileSync(file, JSON.stringify({ ...document, items: [...document.items, stranger] }));

  await page.reload();
  await expect(page.locator('.annotation-row')).toHaveCount(1);
  await page.getByTestId('annotation-import-file').setInputFiles(file);
  const report = page.getByTestId('annotation-import-report');
  await expect(report).toContainText(
    /1 added, 1 already here \(updated\), 1 could not be anchored|新增 1 条，已存在 1 条（已更新），1 条无法定位/,
  );
  await expect(page.locator('.annotation-row')).toHaveCount(3);
  await expect(page.locator('.annotation-row', { hasText: '不再重算前缀' })).toContainText('省计算，费显存');
  await expect(page.locator('.annotation-row', { hasText: '这句话不在笔记里出现过' }).locator('.badge')).toHaveText(/orphan|孤立/i);
  await shootAtSizes(page, 'all-annotations-import');

  // A file that is not JSON is refused with its name, and nothing changes.
  const broken = testInfo.outputPath('notes.json');
  writeFileSync(broken, '{ not json');
  await page.getByTestId('annotation-import-file').setInputFiles(broken);
  await expect(page.getByRole('alert').filter({ hasText: /“notes\.json” is not a JSON file|“notes\.json”不是 JSON 文件/ })).toBeVisible();
  await expect(page.locator('.annotation-row')).toHaveCount(3);
});

test('one note’s highlights and comments download as Markdown with their headings, and a hostile comment stays text', async ({
  lattice,
}, testInfo) => {
  const { page } = lattice;
  await importNotes(lattice, join(folder, 'notes'), /新增 1|1 added/);
  await openNote(page, '注意力复习');
  await annotate(page, '点积的方差随维度增长', '[点我](javascript:alert(1)) <img src=x onerror=alert(2)>');
  await annotate(page, '不再重算前缀', '公式 $O(n)$');

  const sidebar = page.getByTestId('annotation-sidebar');
  const exported = await download(page, sidebar.getByRole('button', { name: /Export as Markdown|导出为 Markdown/ }), testInfo);
  expect(exported.name).toBe('注意力复习 annotations.md');
  expect(exported.text).toMatch(/^# (Highlights and comments|高亮与批注)：?:? ?注意力复习/);
  expect(exported.text).toMatch(/## \[注意力复习 › 为什么要缩放？\]\(<file:\/\/\/[^>]*attention\.md#/);
  expect(exported.text).toContain('> 点积的方差随维度增长');
  expect(exported.text).toContain('\\[点我\\](javascript:alert(1)) \\<img src=x onerror=alert(2)>');
  expect(exported.text).toContain('公式 $O(n)$');
  expect(exported.text.indexOf('点积的方差随维度增长')).toBeLessThan(exported.text.indexOf('不再重算前缀'));
  await expect(page.getByRole('status').filter({ hasText: /注意力复习 annotations\.md/ })).toBeVisible();
  await shootAtSizes(page, 'reader-export-markdown');
});
