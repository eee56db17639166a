import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { pdfPrinter, pdfWindowOptions } from './pdf-window.js';

// A hand-made fake of the hidden window: it records what is loaded and printed.
class FakePrintWindow {
  static made: FakePrintWindow[] = [];
  loaded = '';
  html = '';
  printedWith: unknown;
  isGone = false;
  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly behaviour: 'ok' | 'hang' | 'fail' = 'ok',
  ) {
    FakePrintWindow.made.push(this);
  }
  loadFile = async (path: string) => {
    this.loaded = path;
    this.html = readFileSync(path, 'utf8');
  };
  webContents = {
    printToPDF: (options: unknown) => {
      this.printedWith = options;
      if (this.behaviour === 'hang') return new Promise<Buffer>(() => undefined);
      if (this.behaviour === 'fail') return Promise.reject(new Error('printing failed'));
      return Promise.resolve(Buffer.from('%PDF-1.7 fake'));
    },
  };
  destroy = () => void (this.isGone = true);
  isDestroyed = () => this.isGone;
}

describe('pdfPrinter', () => {
  it('prints in a hidden, sandboxed window with JavaScript off, then destroys it and its file', async () => {
    let window: FakePrintWindow | undefined;
    const print = pdfPrinter((options) => (window = new FakePrintWindow(options)) as never);
    const pdf = await print('<!doctype html><p>速查</p>', { paper: 'Letter' });
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7 fake');
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(window?.options.webPreferences?.preload).toBeUndefined();
    expect(window?.html).toBe('<!doctype html><p>速查</p>');
    expect(window?.printedWith).toMatchObject({ pageSize: 'Letter', printBackground: true, preferCSSPageSize: true });
    expect(window?.isGone).toBe(true);
    expect(existsSync(window?.loaded ?? '')).toBe(false);
  });

  it('gives up after its timeout and on errors, destroying the window either way', async () => {
    let hung: FakePrintWindow | undefined;
    await expect(pdfPrinter((o) => (hung = new FakePrintWindow(o, 'hang')) as never, 50)('<p>x</p>', { paper: 'A4' })).rejects.toThrow(
      /longer than/,
    );
    expect(hung?.isGone).toBe(true);
    let failed: FakePrintWindow | undefined;
    await expect(pdfPrinter((o) => (failed = new FakePrintWindow(o, 'fail')) as never)('<p>x</p>', { paper: 'A4' })).rejects.toThrow(
      /printing failed/,
    );
    expect(failed?.isGone).toBe(true);
    expect(pdfWindowOptions().webPreferences?.javascript).toBe(false);
  });
});
