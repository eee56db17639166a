import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import iconv from 'iconv-lite';
import { expect, importFolder, repoRoot, test } from './fixtures.js';
import type { LatticeApp } from './fixtures.js';
import { dragSelect } from './reading.js';
import { chooseTheme, shoot } from './screens.js';

const NOTE =
  '# 我的注意力速记\n\n缩放点积注意力：$\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V$。\n\n### 为什么要除以 √d_k？\n防止点积过大，softmax 饱和。\n';

/**
 * Imports `folder` by its path, as a folder the person keeps on disk: the
 * folder dialog in the desktop app; in the browser host, `lattice import`
 * into the host's data directory (the page cannot name paths), which the
 * host picks up and watches when the library is next read.
 */
async function importByPath(lattice: LatticeApp, folder: string): Promise<void> {
  if (lattice.transport === 'electron') {
    await lattice.page
      .locator('.topbar .nav')
      .getByRole('link', { name: /^(导入|Import)$/ })
      .click();
    await importFolder(lattice, folder);
    await expect(lattice.page.getByTestId('import-report')).toBeVisible({ timeout: 30_000 });
  } else {
    execFileSync(process.execPath, [join(repoRoot, 'bin', 'lattice.js'), '--data-dir', lattice.dataDir, 'import', folder], {
      stdio: 'pipe',
    });
    await lattice.reload();
  }
}

const openLibrary = (page: Page) =>
  page
    .locator('.topbar .nav')
    .getByRole('link', { name: /^(笔记库|Library)$/ })
    .click();

/** Imports the vault's folder by its path and gives its row on the library screen, once the row says it synced. */
async function importedFolderRow(lattice: LatticeApp, folder: string): Promise<Locator> {
  await importByPath(lattice, folder);
  await openLibrary(lattice.page);
  const row = lattice.page.getByTestId('folder-sync').filter({ hasText: 'transformer-笔记' });
  await expect(row).toContainText(/已同步|synced/, { timeout: 15_000 });
  return row;
}

function makeVault(): { root: string; folder: string } {
  const root = mkdtempSync(join(tmpdir(), 'lattice-watched-'));
  const folder = join(root, 'transformer-笔记');
  mkdirSync(join(folder, '.git'), { recursive: true });
  writeFileSync(join(folder, '注意力.md'), NOTE);
  writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  return { root, folder };
}

