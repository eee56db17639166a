import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, importFolder, test } from './fixtures.js';

// A note far longer than a person writes opens with its first screen while
// the rest is appended in parts; the table of contents and the last line
// still work once it is all there (issue 14).

const SECTIONS = 3_000;
const ROWS = 20_000;

function longNote(): string {
  const sections = Array.from(
    { length: SECTIONS },
    (_, i) =>
      `## 第 ${i} 题：什么是 KV 缓存？\n\n解码时缓存每层的 K 和 V，**避免**重复计算，第 ${i} 次。\n\n- 显存随序列长度增长\n- 见 [[注意力]]\n`,
  ).join('\n');
  const rows = Array.from({ length: ROWS }, (_, i) => `| LLaMA-${i} | ${i}B |`).join('\n');
  return `# 超长笔记\n\n开头第一段。\n\n${sections}\n\n| 模型 | 参数 |\n| --- | --- |\n${rows}\n\n最后一行：到此为止。\n`;
}

test('a very long note shows its first screen before the rest, then all of it', async ({ lattice }) => {
  test.setTimeout(180_000);
  const { page } = lattice;
  const folder = mkdtempSync(join(tmpdir(), 'lattice-long-note-'));
  const notes = join(folder, 'long');
  mkdirSync(notes);
  writeFileSync(join(notes, 'long.md'), longNote());
  try {
    await page
      .getByRole('link', { name: /导入|Import/ })
      .first()
      .click();
    await importFolder(lattice, notes);
    await expect(page.getByTestId('import-report')).toContainText(/新增 1|1 added/, { timeout: 60_000 });

    await page
      .getByRole('link', { name: /笔记库|Library/ })
      .first()
      .click();
    const body = page.locator('.note-body');
    const opened = Date.now();
    await page.locator('.note-card', { hasText: '超长笔记' }).click();
    await expect(page.locator('.note-body[data-first-screen]')).toBeAttached({ timeout: 30_000 });
    const firstScreenMs = Date.now() - opened;
    await expect(body.getByRole('heading', { name: '超长笔记', level: 1 })).toBeVisible();
    await expect(body).toContainText('开头第一段。');

    // Then the rest, to the last line.
    await expect(page.locator('.note-body[data-complete]')).toBeAttached({ timeout: 60_000 });
    const completeMs = Date.now() - opened;
    test.info().annotations.push({ type: 'timing', description: `first screen ${firstScreenMs} ms, whole note ${completeMs} ms` });
    await expect(body.locator('p').last()).toHaveText('最后一行：到此为止。');
    await expect(body.locator('td', { hasText: /^LLaMA-19999$/ })).toHaveCount(1);
    await expect(body.locator('h2')).toHaveCount(SECTIONS);

    // The table of contents reaches the last section.
    const toc = page.locator('.toc a');
    await toc.last().click();
    const heading = body.getByRole('heading', { name: `第 ${SECTIONS - 1} 题：什么是 KV 缓存？`, exact: true });
    await expect(async () => {
      const box = await heading.boundingBox();
      const scroller = await page.getByTestId('reader-scroll').boundingBox();
      expect(box && scroller && box.y - scroller.y).toBeLessThan(140);
    }).toPass();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a note in one huge paragraph shows its first screen, then every word, with no gap where its parts meet', async ({ lattice }) => {
  test.setTimeout(180_000);
  const { page } = lattice;
  const folder = mkdtempSync(join(tmpdir(), 'lattice-one-line-'));
  const notes = join(folder, 'one-line');
  mkdirSync(notes);
  // One line of 60,000 words (about 500 KB) and a word no line can hold.
  const words = Array.from({ length: 60_000 }, (_, i) => `词${i}`).join(' ');
  writeFileSync(join(notes, 'one-line.md'), `# 一整段\n\n开头 ${'['.repeat(20_000)} ${words} 结尾。\n`);
  try {
    await page
      .getByRole('link', { name: /导入|Import/ })
      .first()
      .click();
    await importFolder(lattice, notes);
    await expect(page.getByTestId('import-report')).toContainText(/新增 1|1 added/, { timeout: 60_000 });
    await page
      .getByRole('link', { name: /笔记库|Library/ })
      .first()
      .click();
    await page.locator('.note-card', { hasText: '一整段' }).click();
    const body = page.locator('.note-body');
    await expect(page.locator('.note-body[data-first-screen]')).toBeAttached({ timeout: 30_000 });
    await expect(body).toContainText('开头 [[[[');
    await expect(page.locator('.note-body[data-complete]')).toBeAttached({ timeout: 60_000 });

    // Every word is on the page once, in order, and nothing is wider than the page.
    const text = await body.locator('p').allTextContents();
    const joined = text.join('');
    expect(joined).toBe(`开头 ${'['.repeat(20_000)} ${words} 结尾。`);
    const overflow = await body.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    // The paragraph went on page after page in parts: where they meet, no blank line.
    const parts = body.locator('p');
    expect(await parts.count()).toBeGreaterThan(1);
    const gaps = await body.evaluate((el) => {
      const paragraphs = Array.from(el.querySelectorAll('p'));
      return paragraphs
        .slice(1)
        .map((p, i) => p.getBoundingClientRect().top - (paragraphs[i] as HTMLElement).getBoundingClientRect().bottom);
    });
    for (const gap of gaps) expect(gap).toBeLessThan(2);
    await page.getByTestId('reader-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(body.getByText(/结尾。$/)).toBeInViewport();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
