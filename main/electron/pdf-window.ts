import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { LOCKED_DOWN_PAGE } from './window-options.js';

/**
 * Printing a cheat sheet to PDF in the desktop app. SECURITY: the sheet's HTML
 * holds text from strangers' notes (escaped and sanitized, and it carries a
 * CSP that forbids scripts); it is printed in a hidden window of its own with
 * JavaScript off, Chromium's sandbox, no preload and so no way to reach the
 * main process, and the window is destroyed afterwards, whatever happens.
 */

export const PDF_TIMEOUT_MS = 30_000;

/** The hidden printing window's options. */
export function pdfWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 900,
    height: 1200,
    webPreferences: {
      ...LOCKED_DOWN_PAGE,
      javascript: false,
      images: true,
      spellcheck: false,
    },
  };
}

type PrintingWindow = Pick<BrowserWindow, 'loadFile' | 'destroy' | 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>;
};

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`printing the sheet took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * A printer for the Platform: writes the HTML to a temporary file (a data:
 * URL of a sheet with inlined fonts is too large for some platforms), loads
 * it in a fresh hidden window and prints it; paper, margins and page numbers
 * come from the document's @page rules.
 */
export function pdfPrinter(
  createWindow: (options: BrowserWindowConstructorOptions) => PrintingWindow,
  timeoutMs = PDF_TIMEOUT_MS,
): (html: string, options: { paper: 'A4' | 'Letter' }) => Promise<Uint8Array> {
  return async (html, options) => {
    const dir = mkdtempSync(join(tmpdir(), 'lattice-print-'));
    const file = join(dir, 'sheet.html');
    writeFileSync(file, html, 'utf8');
    const window = createWindow(pdfWindowOptions());
    try {
      return await withTimeout(
        (async () => {
          await window.loadFile(file);
          return window.webContents.printToPDF({
            pageSize: options.paper,
            printBackground: true,
            preferCSSPageSize: true,
            displayHeaderFooter: false,
          });
        })(),
        timeoutMs,
      );
    } finally {
      if (!window.isDestroyed()) window.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
