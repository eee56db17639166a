import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

/**
 * Two projects. `node`: main/, db/, common/ and scripts/ against real SQLite.
 * `renderer`: the renderer's own tests in a real browser (Debian's Chromium,
 * never a downloaded one), so the DOM, Selection and Range they exercise are
 * the ones the app runs on; Svelte's compiler turns the `.svelte.ts` stores' runes.
 */
const chromium = process.env.LATTICE_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  test: {
    // The JSON report feeds the `N passed, N failed` line of .ci/run.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/unit.json' },
    projects: [
      {
        test: {
          name: 'node',
          include: ['common/**/*.test.ts', 'main/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 20_000,
        },
      },
      {
        plugins: [svelte()],
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.ts'],
          testTimeout: 20_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: chromium,
                args: [
                  '--no-sandbox',
                  '--disable-gpu',
                  '--no-first-run',
                  '--disable-background-networking',
                  '--disable-component-update',
                  '--disable-sync',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
