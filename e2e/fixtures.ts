import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, test as base, expect } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { electronBinary } from './electron-binary.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One running Lattice with a fresh data directory, seen through a page. */
export interface LatticeApp {
  page: Page;
  /** The app's own origin (http://127.0.0.1:PORT or app://lattice). */
  origin: string;
  dataDir: string;
  transport: 'web' | 'electron';
  /** Reloads the page the way a person would (F5 / Ctrl+R). */
  reload(): Promise<void>;
  /**
   * Browser host only: stops `lattice serve` and starts it again on the same
   * port and data directory, then opens the URL it prints in the same tab —
   * what a person does the next day.
   */
  restartHost?(): Promise<void>;
  /** Desktop only: makes the next folder dialog answer with `dir`. */
  electron?: ElectronApplication;
}

async function startHost(dataDir: string, port = 0): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'lattice.js'), 'serve', '--port', String(port), '--no-open', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`lattice serve printed no URL in 20 s: ${stdout} ${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`lattice serve exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

export const test = base.extend<{ lattice: LatticeApp }>({
  // Takes `playwright`, not `browser`: the electron project must not launch a browser at all.
  lattice: async ({ playwright }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lattice-e2e-'));
    const foreignRequests: string[] = [];
    const watch = (page: Page, origin: string): void => {
      // SECURITY: reading notes must never reach the network; only the app's own origin is allowed.
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
      });
    };

    if (testInfo.project.name === 'electron') {
      const binary = electronBinary();
      test.skip(
        !binary,
        'Electron binary not installed on this machine (its download needs GitHub); the web project covers the same specs',
      );
      const electron = await _electron.launch({
        executablePath: binary ?? undefined,
        args: [repoRoot],
        env: { ...process.env, LATTICE_DATA_DIR: dataDir },
      });
      const page = await electron.firstWindow();
      const origin = 'app://lattice';
      watch(page, origin);
      await use({ page, origin, dataDir, transport: 'electron', electron, reload: async () => void (await page.reload()) });
      await electron.close();
    } else {
      let { child, url } = await startHost(dataDir);
      const origin = new URL(url).origin;
      const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
      const context = await browser.newContext({ viewport: testInfo.project.use.viewport ?? null });
      const page = await context.newPage();
      watch(page, origin);
      await page.goto(url);
      const restartHost = async (): Promise<void> => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
        ({ child, url } = await startHost(dataDir, Number(new URL(url).port)));
        // From a blank page: going straight to a URL that differs only after `#` would not load the page again.
        await page.goto('about:blank');
        await page.goto(url);
      };
      await use({ page, origin, dataDir, transport: 'web', reload: async () => void (await page.reload()), restartHost });
      await browser.close();
      child.kill('SIGTERM');
    }
    rmSync(dataDir, { recursive: true, force: true });
    expect(foreignRequests, 'requests to hosts other than the app').toEqual([]);
  },
});

/**
 * Imports `folder` through the Import screen, as a person would: the folder
 * dialog in the desktop app (answered for the test), a folder upload in a browser.
 */
export async function importFolder(lattice: LatticeApp, folder: string): Promise<void> {
  const { page } = lattice;
  if (lattice.transport === 'electron' && lattice.electron) {
    await lattice.electron.evaluate(({ dialog }, dir) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [dir] })) as typeof dialog.showOpenDialog;
    }, folder);
    await page.getByRole('button', { name: /选择文件夹|Choose a folder/ }).click();
  } else {
    await page.getByTestId('folder-upload').setInputFiles(folder);
  }
}

/** Calls the app's API as the renderer does: the desktop bridge, or the browser host with the tab's token. */
export async function callApi<T>(page: Page, name: string, args: unknown): Promise<T> {
  return page.evaluate(
    async ({ name, args }) => {
      const bridge = (
        window as unknown as { lattice?: { call(n: string, a: unknown): Promise<{ ok: boolean; data?: unknown; error?: unknown }> } }
      ).lattice;
      const response = bridge
        ? await bridge.call(name, args)
        : ((await (
            await fetch(`api/${name}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sessionStorage.getItem('lattice.token') ?? ''}` },
              body: JSON.stringify(args),
            })
          ).json()) as { ok: boolean; data?: unknown; error?: unknown });
      if (!response.ok) throw new Error(`${name}: ${JSON.stringify(response.error)}`);
      return response.data;
    },
    { name, args },
  ) as Promise<T>;
}

export { expect };