test('editing a watched file on disk updates the open note within seconds, and the library shows the sync', async ({ lattice }) => {
  const { page } = lattice;
  const { root, folder } = makeVault();
  try {
    const row = await importedFolderRow(lattice, folder);
    await expect(row.getByRole('checkbox', { name: /监视|Watch/ })).toBeChecked();

    await page.locator('.note-card', { hasText: '我的注意力速记' }).click();
    await expect(page.locator('.note-body .katex').first()).toBeVisible();
    await expect(page.locator('.note-body')).not.toContainText('多头注意力');
    await dragSelect(page, '防止点积过大');
    await page
      .getByRole('toolbar')
      .getByRole('button', { name: /^(Highlight yellow|黄色高亮)$/ })
      .click();
    const mark = page.locator('.note-body mark.annotation');
    await expect(mark).toHaveText('防止点积过大');

    // The person edits the note in their own editor while Lattice shows it: text above the highlight, a section after it.
    const edited =
      NOTE.replace('# 我的注意力速记\n', '# 我的注意力速记\n\n开头新加的一句话。\n') +
      '\n### 多头注意力有什么好处？\n不同的头关注不同的子空间。\n';
    writeFileSync(join(folder, '注意力.md'), edited);
    await expect(page.locator('.note-body')).toContainText('不同的头关注不同的子空间', { timeout: 8_000 });
    await expect(page.locator('.reader-toc')).toContainText('多头注意力有什么好处');
    // The highlight moved with its words.
    await expect(mark).toHaveText('防止点积过大');

    await openLibrary(page);
    await expect(row).toContainText(/修改 1|1 changed/);

    // A note added by a `git pull` appears in the library without a click.
    writeFileSync(join(folder, 'KV 缓存速记.md'), '# KV 缓存速记\n\n缓存 $K$、$V$，省显存。\n');
    await expect(page.locator('.note-card', { hasText: 'KV 缓存速记' })).toBeVisible({ timeout: 8_000 });
    await expect(row).toContainText(/新增 1|1 added/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** The note saved by a tool that damaged it: GBK with a byte that is never GBK (0xFF), so one character cannot be decoded. */
function damaged(text: string): Buffer {
  return Buffer.concat([iconv.encode(text, 'gbk'), Buffer.from([0xff, 0x0a])]);
}

test('a watched file saved so that it cannot be read: the open note says it is the version imported before, the library lists the file, until it reads again', async ({
  lattice,
}) => {
  const { page } = lattice;
  const { root, folder } = makeVault();
  try {
    const row = await importedFolderRow(lattice, folder);
    await expect(row.getByTestId('folder-unread')).toHaveCount(0);
    await page.locator('.note-card', { hasText: '我的注意力速记' }).click();
    await expect(page.locator('.note-body .katex').first()).toBeVisible();
    await expect(page.getByTestId('reader-unread')).toHaveCount(0);

    writeFileSync(join(folder, '注意力.md'), damaged(NOTE + '\n### 多头注意力有什么好处？\n不同的头关注不同的子空间。\n'));
    const notice = page.getByTestId('reader-unread');
    await expect(notice).toContainText(/无法读取|could not read/, { timeout: 8_000 });
    await expect(notice).toContainText('not updated: read as GBK');
    // What is shown is the version imported before, whole: its formula typeset, nothing of the damaged file.
    await expect(page.locator('.note-body')).toContainText('防止点积过大');
    await expect(page.locator('.note-body')).not.toContainText('多头注意力');
    await expect(page.locator('.note-body .katex').first()).toBeVisible();

    await openLibrary(page);
    const unread = row.getByTestId('folder-unread');
    await expect(unread).toContainText(/1 个文件已改变但无法读取|A file changed but could not be read/);
    await expect(unread.locator('li')).toHaveText([/^注意力\.md: not updated: read as GBK/]);

    // Saved again as UTF-8: read, shown, and nothing is owed any more.
    writeFileSync(join(folder, '注意力.md'), NOTE + '\n### 多头注意力有什么好处？\n不同的头关注不同的子空间。\n');
    await expect(unread).toHaveCount(0, { timeout: 8_000 });
    await expect(row).toContainText(/修改 1|1 changed/);
    await page.locator('.note-card', { hasText: '我的注意力速记' }).click();
    await expect(page.locator('.note-body')).toContainText('不同的头关注不同的子空间');
    await expect(page.getByTestId('reader-unread')).toHaveCount(0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the reader opens the note’s file (desktop) or copies its path (browser); an uploaded folder says it cannot be watched', async ({
  lattice,
}) => {
  const { page } = lattice;
  const { root, folder } = makeVault();
  try {
    await importByPath(lattice, folder);
    await openLibrary(page);
    await page.locator('.note-card', { hasText: '我的注意力速记' }).click();
    await expect(page.locator('.note-body .katex').first()).toBeVisible();
    if (lattice.transport === 'web') {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lattice.origin });
      await page.getByRole('button', { name: /^(复制文件路径|Copy file path)$/ }).click();
      await expect(page.getByRole('status').filter({ hasText: /已复制文件路径|File path copied/ })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(join(folder, '注意力.md'));
      await page.getByRole('button', { name: /^(复制文件夹路径|Copy folder path)$/ }).click();
      // The copy waits for the host's answer: the clipboard holds the folder once it has come.
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(folder);
    } else {
      await expect(page.getByRole('button', { name: /^(打开文件|Open the file)$/ })).toBeVisible();
      await expect(page.getByRole('button', { name: /^(在文件夹中显示|Show in folder)$/ })).toBeVisible();
    }

    if (lattice.transport === 'web') {
      // The browser's upload: copies, nothing to watch.
      const uploaded = join(root, '上传的笔记');
      mkdirSync(uploaded);
      writeFileSync(join(uploaded, 'a.md'), '# 上传的速记\n');
      await page
        .locator('.topbar .nav')
        .getByRole('link', { name: /^(导入|Import)$/ })
        .click();
      await importFolder(lattice, uploaded);
      await expect(page.getByTestId('import-report')).toContainText(/新增 1|1 added/, { timeout: 30_000 });
      await openLibrary(page);
      const row = page.getByTestId('folder-sync').filter({ hasText: '上传的笔记' });
      await expect(row).toContainText(/无法监视|cannot be watched/);
      await expect(row.getByRole('checkbox')).toHaveCount(0);
      // Its notes have no file of the person's to open or copy.
      await page.locator('.note-card', { hasText: '上传的速记' }).click();
      await expect(page.locator('.note-body')).toContainText('上传的速记');
      await expect(page.getByRole('button', { name: /复制文件路径|Copy file path/ })).toHaveCount(0);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the folder rows and the reader’s file buttons in both themes and three sizes (screenshots under $LATTICE_SHOTS)', async ({
  lattice,
}) => {
  test.skip(!process.env.LATTICE_SHOTS, 'screenshots are taken only when asked for');
  const { page } = lattice;
  const { root, folder } = makeVault();
  const gone = join(root, '移动硬盘上的笔记');
  mkdirSync(gone);
  writeFileSync(join(gone, 'a.md'), '# 拔掉的盘\n');
  try {
    await importByPath(lattice, folder);
    await importByPath(lattice, gone);
    await openLibrary(page);
    rmSync(gone, { recursive: true });
    await expect(page.getByTestId('folder-sync').filter({ hasText: '移动硬盘上的笔记' })).toContainText(/找不到|missing/, {
      timeout: 10_000,
    });
    // A note saved so that it cannot be read, and a new file too large to import: the row lists both, the reader says so.
    writeFileSync(join(folder, '注意力.md'), damaged(NOTE + '\n补充。\n'));
    writeFileSync(join(folder, '整本书的导出.md'), `# 导出\n\n${'很长的一行。'.repeat(700_000)}\n`);
    await expect(page.getByTestId('folder-unread').locator('li')).toHaveCount(2, { timeout: 15_000 });
    for (const theme of ['light', 'dark'] as const) {
      await chooseTheme(page, theme);
      for (const [width, height] of [
        [900, 700],
        [1280, 800],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await openLibrary(page);
        await expect(page.getByTestId('folder-sync').first()).toBeVisible();
        await shoot(page, `library-folders-${theme}-${width}x${height}`);
        await page.locator('.note-card', { hasText: '我的注意力速记' }).click();
        await expect(page.locator('.note-body .katex').first()).toBeVisible();
        await shoot(page, `reader-file-buttons-${theme}-${width}x${height}`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
