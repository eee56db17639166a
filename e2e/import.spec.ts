import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, importFolder, test } from './fixtures.js';

test('importing a folder through the UI shows progress, then the counts and the new notes', async ({ lattice }) => {
  const { page } = lattice;
  const folder = mkdtempSync(join(tmpdir(), 'lattice-import-ui-'));
  const notes = join(folder, '面试笔记');
  mkdirSync(join(notes, '推理'), { recursive: true });
  for (let i = 0; i < 240; i++) {
    writeFileSync(
      join(notes, '推理', `q-${i}.md`),
      `# 推理优化问题 ${i}\n\n### 为什么 KV cache 能省显存？\n缓存 $K$ 和 $V$，第 ${i} 题。\n`,
    );
  }
  writeFileSync(join(notes, '显存估算.md'), '---\ntitle: 显存估算速记\n---\n$$M = 2 \\cdot L \\cdot d$$\n');
  writeFileSync(join(notes, 'broken.md'), Buffer.from([0x23, 0x20, 0x00, 0xff]));
  try {
    await page
      .getByRole('link', { name: /导入|Import/ })
      .first()
      .click();
    // Record whether the progress bar ever appeared, however fast the import is.
    await page.evaluate(() => {
      const seen = { progress: false };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      new MutationObserver(() => {
        if (document.querySelector('.import-progress [role=progressbar]')) seen.progress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await importFolder(lattice, notes);
    const report = page.getByTestId('import-report');
    await expect(report).toContainText(/新增 241|241 added/, { timeout: 30_000 });
    await expect(report).toContainText(/失败 1|1 failed/);
    await expect(report).toContainText('broken.md');
    expect(await page.evaluate(() => (window as unknown as { __seen: { progress: boolean } }).__seen.progress)).toBe(true);

    await page
      .getByRole('link', { name: /笔记库|Library/ })
      .first()
      .click();
    // A folder of 240 notes is paged, not 240 cards at once.
    const questions = page.locator('.note-card', { hasText: '推理优化问题' });
    await expect(questions).toHaveCount(24);
    await page.getByRole('button', { name: /再显示 96 篇（共 240 篇）|Show 96 more \(of 240\)/ }).click();
    await expect(questions).toHaveCount(120);

    await page.getByRole('searchbox', { name: /筛选|Filter/ }).fill('显存估算');
    await expect(page.locator('.note-card', { hasText: '显存估算速记' })).toBeVisible();
    await page.locator('.note-card', { hasText: '显存估算速记' }).click();
    await expect(page.locator('.note-body .katex-display')).toBeVisible();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
