import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, importFolder, test } from './fixtures.js';
import type { LatticeApp } from './fixtures.js';

async function openNote(lattice: LatticeApp, title: string | RegExp): Promise<void> {
  const { page } = lattice;
  await page
    .getByRole('link', { name: '笔记库' })
    .or(page.getByRole('link', { name: 'Library' }))
    .first()
    .click();
  await page.locator('.note-card', { hasText: title }).first().click();
  await expect(page.locator('.note-body h1').first()).toBeVisible();
}

test('first run shows the starter library', async ({ lattice }) => {
  const { page } = lattice;
  await expect(page.getByRole('heading', { name: /笔记库|Library/ })).toBeVisible();
  const cards = page.locator('.note-card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(15);
  await expect(page.locator('.note-card', { hasText: 'RLHF' })).toBeVisible();
  await expect(page.locator('.note-card', { hasText: '自注意力' })).toBeVisible();
});

test('a note shows typeset formulas and its Mermaid diagram as SVG', async ({ lattice }, testInfo) => {
  const { page } = lattice;
  await openNote(lattice, 'RLHF');
  await expect(page.locator('.note-body .katex').first()).toBeVisible();
  expect(await page.locator('.note-body .katex').count()).toBeGreaterThan(5);
  // No formula is left as raw TeX: every math element was typeset.
  await expect(page.locator('.note-body .math:not(:has(.katex))')).toHaveCount(0);
  const diagram = page.locator('.mermaid-block .diagram svg').first();
  await diagram.scrollIntoViewIfNeeded();
  await expect(diagram).toBeVisible();
  await expect(diagram).toContainText('SFT');
  await expect(diagram).toContainText('PPO');
  mkdirSync(join('test-results', 'screenshots'), { recursive: true });
  const shot = join('test-results', 'screenshots', `reader-${testInfo.project.name}.png`);
  await page.locator('.note-body h1').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot });
  await testInfo.attach('reader', { path: shot, contentType: 'image/png' });
});

