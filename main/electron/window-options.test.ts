import { describe, expect, it } from 'vitest';
import { BACKGROUND, mainWindowOptions } from './window-options.js';

const options = mainWindowOptions('/app/out/node/main/electron/preload.cjs', { x: 10, y: 20, width: 1000, height: 700 });
const web = options.webPreferences ?? {};

describe('mainWindowOptions', () => {
  it('isolates the page from the preload', () => expect(web.contextIsolation).toBe(true));
  it('runs the page in the sandbox', () => expect(web.sandbox).toBe(true));
  it('gives the page no Node', () => {
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });
  it('keeps web security on', () => expect(web.webSecurity).toBe(true));
  it('refuses insecure content', () => expect(web.allowRunningInsecureContent).toBe(false));
  it('has no <webview>', () => expect(web.webviewTag).toBe(false));
  it('does not navigate to dropped files', () => expect(web.navigateOnDragDrop).toBe(false));
  it('does not spellcheck notes', () => expect(web.spellcheck).toBe(false));
  it('loads the compiled CommonJS preload', () => expect(web.preload).toBe('/app/out/node/main/electron/preload.cjs'));

  it('is hidden until ready to show, titled Lattice, where it was', () => {
    expect(options).toMatchObject({
      show: false,
      title: 'Lattice',
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      backgroundColor: BACKGROUND.light,
    });
    expect(options.minWidth).toBeGreaterThan(0);
  });

  it('paints a dark background on a dark system', () => {
    expect(mainWindowOptions('/p.cjs', { width: 800, height: 600 }, true).backgroundColor).toBe(BACKGROUND.dark);
  });
});
