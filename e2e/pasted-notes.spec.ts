import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { dragSelect, importNotes, openNote } from './reading.js';

/*
 * A note written the way interview notes are pasted together (numbered
 * questions with tab-indented answers, one thought per line, a second group of
 * points opening on its label's line, an empty `-` bullet, bare URLs), read in
 * the real reader: it must show the author's lines and numbers, and its text
 * must map onto the projection so annotations can go anywhere in it.
 */

const FOLDER = join(import.meta.dirname, 'fixtures', 'pasted-notes');

/** The lines the reader shows, as a person reads them off the screen. */
async function shownLines(page: Page): Promise<string[]> {
  const text = await page.locator('.note-body').innerText();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

test('a pasted note reads line by line as its author wrote it', async ({ lattice }, testInfo) => {
  const { page } = lattice;
  const disagreements: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('disagree')) disagreements.push(message.text());
  });
  await importNotes(lattice, FOLDER, /新增 1|1 added/);
  await openNote(page, '面试笔记整理');

  const lines = await shownLines(page);
  for (const line of [
    '因为自回归解码每一步都要用到之前所有token的K和V，如果不缓存就要重复计算。而缓存之后则只需要计算新token的K和V，再和缓存拼接起来就行了。',
    '归纳为4类：分布式优化、低比特优化、访存优化、其他',
    '访存优化：减少gpu对hbm的读写（flashattention）',
    '服务并发优化：continues batching、dynamic batching、async serveing',
    '其他：投机采样、medusa heads、lookahead decoding',
    '生成环节：1.事实准确性：回答和文档是否一致',
    '相似度计算：(n,d)*(d,n)=O(n^2 d)，再加权：(n,n)*(n,d)=O(n^2 d)',
    '参考：',
    'https://example.com/posts/kv-cache',
    'Accuracy',
    'TODO',
  ]) {
    expect(lines, line).toContain(line);
  }

  mkdirSync(join('test-results', 'screenshots'), { recursive: true });
  const shot = join('test-results', 'screenshots', `pasted-note-${testInfo.project.name}.png`);
  await page.locator('.note-body li', { hasText: '生成环节' }).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot });
  await testInfo.attach('pasted note', { path: shot, contentType: 'image/png' });

  // The second group of points is its own list, numbered from 2 as written.
  const lists = await page.locator('.note-body ol').evaluateAll((ols) =>
    ols.map((ol) => ({
      start: ol.getAttribute('start'),
      items: Array.from(ol.children, (li) => (li as HTMLElement).innerText.split('\n')[0]),
    })),
  );
  expect(lists).toContainEqual({ start: null, items: ['召回率：topk结果里相关文档的比例', '精确率：结果里相关文档的比例'] });
  expect(lists).toContainEqual({ start: '2', items: ['关键词重合度', '文本相似度'] });

  // The empty bullet made no heading: the table of contents lists the five questions.
  await expect(page.locator('.note-body h2, .note-body h3')).toHaveCount(0);
  await expect(page.locator('.toc a')).toHaveText([
    '为什么要做KV缓存',
    '推理优化有哪些方向',
    'RAG如何评估',
    '数据怎么准备',
    '复杂度怎么算',
  ]);

  // A highlight on a line the author kept apart lands there, and is there after a reload.
  await dragSelect(page, '对hbm的读写');
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /^(Highlight yellow|黄色高亮)$/ })
    .click();
  await expect(page.locator('.note-body mark.annotation-yellow')).toHaveText('对hbm的读写');
  await lattice.reload();
  await expect(page.locator('.note-body[data-painted="1"]')).toBeVisible();
  await expect(page.locator('.note-body mark.annotation-yellow')).toHaveText('对hbm的读写');
  expect(disagreements).toEqual([]);
});
