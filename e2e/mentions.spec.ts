import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { importNotes, openNote } from './reading.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'mentions');
const TITLE = '检索与位置编码';
/** The concept drawn as "重排 Rerank": named by either of its names. */
const RERANK = /重排|Rerank/;
const OPEN = /打开“(重排|Rerank)”|Open (重排|Rerank)/;

/** The underlined 重排 in the paragraph holding `words`. */
const rerankIn = (page: Page, words: string) =>
  page.locator('.note-body p', { hasText: words }).locator('span.concept-mention', { hasText: /^重排$/ });

test('a person turns off one wrong underline, undoes it, and it stays off after re-import until turned back on', async ({ lattice }) => {
  const { page } = lattice;
  const folder = join(mkdtempSync(join(tmpdir(), 'lattice-mentions-')), 'mention-notes');
  cpSync(FIXTURES, folder, { recursive: true });
  await importNotes(lattice, folder, /新增 1|1 added/);
  await openNote(page, TITLE);

  // 重排 is the concept in the retrieval chain, and only a reordering of matrices in RoPE.
  await expect(rerankIn(page, '召回、重排')).toHaveCount(1);
  const wrong = rerankIn(page, '投影矩阵');
  await expect(wrong).toHaveCount(1);
  // "Reference:" before a link is not underlined at all.
  await expect(page.locator('.note-body span.concept-mention', { hasText: /Reference/ })).toHaveCount(0);

  await wrong.click();
  const popover = page.getByRole('dialog', { name: RERANK });
  await expect(popover.getByRole('button', { name: OPEN })).toBeFocused();
  await popover.getByRole('button', { name: /这里不是这个概念|Not this concept here/ }).click();
  await expect(popover.getByRole('status')).toContainText(/已取消|turned off/);
  await expect(wrong).toHaveCount(0);
  await expect(rerankIn(page, '召回、重排')).toHaveCount(1);
  // The popover stands clear of the line it is about.
  const box = await popover.boundingBox();
  const line = await page.locator('.note-body p', { hasText: '投影矩阵' }).boundingBox();
  expect(box && line && (box.y >= line.y + line.height - 1 || box.y + box.height <= line.y + 1)).toBe(true);

  // Undo puts it back at once.
  await popover.getByRole('button', { name: /撤销|Undo/ }).click();
  await expect(popover).toHaveCount(0);
  await expect(wrong).toHaveCount(1);

  // Off again, from the keyboard this time; Escape closes the popover.
  await wrong.focus();
  await page.keyboard.press('Enter');
  await expect(popover.getByRole('button', { name: OPEN })).toBeFocused();
  await popover.getByRole('button', { name: /这里不是这个概念|Not this concept here/ }).click();
  await expect(popover.getByRole('status')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(popover).toHaveCount(0);
  await expect(wrong).toHaveCount(0);

  // The note changes elsewhere and is imported again: the underline stays off, the right one stays on.
  const note = join(folder, 'rag-and-rope.md');
  writeFileSync(note, readFileSync(note, 'utf8').replace('三个环节。', '三个环节。重排决定了最终放进 prompt 的文档。'));
  await importNotes(lattice, folder, /更新 1|1 updated/);
  await page.reload();
  await openNote(page, TITLE);
  await expect(page.locator('.note-body[data-concept-links]:not([data-concept-links="0"])')).toBeVisible();
  await expect(rerankIn(page, '召回、重排')).toHaveCount(1);
  await expect(page.locator('.note-body p', { hasText: '投影矩阵' })).toBeVisible();
  await expect(rerankIn(page, '投影矩阵')).toHaveCount(0);

  // The concept's page lists it; turning it back on there brings the underline back in the note.
  await rerankIn(page, '召回、重排').click();
  await page.getByRole('dialog', { name: RERANK }).getByRole('button', { name: OPEN }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^(重排|Rerank)$/ })).toBeVisible();
  const hidden = page.locator('.hidden-mentions li');
  await expect(hidden).toHaveCount(1);
  await expect(hidden).toContainText(TITLE);
  await expect(hidden).toContainText('投影矩阵做对应的重排');
  await hidden.getByRole('button', { name: /恢复下划线|Underline again/ }).click();
  await expect(page.locator('.hidden-mentions')).toHaveCount(0);
  await openNote(page, TITLE);
  await expect(rerankIn(page, '投影矩阵')).toHaveCount(1);
});
