import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../app-paths.js';
import { pdfWindowOptions } from './pdf-window.js';
import { mainWindowOptions } from './window-options.js';

/**
 * Items of Electron's security checklist (docs/tutorial/security.md) that the
 * other tests here do not cover: 9 (no experimental features), 10 (no
 * `enableBlinkFeatures`) and 17 (a current Electron). Item 19 (fuses) is
 * scripts/electron-fuses.test.ts, against the packaging hook that flips them.
 */

const root = appRoot();

/** Every source file of the main process (the only side that creates windows or sets Chromium switches). */
function mainSources(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(c|m)?ts$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
        found.push({ file: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(root, 'main'));
  return found;
}

/**
 * What in a source turns on Blink's or Chromium's experimental features: the
 * webPreferences options, or the command-line switches that do the same.
 */
function experimentalFeatureUses(text: string): string[] {
  const patterns = [
    /enableBlinkFeatures/g,
    /experimentalFeatures\s*:\s*true/g,
    /enable-blink-features/g,
    /enable-experimental-web-platform-features/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]));
}

const windows = {
  app: mainWindowOptions('/app/preload.cjs', { width: 1000, height: 700 }).webPreferences ?? {},
  pdf: pdfWindowOptions().webPreferences ?? {},
};

describe('Electron security checklist', () => {
  describe('9. no experimental features', () => {
    it.each(Object.entries(windows))('the %s window turns them off', (_name, web) => {
      expect(web.experimentalFeatures).toBe(false);
    });
  });

  describe('10. no enableBlinkFeatures', () => {
    it.each(Object.entries(windows))('the %s window enables no Blink feature', (_name, web) => {
      expect(web).not.toHaveProperty('enableBlinkFeatures');
    });

    it('finds a Blink or experimental feature turned on in a source, in each spelling', () => {
      expect(experimentalFeatureUses("webPreferences: { enableBlinkFeatures: 'CSSVariables' }")).toEqual(['enableBlinkFeatures']);
      expect(experimentalFeatureUses('webPreferences: { experimentalFeatures:true }')).toEqual(['experimentalFeatures:true']);
      expect(experimentalFeatureUses("app.commandLine.appendSwitch('enable-blink-features', 'X')")).toEqual(['enable-blink-features']);
      expect(experimentalFeatureUses("app.commandLine.appendSwitch('enable-experimental-web-platform-features')")).toEqual([
        'enable-experimental-web-platform-features',
      ]);
      expect(experimentalFeatureUses('experimentalFeatures: false')).toEqual([]);
    });

    it('no source of the main process turns one on', () => {
      const sources = mainSources();
      expect(sources.map((source) => source.file)).toContain(join('main', 'electron', 'window-options.ts'));
      expect(sources.flatMap(({ file, text }) => experimentalFeatureUses(text).map((use) => `${file}: ${use}`))).toEqual([]);
    });

    it('every window is made from the locked-down options tested above', () => {
      // A new window (or webPreferences set anywhere else) must be added here deliberately, with its test.
      const made = mainSources().flatMap(({ file, text }) =>
        [...text.matchAll(/new (?:\w+\.)?BrowserWindow\(([^)]*\)?)/g)].map((match) => `${file}: ${match[1]}`),
      );
      expect(made.sort()).toEqual(
        [
          join('main', 'electron', 'desktop-app.ts') +
            ': mainWindowOptions(preloadPath, state.bounds, electron.nativeTheme.shouldUseDarkColors)',
          join('main', 'electron', 'desktop-app.ts') + ': options)',
        ].sort(),
      );
      expect(readFileSync(join(root, 'main', 'electron', 'desktop-app.ts'), 'utf8')).toContain(
        'pdfPrinter((options) => new electron.BrowserWindow(options))',
      );
      const withWebPreferences = mainSources()
        .filter(({ text }) => /webPreferences\s*:/.test(text))
        .map(({ file }) => file);
      expect(withWebPreferences.sort()).toEqual([join('main', 'electron', 'pdf-window.ts'), join('main', 'electron', 'window-options.ts')]);
    });
  });

  describe('17. a current Electron', () => {
    /** The newest 45.x on npm when last checked (`npm view electron versions`, 5 December 2026). */
    const NEWEST_45_WHEN_CHECKED = [45, 6, 1];
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; devDependencies?: Record<string, string> }>;
    };
    const pinned = packageJson.devDependencies.electron ?? '';

    it('pins one exact 45.x patch release, no older than the newest when last checked', () => {
      expect(pinned).toMatch(/^45\.\d+\.\d+$/);
      const [major, minor, patch] = pinned.split('.').map(Number);
      const [, newestMinor = 0, newestPatch = 0] = NEWEST_45_WHEN_CHECKED;
      expect(major).toBe(45);
      expect((minor ?? 0) * 1000 + (patch ?? 0)).toBeGreaterThanOrEqual(newestMinor * 1000 + newestPatch);
    });

    it('is the version the lock file installs, and the one installed', () => {
      expect(lock.packages['']?.devDependencies?.electron).toBe(pinned);
      expect(lock.packages['node_modules/electron']?.version).toBe(pinned);
      const installed = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
      expect(installed.version).toBe(pinned);
    });
  });
});
