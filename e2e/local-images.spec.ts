import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { callApi, expect, importFolder, test } from './fixtures.js';

// A vault as Obsidian and Typora users keep one: pictures beside the notes, an
// attachments folder for pasted images, a picture outside the vault, a remote
// one. Imported through the Import screen and read.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A width×height RGB PNG with a two-colour gradient, so a screenshot shows it. */
function gradientPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(40 + Math.round((180 * x) / width), 90 + Math.round((120 * y) / height), 200);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const DIAGRAM_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="360" height="110" viewBox="0 0 360 110" onload="window.__pwned = true">
  <script>window.__pwned = true</script>
  <rect x="5" y="30" width="90" height="50" rx="8" fill="#dbeafe" stroke="#1d4ed8"/>
  <rect x="135" y="30" width="90" height="50" rx="8" fill="#dcfce7" stroke="#15803d"/>
  <rect x="265" y="30" width="90" height="50" rx="8" fill="#fef3c7" stroke="#b45309"/>
  <path d="M95 55 H135 M225 55 H265" stroke="#333" stroke-width="2"/>
  <text x="50" y="60" text-anchor="middle" font-size="16">SFT</text>
  <text x="180" y="60" text-anchor="middle" font-size="16">奖励模型</text>
  <text x="310" y="60" text-anchor="middle" font-size="16">PPO</text>
</svg>
`;

const NOTE = `# 注意力与对齐的图

## 结构图

![注意力热力图](img/attention.png)

流水线（Obsidian 粘贴的图）：

![[Pasted image 20240311.svg|300]]

## 不会显示的图

![秘密](../../secret.png)

![伪装的图](img/fake.png)

![远程图片](https://pic.example.com/rlhf.png)
`;

function write(root: string, relPath: string, content: string | Buffer): void {
  const abs = join(root, relPath);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

async function openImageNote(page: Page): Promise<void> {
  await page
    .getByRole('link', { name: /笔记库|Library/ })
    .first()
    .click();
  await page.locator('.note-card', { hasText: '注意力与对齐的图' }).click();
  await expect(page.locator('.note-body h1')).toHaveText('注意力与对齐的图');
}

test('a note shows the pictures beside it, and says why one outside its folder is not shown', async ({ lattice }) => {
  const { page } = lattice;
  const folder = mkdtempSync(join(tmpdir(), 'lattice-images-ui-'));
  const vault = join(folder, 'vault');
  write(vault, 'ml/对齐.md', NOTE);
  write(vault, 'ml/img/attention.png', gradientPng(240, 120));
  write(vault, 'ml/img/fake.png', '这不是图片\n');
  write(vault, 'attachments/Pasted image 20240311.svg', DIAGRAM_SVG);
  writeFileSync(join(folder, 'secret.png'), gradientPng(8, 8));
  try {
    await page
      .getByRole('link', { name: /导入|Import/ })
      .first()
      .click();
    await importFolder(lattice, vault);
    await expect(page.getByTestId('import-report')).toContainText(/新增 1|1 added/, { timeout: 30_000 });
    await openImageNote(page);

    const png = page.locator('.note-body .note-image img[alt="注意力热力图"]');
    await expect(png).toBeVisible();
    await expect(png).toHaveAttribute('src', /^\/media\/[0-9a-f]{64}$/);
    await expect.poll(() => png.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    await expect(page.locator('.note-body .note-image .image-caption')).toHaveText('注意力热力图');

    // The Obsidian embed, found in attachments/, drawn at the width it asks for, its script gone.
    const svg = page.locator('.note-body .note-image img[width="300"]');
    await svg.scrollIntoViewIfNeeded();
    await expect.poll(() => svg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await svg.evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width)).toBeCloseTo(300, 0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();

    const outside = page.locator('.note-body .image-placeholder', { hasText: '秘密' });
    await expect(outside).toHaveAttribute('data-problem', 'outside');
    await expect(outside).toHaveAttribute('data-reason', /位于导入的文件夹之外|outside the imported folder/);
    await expect(page.locator('.note-body .image-placeholder', { hasText: '伪装的图' })).toHaveAttribute(
      'data-reason',
      /不是 PNG|not a PNG/,
    );
    // What the reason says is on screen (drawn by CSS after the placeholder's text).
    const shown = await outside.evaluate((element) => getComputedStyle(element, '::after').content);
    expect(shown).toMatch(/secret\.png.*(位于导入的文件夹之外|outside the imported folder)/);

    // A remote picture is never fetched: a placeholder, with its link to copy.
    const remote = page.locator('.note-body .image-placeholder', { hasText: '远程图片' });
    await expect(remote).toHaveAttribute('data-host', 'pic.example.com');
    const copy = page.locator('.note-body .remote-image-copy');
    await expect(copy).toHaveAttribute('aria-label', /复制链接|Copy link/);
    await copy.click();
    await expect(copy).toHaveAttribute('data-copied', 'true');
    await expect(page.locator('.note-body img')).toHaveCount(2);

    // The picture is the store's: the vault can go.
    rmSync(vault, { recursive: true, force: true });
    await lattice.reload();
    await openImageNote(page);
    await expect.poll(() => png.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);

    // A sheet made of the section shows the picture too.
    const notes = await callApi<{ id: number; path: string }[]>(page, 'notes.list', {});
    const noteId = notes.find((note) => note.path.endsWith('对齐.md'))?.id ?? 0;
    const sheet = await callApi<{ id: number }>(page, 'sheets.create', { title: '图的速查' });
    await callApi(page, 'sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId, section: '结构图' } });
    const openSheet = async (): Promise<void> => {
      await page.getByRole('link', { name: /^(速查表|Sheets)$/ }).click();
      await page.locator('.sheet-row-title', { hasText: '图的速查' }).click();
    };
    await openSheet();
    const inSheet = page.locator('.sheet-paper .sheet-item-body .note-image img').first();
    await expect.poll(() => inSheet.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    // The exports carry the pictures themselves: data: URIs in the HTML file, drawn images in the PDF.
    const html = await callApi<{ content: string }>(page, 'sheets.export', { id: sheet.id, format: 'html' });
    expect(html.content).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(html.content).toMatch(/<img src="data:image\/svg\+xml;base64,/);
    const pdf = await callApi<{ content: string }>(page, 'sheets.export', { id: sheet.id, format: 'pdf' });
    expect(Buffer.from(pdf.content, 'base64').toString('latin1')).toMatch(/\/Subtype\s*\/Image/);

    const shots = process.env.LATTICE_SHOTS_DIR;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      for (const theme of ['light', 'dark'] as const) {
        // The dark shots in Chinese, so the reasons are seen in both languages.
        await page.evaluate((t) => {
          localStorage.setItem('lattice.theme', JSON.stringify(t));
          localStorage.setItem('lattice.locale', JSON.stringify(t === 'dark' ? 'zh' : 'en'));
        }, theme);
        await lattice.reload();
        await openImageNote(page);
        for (const [width, height] of [
          [900, 700],
          [1280, 800],
          [1920, 1080],
        ] as const) {
          await page.setViewportSize({ width, height });
          await page.locator('.note-body h2').first().scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(shots, `reader-images-${width}x${height}-${theme}.png`) });
          await page.locator('.note-body h2').last().scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(shots, `reader-images-placeholders-${width}x${height}-${theme}.png`) });
        }
        await openSheet();
        for (const [width, height] of [
          [900, 700],
          [1280, 800],
          [1920, 1080],
        ] as const) {
          await page.setViewportSize({ width, height });
          await page.screenshot({ path: join(shots, `sheet-images-${width}x${height}-${theme}.png`) });
        }
        await openImageNote(page);
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
