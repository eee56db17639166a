import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { callApi, expect, test } from './fixtures.js';
import { lowContrastControls } from './contrast.js';
import { dragSelect, importNotes, openNote } from './reading.js';
import { chooseTheme } from './screens.js';

/** Fixtures of our own, in the style of real question banks: ### questions, some with no answer yet, and prose. */
const BANK = `---
title: 注意力题库
tags: [面试]
---
# 注意力题库

### 为什么要除以 $\\sqrt{d_k}$？

点积的方差随 $d_k$ 增大，softmax 会饱和。

### 什么是 GQA？

分组共享 KV 头，显存更省。

### KV cache 为什么能加速推理？

### MQA 和 GQA 有什么区别？
`;

const PROSE = `# Softmax 笔记

温度系数控制分布的平滑程度。温度越低，分布越尖锐。

缩放点积注意力先把 $QK^T$ 除以 $\\sqrt{d_k}$，再做 softmax 得到权重。
`;

let folder: string;
const bankPath = () => join(folder, 'bank.md');

test.beforeEach(() => {
  folder = join(mkdtempSync(join(tmpdir(), 'lattice-drill-cards-')), 'notes');
  mkdirSync(folder);
  writeFileSync(bankPath(), BANK);
  writeFileSync(join(folder, 'prose.md'), PROSE);
});
test.afterEach(() => rmSync(join(folder, '..'), { recursive: true, force: true }));

interface ListedCard {
  id: string;
  question: string;
  state: string;
}

async function noteIdOf(page: Page, title: string): Promise<number> {
  const notes = await callApi<{ id: number; title: string }[]>(page, 'notes.list', {});
  const found = notes.find((n) => n.title === title);
  if (!found) throw new Error(`no note ${title}`);
  return found.id;
}

async function cardsOf(page: Page, title: string): Promise<ListedCard[]> {
  return callApi<ListedCard[]>(page, 'drills.list', { noteId: await noteIdOf(page, title) });
}

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), hash);
}

test.describe('orphaned cards', () => {
  test('a question deleted from its note leaves an orphan with its reviews; re-attached, it takes a new question’s place', async ({
    lattice,
  }) => {
    const { page } = lattice;
    await importNotes(lattice, folder, /新增 2|2 added/);
    const gqa = (await cardsOf(page, '注意力题库')).find((c) => c.question === '什么是 GQA？')!;
    await callApi(page, 'drills.grade', { cardId: gqa.id, rating: 3, reviewId: 'e2e-1' });
    await callApi(page, 'drills.grade', { cardId: gqa.id, rating: 3, reviewId: 'e2e-2' });

    writeFileSync(
      bankPath(),
      BANK.replace('### 什么是 GQA？\n\n分组共享 KV 头，显存更省。\n', '### GQA 的组数怎么选？\n\n在显存和质量之间折中。\n'),
    );
    await importNotes(lattice, folder, /更新 1|1 updated/);

    await go(page, '#/drills/orphans');
    const orphan = page.locator('.managed-card', { hasText: '什么是 GQA？' });
    await expect(orphan).toBeVisible();
    await expect(orphan).toContainText(/2 reviews|2 次复习/);
    await expect(orphan.getByRole('link', { name: '注意力题库' })).toBeVisible();

    await orphan.getByRole('button', { name: /^(Re-attach|重新挂接)$/ }).click();
    await orphan.getByRole('button', { name: /GQA 的组数怎么选？/ }).click();
    await expect(page.getByRole('status')).toContainText(/GQA 的组数怎么选？/);
    await expect(page.locator('.managed-card', { hasText: '什么是 GQA？' })).toHaveCount(0);
    await expect(page.getByText(/No orphaned cards|没有孤立的卡片/)).toBeVisible();

    // The card kept its id and history on the new question.
    const card = await callApi<{ card: { id: string; reps: number; question: string; isOrphan: boolean } }>(page, 'drills.card', {
      cardId: gqa.id,
    });
    expect(card.card).toMatchObject({ question: 'GQA 的组数怎么选？', reps: 2, isOrphan: false });
    expect(readFileSync(bankPath(), 'utf8')).not.toContain('什么是 GQA？');
  });

  test('deleting an orphan says how many reviews go with it', async ({ lattice }) => {
    const { page } = lattice;
    await importNotes(lattice, folder, /新增 2|2 added/);
    const gqa = (await cardsOf(page, '注意力题库')).find((c) => c.question === '什么是 GQA？')!;
    await callApi(page, 'drills.grade', { cardId: gqa.id, rating: 4, reviewId: 'e2e-1' });
    writeFileSync(bankPath(), BANK.replace('### 什么是 GQA？\n\n分组共享 KV 头，显存更省。\n', ''));
    await importNotes(lattice, folder, /更新 1|1 updated/);

    await go(page, '#/drills/orphans');
    const orphan = page.locator('.managed-card', { hasText: '什么是 GQA？' });
    await orphan.getByRole('button', { name: /^(Delete|删除)$/ }).click();
    await expect(orphan.getByRole('alert')).toContainText(/its 1 review|1 次复习/);
    await orphan.getByRole('button', { name: /^(Delete card|删除卡片)$/ }).click();
    await expect(page.getByRole('status')).toContainText(/Card deleted with its 1 review|1 次复习记录已删除/);
    await expect(page.locator('.managed-card', { hasText: '什么是 GQA？' })).toHaveCount(0);
    expect((await cardsOf(page, '注意力题库')).map((c) => c.id)).not.toContain(gqa.id);
  });
});

