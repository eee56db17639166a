import { defineConfig } from '@playwright/test';
import { electronBinary } from './e2e/electron-binary.js';

/**
 * Two projects run the same specs. `web`: Debian's Chromium (never
 * Playwright's own download, which cannot work offline) against `lattice
 * serve` on a temporary data directory. `electron`: the real desktop app via
 * _electron.launch — skipped, with the reason shown, where no Electron binary
 * is installed.
 */
const electron = electronBinary();
if (!electron && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(
    'electron project: skipped — no Electron binary is installed here (its download needs GitHub); the web project runs the same specs.',
  );
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e-artifacts',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure', viewport: { width: 1280, height: 860 } },
  projects: [
    {
      name: 'web',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.LATTICE_CHROMIUM ?? '/usr/bin/chromium',
          // No background networking: this machine has no network, and the app must not need one.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    {
      name: 'electron',
      metadata: { electronBinary: electron },
    },
  ],
});
