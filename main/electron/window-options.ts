import type { BrowserWindowConstructorOptions } from 'electron';
import { MIN_WINDOW_SIZE } from './window-state.js';
import type { WindowBounds } from './window-state.js';

/** Painted before the page is, so the window does not flash white in a dark theme (or dark in a light one). */
export const BACKGROUND = { light: '#ffffff', dark: '#1e1f22' } as const;

/**
 * SECURITY: what every Lattice window's page is denied, whatever it shows —
 * no Node in any frame or worker, its own isolated world, Chromium's sandbox,
 * web security on, no insecure content, no <webview>, no experimental or
 * extra Blink features. The app window and the
 * hidden PDF window both start from this, so the two cannot drift apart.
 */
export const LOCKED_DOWN_PAGE = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  // Chromium's experimental web platform features are untested surface: off, whatever Electron's default becomes.
  experimentalFeatures: false,
} as const satisfies NonNullable<BrowserWindowConstructorOptions['webPreferences']>;

/**
 * The one Lattice window's options. SECURITY: the page is an untrusted
 * renderer of notes — no Node, its own isolated world, Chromium's sandbox,
 * web security on, no insecure content, no <webview>; it reaches the main
 * process only through the preload's `call`/`on`.
 *
 * @param preloadPath absolute path of the compiled preload.cjs
 * @param savedBounds where the window was last time (already clamped to a visible display)
 * @param isDark whether the system prefers dark colours, for the first paint
 */
export function mainWindowOptions(preloadPath: string, savedBounds: WindowBounds, isDark = false): BrowserWindowConstructorOptions {
  return {
    ...savedBounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Lattice',
    backgroundColor: isDark ? BACKGROUND.dark : BACKGROUND.light,
    // Shown on 'ready-to-show', so the person never sees an empty frame.
    show: false,
    webPreferences: {
      ...LOCKED_DOWN_PAGE,
      preload: preloadPath,
      navigateOnDragDrop: false,
      // Notes are mostly Chinese with English terms: red squiggles would be noise.
      spellcheck: false,
    },
  };
}
