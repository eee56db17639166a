import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { chooseTheme } from './screens.js';

/**
 * The README's picture of the reader is taken here, by the suite, so it shows
 * what the app does today: every run checks the scene and keeps the picture
 * under test-results/; `npm run screenshot:readme` (scripts/screenshot-readme.mjs)
 * sets LATTICE_README_SHOT=1 and the same test writes docs/reader.png instead.
 */
const VIEWPORT = { width: 1280, height: 800 };

/** True when the whole of `locator` lies inside the viewport. */
async function isInView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  return box !== null && size !== null && box.y >= 0 && box.y + box.height <= size.height && box.height > 0;
}

test("the README's reader: a starter note with formulas and its diagram in view, light, 1280×800", async ({ lattice }, testInfo) => {
  const { page } = lattice;
  await page.setViewportSize(VIEWPORT);
  await chooseTheme(page, 'light');
  await page
    .getByRole('link', { name: '笔记库' })
    .or(page.getByRole('link', { name: 'Library' }))
    .first()
    .click();
  await page.locator('.note-card', { hasText: 'RLHF' }).first().click();
  await expect(page.locator('.note-body h1').first()).toContainText('RLHF');

  const diagram = page.locator('.mermaid-block .diagram svg').first();
  await expect(diagram).toContainText('PPO');
  // The note from its title: the summary, the pipeline diagram and the steps with their formulas fit in 800 px.
  await page.getByTestId('reader-scroll').evaluate((scroller) => scroller.scrollTo({ top: 0 }));
  await page.evaluate(() => document.fonts.ready);
  await expect.poll(() => isInView(page, diagram)).toBe(true);
  const formulas = page.locator('.note-body .katex');
  await expect
    .poll(async () => {
      let visible = 0;
      for (const formula of await formulas.all()) if (await isInView(page, formula)) visible += 1;
      return visible;
    })
    .toBeGreaterThanOrEqual(1);
  // No formula is left as raw TeX, and nothing is mid-transition.
  await expect(page.locator('.note-body .math:not(:has(.katex))')).toHaveCount(0);
  await page.mouse.move(0, VIEWPORT.height - 1);

  const path =
    process.env.LATTICE_README_SHOT === '1'
      ? join('docs', 'reader.png')
      : join('test-results', 'screenshots', `readme-reader-${testInfo.project.name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  await testInfo.attach('readme-reader', { path, contentType: 'image/png' });
});
