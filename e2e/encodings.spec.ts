import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { expect, importFolder, test } from './fixtures.js';

// Notes saved by Windows editors, imported through the Import screen (a folder
// upload in the browser, the folder dialog in the desktop app) and read.
const GBK_NOTE = `# 注意力机制面试题

## 为什么要除以根号 d_k？

点积随维度增大，softmax 会进入梯度很小的区域：$\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$。
`;
const BIG5_NOTE = '# 量化筆記\n\n權重量化到 int8，推理時反量化。\n';
const CP1252_NOTE = '# Reward models\n\nThe \u201creward model\u201d scores answers \u2014 it\u2019s trained on preferences.\n';

test('notes saved as GBK, Big5 and Windows-1252 read as written, with a warning naming the encoding', async ({ lattice }) => {
  const { page } = lattice;
  const folder = mkdtempSync(join(tmpdir(), 'lattice-encodings-ui-'));
  const notes = join(folder, 'windows-notes');
  mkdirSync(notes);
  writeFileSync(join(notes, 'attention.md'), iconv.encode(GBK_NOTE.replace(/\n/g, '\r\n'), 'gbk'));
  writeFileSync(join(notes, 'quantization.md'), iconv.encode(BIG5_NOTE, 'big5'));
  writeFileSync(join(notes, 'reward.md'), iconv.encode(CP1252_NOTE, 'windows-1252'));
  try {
    await page
      .getByRole('link', { name: /导入|Import/ })
      .first()
      .click();
    await importFolder(lattice, notes);
    const report = page.getByTestId('import-report');
    await expect(report).toContainText(/新增 3|3 added/, { timeout: 30_000 });
    await expect(report).toContainText(/失败 0|0 failed/);
    await expect(report).toContainText('attention.md: decoded as GBK: the file is not UTF-8');
    await expect(report).toContainText('quantization.md: decoded as Big5: the file is not UTF-8');
    await expect(report).toContainText('reward.md: decoded as Windows-1252: the file is not UTF-8');

    await page
      .getByRole('link', { name: /笔记库|Library/ })
      .first()
      .click();
    await page.locator('.note-card', { hasText: '注意力机制面试题' }).click();
    await expect(page.locator('.note-body h2')).toHaveText(/为什么要除以根号 d_k？/);
    await expect(page.locator('.note-body')).toContainText('点积随维度增大，softmax 会进入梯度很小的区域');
    await expect(page.locator('.note-body .katex').first()).toBeVisible();
    await expect(page.locator('.note-body')).not.toContainText('\uFFFD');
    const warnings = page.locator('details.notice.warning');
    await warnings.locator('summary').click();
    await expect(warnings).toContainText('decoded as GBK: the file is not UTF-8');

    await page
      .getByRole('link', { name: /笔记库|Library/ })
      .first()
      .click();
    await page.locator('.note-card', { hasText: '量化筆記' }).click();
    await expect(page.locator('.note-body')).toContainText('權重量化到 int8，推理時反量化。');

    await page
      .getByRole('link', { name: /笔记库|Library/ })
      .first()
      .click();
    await page.locator('.note-card', { hasText: 'Reward models' }).click();
    await expect(page.locator('.note-body')).toContainText(
      'The \u201creward model\u201d scores answers \u2014 it\u2019s trained on preferences.',
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