test('the table of contents scrolls the reader and follows it', async ({ lattice }) => {
  const { page } = lattice;
  await openNote(lattice, '自注意力');
  const toc = page.locator('.toc a');
  const count = await toc.count();
  expect(count).toBeGreaterThan(4);
  const last = toc.nth(count - 1);
  const title = (await last.textContent()) ?? '';
  await last.click();
  const heading = page.locator('.note-body').getByRole('heading', { name: title, exact: true });
  await expect(async () => {
    const box = await heading.boundingBox();
    const scroller = await page.getByTestId('reader-scroll').boundingBox();
    expect(box && scroller && box.y - scroller.y).toBeLessThan(140);
  }).toPass();
  await expect(last).toHaveClass(/active/);
  // Scrolling back to the top moves the highlight back to the first section.
  await page.getByTestId('reader-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(toc.first()).toHaveClass(/active/);
});

test('a Mermaid syntax error and a KaTeX error show inline while the rest of the note renders', async ({ lattice }) => {
  const { page } = lattice;
  await importFixtures(lattice);
  await openNote(lattice, '渲染出错的笔记');
  await expect(page.locator('.katex-error')).toBeVisible();
  await expect(page.locator('.diagram-error')).toBeVisible();
  await expect(page.getByText('图下面的这段话必须照常显示')).toBeVisible();
  await expect(page.locator('.math-display .katex').last()).toBeVisible();
});

test('a hostile note runs nothing and links nowhere', async ({ lattice }) => {
  const { page } = lattice;
  await importFixtures(lattice);
  await openNote(lattice, '不可信的笔记');
  await expect(page.getByText('最后一段：笔记的其余部分照常显示。')).toBeVisible();
  await expect(page.locator('.note-body').getByText('<script>window.__pwned = true</script>')).toBeVisible();
  await expect(page.locator('.note-body script, .note-body iframe, .note-body img')).toHaveCount(0);
  expect(await page.locator('.note-body [href^="javascript:"], .note-body [onerror]').count()).toBe(0);
  await expect(page.locator('.image-placeholder', { hasText: '远程图片' })).toHaveAttribute('data-host', 'pic.example.com');
  const diagram = page.locator('.mermaid-block').first();
  await diagram.scrollIntoViewIfNeeded();
  await expect(diagram.locator('svg, .diagram-error').first()).toBeVisible();
  for (const link of await page.locator('.note-body a').all()) await link.click();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
});

test('theme and language choices persist across a reload', async ({ lattice }) => {
  const { page } = lattice;
  await page.getByRole('link', { name: /设置|Settings/ }).click();
  await page.getByRole('radio', { name: /深色|Dark/ }).check();
  await page.getByRole('combobox', { name: /语言|Language/ }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await lattice.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('link', { name: 'Library' })).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Light' }).check();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await lattice.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('link', { name: '笔记库' })).toBeVisible();
});

test('settings and the reading position are still there after the browser host is stopped and started again', async ({ lattice }) => {
  test.skip(!lattice.restartHost, 'about the browser host, whose page lives at a port; the desktop app always loads app://lattice');
  const { page } = lattice;
  await page.getByRole('link', { name: /设置|Settings/ }).click();
  await page.getByRole('radio', { name: /深色|Dark/ }).check();
  await page.getByRole('combobox', { name: /语言|Language/ }).selectOption('en');
  await page.getByRole('link', { name: 'Library' }).click();
  await page
    .getByRole('link', { name: /自注意力机制与 Transformer/ })
    .first()
    .click();
  const scroller = page.locator('.reader-scroll');
  await expect(page.locator('.note-body h1')).toBeVisible();
  await scroller.evaluate((element) => element.scrollTo({ top: 1500 }));
  // The position is saved a moment after scrolling stops: wait until it is, not for a guessed time.
  await expect
    .poll(() =>
      scroller.evaluate((element) =>
        Object.values(JSON.parse(localStorage.getItem('lattice.positions') ?? '{}') as Record<string, number>).includes(element.scrollTop),
      ),
    )
    .toBe(true);

  await lattice.restartHost?.();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('link', { name: 'Library' })).toBeVisible();
  await page
    .getByRole('link', { name: /自注意力机制与 Transformer/ })
    .first()
    .click();
  await expect(page.locator('.note-body h1')).toBeVisible();
  await expect.poll(() => scroller.evaluate((element) => element.scrollTop)).toBeGreaterThan(1200);
});

/** Imports e2e/fixtures/study-notes through the Import screen, as a person would. */
export async function importFixtures(lattice: LatticeApp): Promise<void> {
  const { page } = lattice;
  const folder = join(import.meta.dirname, 'fixtures', 'study-notes');
  await page
    .getByRole('link', { name: /导入|Import/ })
    .first()
    .click();
  await importFolder(lattice, folder);
  await expect(page.getByTestId('import-report')).toContainText(/新增 4|4 added/);
}

test('a diagram still being drawn when the person opens another note is dropped, not drawn for the note that is gone', async ({
  lattice,
}) => {
  const { page } = lattice;
  // Mermaid's script is held back until the person has left the note: its diagram is being drawn then.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let isAsked: () => void = () => undefined;
  const asked = new Promise<void>((resolve) => (isAsked = resolve));
  await page.route(/\/mermaid\.core-[^/]*\.js$/, async (route) => {
    isAsked();
    await held;
    await route.continue();
  });
  await page.reload();
  await openNote(lattice, 'RLHF');
  await page.locator('.mermaid-block').first().scrollIntoViewIfNeeded();
  await asked;
  const leftAt = await page.evaluate(() => {
    const at = performance.now();
    location.hash = '#/';
    return at;
  });
  await expect(page.locator('.note-card').first()).toBeVisible();
  release();
  // Long enough for Mermaid to load and draw the diagram, had its work gone on.
  await page.waitForTimeout(3000);
  const drawnAfter = await page.evaluate(
    (left) => performance.getEntriesByName('lattice:diagram-shown').filter((mark) => mark.startTime > left).length,
    leftAt,
  );
  expect(drawnAfter).toBe(0);
  // The diagram is drawn as usual when the note is opened again.
  await openNote(lattice, 'RLHF');
  const diagram = page.locator('.mermaid-block .diagram svg').first();
  await diagram.scrollIntoViewIfNeeded();
  await expect(diagram).toContainText('SFT');
});
