import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_FLAGS, drawingPage, sandboxFlags } from './chromium.js';
import type { Diagram } from './export-sheet.js';
import { log } from '../log/logger.js';

/**
 * A headless Chromium kept warm between PDF exports (browser host), driven
 * over the DevTools protocol on a pipe (no port is opened). Starting Chromium
 * costs most of a second on a small machine, paid once instead of on every
 * export. Each export gets its own tab with JavaScript turned off, printed
 * and closed; the browser quits after a quiet minute and with this process.
 */

interface Pending {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

const IDLE_MS = 60_000;

class WarmChromium {
  private readonly child: ChildProcess;
  private readonly toChromium: Writable;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters = new Map<string, () => void>();
  private nextId = 1;
  private buffer = '';
  readonly profile: string;
  isClosed = false;

  constructor(chromium: string) {
    this.profile = mkdtempSync(join(tmpdir(), 'lattice-chromium-'));
    const args = [...CHROMIUM_FLAGS, ...sandboxFlags(), `--user-data-dir=${this.profile}`, '--remote-debugging-pipe', 'about:blank'];
    this.child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    this.toChromium = this.child.stdio[3] as Writable;
    const fromChromium = this.child.stdio[4] as Readable;
    fromChromium.on('data', (chunk: Buffer) => this.receive(chunk.toString('utf8')));
    this.child.on('exit', () => {
      this.closed(new Error('Chromium quit'));
      this.removeProfile();
    });
    this.child.on('error', (error) => this.closed(error));
    // Neither the browser nor its pipes keep a CLI or a test run alive.
    this.child.unref();
    (this.toChromium as unknown as { unref?: () => void }).unref?.();
    (fromChromium as unknown as { unref?: () => void }).unref?.();
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) !== -1) {
      const message = JSON.parse(this.buffer.slice(0, end)) as {
        id?: number;
        method?: string;
        sessionId?: string;
        result?: Record<string, unknown>;
        error?: { message: string };
      };
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(message.error.message));
        else waiting?.resolve(message.result ?? {});
      } else if (message.method) {
        this.waiters.get(`${message.sessionId ?? ''}:${message.method}`)?.();
      }
    }
  }

  private closed(error: Error): void {
    this.isClosed = true;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.isClosed) return Promise.reject(new Error('Chromium is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.toChromium.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Resolves at the next `method` event of a session (registered before the action that causes it). */
  next(sessionId: string, method: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.set(`${sessionId}:${method}`, () => {
        this.waiters.delete(`${sessionId}:${method}`);
        resolve();
      });
    });
  }

  close(): void {
    if (!this.isClosed) {
      this.isClosed = true;
      this.child.kill('SIGKILL');
    }
    this.removeProfile();
  }

  /**
   * Best effort: a killed Chromium's helper processes can still be writing
   * to the profile for a moment, and a leftover folder in the temp directory
   * is no reason to fail an export that already succeeded (or to crash at
   * exit). The exit handler above tries again once Chromium is gone.
   */
  private removeProfile(): void {
    try {
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 2, retryDelay: 20 });
    } catch (error) {
      // left for the next try, or for the system's temp cleaning
      log.debug(`could not remove Chromium's profile ${this.profile} yet`, { err: error });
    }
  }
}

let warm: { browser: WarmChromium; path: string } | undefined;
let idle: NodeJS.Timeout | undefined;
let queue: Promise<unknown> = Promise.resolve();

function browserFor(chromium: string): WarmChromium {
  if (!warm || warm.browser.isClosed || warm.path !== chromium) {
    warm?.browser.close();
    warm = { browser: new WarmChromium(chromium), path: chromium };
  }
  return warm.browser;
}

/** Quits the warm browser (at exit, after a quiet minute, or after a failure). */
export function closeWarmChromium(): void {
  clearTimeout(idle);
  warm?.browser.close();
  warm = undefined;
}

process.once('exit', closeWarmChromium);

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Chromium did not print within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Opens `file` in a fresh tab, runs `work` in it, and closes the tab. */
async function inTab<T>(browser: WarmChromium, file: string, isScripted: boolean, work: (sessionId: string) => Promise<T>): Promise<T> {
  const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  try {
    const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await browser.send('Page.enable', {}, sessionId);
    // SECURITY: a sheet carries a CSP without scripts; its tab runs none either.
    if (!isScripted) await browser.send('Emulation.setScriptExecutionDisabled', { value: true }, sessionId);
    const loaded = browser.next(sessionId, 'Page.loadEventFired');
    await browser.send('Page.navigate', { url: pathToFileURL(file).href }, sessionId);
    await loaded;
    return await work(sessionId);
  } finally {
    await browser.send('Target.closeTarget', { targetId }).catch(() => undefined);
  }
}

const printOnce = (browser: WarmChromium, file: string): Promise<Buffer> =>
  inTab(browser, file, false, async (sessionId) => {
    const { data } = (await browser.send(
      'Page.printToPDF',
      { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false },
      sessionId,
    )) as { data: string };
    return Buffer.from(data, 'base64');
  });

/** Runs one job in the warm browser with a page written to a temporary file; jobs go one at a time. */
function job<T>(page: string, timeoutMs: number, work: (file: string) => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    clearTimeout(idle);
    const dir = mkdtempSync(join(tmpdir(), 'lattice-sheet-'));
    try {
      const file = join(dir, 'page.html');
      writeFileSync(file, page, 'utf8');
      return await withTimeout(work(file), timeoutMs);
    } catch (error) {
      closeWarmChromium(); // a browser that failed or hung is not reused
      throw error;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      idle = setTimeout(closeWarmChromium, IDLE_MS);
      idle.unref();
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/**
 * Prints HTML to PDF in the warm browser. Paper, margins and page numbers
 * come from the document's @page rules.
 */
export function printPdfWarm(html: string, chromium: string, timeoutMs = 30_000): Promise<Buffer> {
  return job(html, timeoutMs, (file) => printOnce(browserFor(chromium), file));
}

/** Draws Mermaid diagrams in the warm browser (the same page and settings as the one-shot drawing). */
export function drawDiagramsWarm(
  diagrams: Diagram[],
  chromium: string,
  mermaidBundle: string,
  timeoutMs = 30_000,
): Promise<Map<string, string>> {
  const page = drawingPage(
    pathToFileURL(mermaidBundle).href,
    diagrams.map((d) => d.source),
  );
  return job(page, timeoutMs, (file) => {
    const browser = browserFor(chromium);
    return inTab(browser, file, true, async (sessionId) => {
      const { result } = (await browser.send(
        'Runtime.evaluate',
        { expression: 'window.latticeDrawn', awaitPromise: true, returnByValue: true },
        sessionId,
      )) as {
        result: { value?: unknown };
      };
      const drawn = Array.isArray(result.value) ? (result.value as unknown[]) : [];
      const svgs = new Map<string, string>();
      diagrams.forEach((d, i) => {
        const svg = drawn[i];
        if (typeof svg === 'string') svgs.set(d.hash, svg);
      });
      return svgs;
    });
  });
}
