import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { chooseTheme, shoot } from './screens.js';

test('Settings shows where the log is and copies diagnostics that hold no note text', async ({ lattice }) => {
  const { page } = lattice;
  await page.getByRole('link', { name: /^(设置|Settings)$/ }).click();
  const panel = page.getByTestId('diagnostics');
  await expect(panel.getByTestId('log-file')).toHaveText(join(lattice.dataDir, 'logs', 'lattice.log'));

  await page.evaluate(() => {
    const copied: string[] = [];
    (window as unknown as { __copied: string[] }).__copied = copied;
    // On window, so it runs after the app's own listener on document has filled the clipboard.
    window.addEventListener('copy', (event) => copied.push(event.clipboardData?.getData('text/plain') ?? ''));
  });
  await panel.getByRole('button', { name: /^(Copy diagnostics|复制诊断信息)$/ }).click();
  await expect(panel.getByRole('status')).toHaveText(/^(Copied\.|已复制。)$/);

  const [copied] = await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied);
  expect(copied).toMatch(/^Lattice \d+\.\d+\.\d+\n/);
  expect(copied).toMatch(/\nRuntime: (Electron \S+ \/ )?Node \S+\n/);
  expect(copied).toMatch(/\nBrowser: Mozilla\/5\.0 .*Chrome\/\d+/);
  expect(copied).toMatch(/\nNotes: [1-9]\d* · Cards: \d+ · Annotations: \d+\n/);
  expect(copied).toContain(`\nLog: ${join(lattice.dataDir, 'logs', 'lattice.log')}\n`);
  // The starter library is in the store; none of its words are in what the person copies.
  expect(copied).not.toContain('奖励模型');
});

test('an unhandled rejection in the page is written to the main log, and copied diagnostics list it without its message', async ({
  lattice,
}) => {
  const { page } = lattice;
  const logFile = join(lattice.dataDir, 'logs', 'lattice.log');
  await page.evaluate(() => {
    void Promise.reject(new Error('deliberate page failure 7731'));
  });
  await expect
    .poll(() => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''))
    .toMatch(/"stack":"Error: deliberate page failure 7731\\n {4}at .*"msg":"unhandled rejection in the page"/);

  await page.getByRole('link', { name: /^(设置|Settings)$/ }).click();
  await page.evaluate(() => {
    const copied: string[] = [];
    (window as unknown as { __copied: string[] }).__copied = copied;
    window.addEventListener('copy', (event) => copied.push(event.clipboardData?.getData('text/plain') ?? ''));
  });
  await page.getByRole('button', { name: /^(Copy diagnostics|复制诊断信息)$/ }).click();
  await expect(page.getByTestId('diagnostics').getByRole('status')).toBeVisible();
  const [copied] = await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied);
  expect(copied).toMatch(/\nRecent errors:\n\S+ unhandled rejection in the page \[Error\]\n {4}at /);
  expect(copied).not.toContain('7731');
});

test('the diagnostics panel in both themes and three sizes (screenshots under $LATTICE_SHOTS)', async ({ lattice }) => {
  test.skip(!process.env.LATTICE_SHOTS, 'screenshots are taken only when asked for');
  const { page } = lattice;
  for (const theme of ['light', 'dark'] as const) {
    await chooseTheme(page, theme);
    for (const [width, height] of [
      [900, 700],
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('diagnostics').scrollIntoViewIfNeeded();
      await expect(page.getByTestId('log-file')).toBeVisible();
      await shoot(page, `settings-diagnostics-${theme}-${width}x${height}`);
    }
  }
});
