import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SCREENS, shoot } from './screens.js';

/** Lattice's own words: the language chosen in Settings everywhere, counts that read naturally, and a tab without its key. */

const screen = (name: string) => SCREENS.find((s) => s.name === name) as (typeof SCREENS)[number];

async function chooseLanguage(page: Page, language: 'zh' | 'en'): Promise<void> {
  await page
    .locator('.topbar .nav')
    .getByRole('link', { name: /^(设置|Settings)$/ })
    .click();
  await page.getByRole('combobox', { name: /^(语言|Language)$/ }).selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language === 'zh' ? 'zh-CN' : 'en');
}

test('counts of one read in the singular in English, and naturally in Chinese', async ({ lattice }) => {
  const { page } = lattice;
  await chooseLanguage(page, 'en');
  await screen('library').open(page);
  const card = page.locator('.note-card', { hasText: 'MoE' }).first();
  await expect(card).toContainText(/\b1 diagram\b/);
  await expect(card).not.toContainText('1 diagrams');
  await page.locator('.topbar .nav').getByRole('link', { name: 'Concepts' }).click();
  await page.getByRole('navigation', { name: 'Concept index' }).getByRole('searchbox').fill('Bradley-Terry');
  await expect(page.locator('.concept-index-count')).toHaveText('1 concept');

  await chooseLanguage(page, 'zh');
  await screen('library').open(page);
  await expect(page.locator('.note-card', { hasText: 'MoE' }).first()).toContainText('1 张图');
  await page.locator('.topbar .nav').getByRole('link', { name: '概念' }).click();
  await page.getByRole('navigation', { name: '概念索引' }).getByRole('searchbox').fill('Bradley-Terry');
  await expect(page.locator('.concept-index-count')).toHaveText('1 个概念');
});

test('link types are named in the language chosen in Settings, on the page and on its maps', async ({ lattice }) => {
  const { page } = lattice;
  await chooseLanguage(page, 'zh');
  await screen('concept-page').open(page);
  const map = page.locator('.concept-map-frame[data-drawn] svg');
  await expect(map.locator('g.edgeLabel', { hasText: '通向' }).first()).toBeVisible();
  await expect(map).not.toContainText(/leads|related|leads-to/);
  await expect(page.getByTestId('links-in')).toContainText('来自');
  await shoot(page, 'concept-page-zh-1280');

  await screen('concepts-path').open(page);
  await expect(page.locator('.path-steps')).toContainText('通向');
  await expect(page.locator('.path-steps')).not.toContainText('leads');
  await expect(page.locator('.concept-map-frame[data-drawn] svg')).toContainText('通向');

  // Back to English: the maps the main process words follow at once.
  await chooseLanguage(page, 'en');
  await screen('concept-page').open(page);
  await expect(page.locator('.concept-map-frame[data-drawn] svg g.edgeLabel', { hasText: 'leads to' }).first()).toBeVisible();
  await expect(page.locator('.concept-map-frame[data-drawn] svg')).not.toContainText('通向');
});

test('a tab opened without the key says what to do, in both languages, and stops asking the host', async ({
  lattice,
  playwright,
}, testInfo) => {
  test.skip(lattice.transport !== 'web', 'only the browser host has a key in its URL');
  const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
  try {
    for (const [hash, reason] of [
      ['', /opened without that key/],
      ['#token=AAAAAAAAAAAAAAAAAAAAAAAA', /from an earlier launch/],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const asked: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/')) asked.push(new URL(request.url()).pathname);
      });
      await page.goto(`${lattice.origin}/${hash}`);
      const notice = page.getByTestId('token-page');
      await expect(notice).toBeVisible();
      await expect(notice.locator('section[lang="en"]')).toContainText('Open Lattice from the link lattice serve printed');
      await expect(notice.locator('section[lang="en"]')).toContainText(reason);
      await expect(notice.locator('section[lang="en"]')).toContainText('new at every launch');
      await expect(notice.locator('section[lang="zh-CN"]')).toContainText('请用 lattice serve 打印的链接打开 Lattice');
      await expect(notice.locator('section[lang="zh-CN"]')).toContainText('每次启动都不同的密钥');
      await expect(notice).toContainText(`${lattice.origin}/#token=`);
      // No screen to half-work: no top bar, no library.
      await expect(page.locator('.topbar')).toHaveCount(0);
      await shoot(page, `token-page-${hash ? 'refused' : 'missing'}`);
      const before = asked.filter((path) => path === '/api/events').length;
      // A sleep on purpose: that the refused page does NOT keep asking for the event stream is what is
      // tested; 3.5 s outlasts the stream's first two reconnection delays (1 s, then 2 s), so a retry would show.
      await page.waitForTimeout(3500);
      expect(asked.filter((path) => path === '/api/events').length, 'event stream requests while the page sat refused').toBe(before);
      expect(before, 'event stream requests in all').toBeLessThanOrEqual(1);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