test('writing an answer for an unanswered question: the preview typesets a formula; once saved the card is due', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, folder, /新增 2|2 added/);
  const noteId = await noteIdOf(page, '注意力题库');
  const deck = { kind: 'note', noteId };
  const before = await callApi<{ byState: { unanswered: number }; dueToday: { new: number } }>(page, 'drills.stats', { deck });
  expect(before.dueToday.new).toBe(2);

  await go(page, `#/drills/unanswered?deck=note:${noteId}`);
  const items = page.locator('.unanswered-item');
  await expect(items).toHaveCount(2);
  const item = items.filter({ hasText: 'KV cache 为什么能加速推理？' });
  await item.getByRole('textbox').fill('缓存历史的 K、V：每步只算新 token，复杂度 $O(n^2)$ 降为 $O(n)$。');
  const preview = item.locator('.answer-preview');
  await expect(preview.locator('.katex').first()).toBeVisible();
  await expect(preview).toContainText('缓存历史的 K、V');
  await item.getByRole('button', { name: /^(Save answer|保存答案)$/ }).click();

  await expect(page.getByRole('status')).toContainText(/now enters review|进入复习/);
  await expect(items).toHaveCount(1);
  const after = await callApi<{ dueToday: { new: number } }>(page, 'drills.stats', { deck });
  expect(after.dueToday.new).toBe(3);
  // Stored with the card, never in the note file.
  expect(readFileSync(bankPath(), 'utf8')).toBe(BANK);
});

test('making a card from a selection: the typed question, the selected words as the answer', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, folder, /新增 2|2 added/);
  await openNote(page, 'Softmax 笔记');
  await dragSelect(page, '温度系数控制分布的平滑程度');
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /^(Make a card|制作卡片)$/ })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('blockquote')).toHaveText('温度系数控制分布的平滑程度');
  await dialog.getByRole('textbox').fill('温度系数 $T$ 控制什么？');
  await expect(dialog.locator('.make-card-preview .katex')).toBeVisible();
  await dialog.getByRole('button', { name: /^(Make a card|制作卡片)$/ }).click();
  await expect(dialog.getByRole('status')).toContainText(/Card made|卡片已制作/);
  await dialog.getByRole('button', { name: /^(Close|关闭)$/ }).click();
  await expect(dialog).toBeHidden();

  const cards = await cardsOf(page, 'Softmax 笔记');
  const made = cards.find((c) => c.question === '温度系数 $T$ 控制什么？');
  expect(made?.state).toBe('new');
  const view = await callApi<{ answerHtml: string; card: { kind: string } }>(page, 'drills.card', { cardId: made!.id });
  expect(view.card.kind).toBe('manual');
  expect(view.answerHtml).toBe('<p>温度系数控制分布的平滑程度</p>');
});

test('a cloze card from a highlight, only when asked', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, folder, /新增 2|2 added/);
  await openNote(page, 'Softmax 笔记');
  const before = (await cardsOf(page, 'Softmax 笔记')).length;
  await dragSelect(page, '平滑程度');
  await page
    .getByRole('toolbar')
    .getByRole('button', { name: /^(Highlight yellow|黄色高亮)$/ })
    .click();
  await expect(page.locator('.note-body mark.annotation')).toHaveText('平滑程度');
  // A highlight alone never makes a card.
  expect((await cardsOf(page, 'Softmax 笔记')).length).toBe(before);

  const toggle = page.getByRole('button', { name: /^(Show annotations|显示批注)/ });
  if (await toggle.isVisible()) await toggle.click();
  const sidebar = page.getByTestId('annotation-sidebar');
  await sidebar.getByRole('button', { name: /^(Make a cloze card|制作填空卡)$/ }).click();
  await expect(sidebar.getByRole('status')).toContainText(/Cloze card made|填空卡已制作/);

  const cards = await cardsOf(page, 'Softmax 笔记');
  expect(cards).toHaveLength(before + 1);
  const cloze = cards.find((c) => c.question === '温度系数控制分布的平滑程度。')!;
  const view = await callApi<{ questionHtml: string; answerHtml: string; card: { kind: string } }>(page, 'drills.card', {
    cardId: cloze.id,
  });
  expect(view.card.kind).toBe('cloze');
  expect(view.questionHtml).toBe('<p>温度系数控制分布的<span class="cloze-gap">[……]</span>。</p>');
  expect(view.answerHtml).toBe('<p>平滑程度</p>');
});

test('the screens for questions to answer and orphaned cards read at 4.5:1 or better in both themes', async ({ lattice }) => {
  const { page } = lattice;
  await importNotes(lattice, folder, /新增 2|2 added/);
  const gqa = (await cardsOf(page, '注意力题库')).find((c) => c.question === '什么是 GQA？')!;
  await callApi(page, 'drills.grade', { cardId: gqa.id, rating: 3, reviewId: 'e2e-1' });
  writeFileSync(bankPath(), BANK.replace('### 什么是 GQA？\n\n分组共享 KV 头，显存更省。\n', ''));
  await importNotes(lattice, folder, /更新 1|1 updated/);
  const offenders: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await chooseTheme(page, theme);
    await go(page, '#/drills/unanswered');
    await page.locator('.unanswered-item').first().getByRole('textbox').fill('答案 $x^2$');
    await expect(page.locator('.answer-preview .katex').first()).toBeVisible();
    for (const found of await lowContrastControls(page))
      offenders.push(`${theme} unanswered: ${found.control} “${found.text}” ${found.ratio}:1`);
    await go(page, '#/drills/orphans');
    const orphan = page.locator('.managed-card', { hasText: '什么是 GQA？' });
    await orphan.getByRole('button', { name: /^(Re-attach|重新挂接)$/ }).click();
    await expect(orphan.locator('.target').first()).toBeVisible();
    for (const found of await lowContrastControls(page))
      offenders.push(`${theme} orphans: ${found.control} “${found.text}” ${found.ratio}:1`);
  }
  expect(offenders).toEqual([]);
});
