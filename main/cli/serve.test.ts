import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main.js';
import type { CliIo } from './io.js';
import { browserCommand, devServerFrom, openDefaultBrowser, serve } from './serve.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+)$/;

let work: string;
let dataDir: string;
let staticDir: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-serve-'));
  dataDir = join(work, 'data');
  staticDir = join(work, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Lattice</title>');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function recordingIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { LATTICE_DATA_DIR: dataDir }, cwd: work, isTTY: false };
}

async function waitFor<T>(get: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `POST /api/<name>` as the Lattice page would send it (fetch may set Origin in Node, unlike in a browser). */
function callApi(port: string, token: string, name: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/api/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

describe('serve', () => {
  it('prints the URL alone on stdout, serves the library, opens the browser, and stops cleanly', async () => {
    const io = recordingIo();
    const opened: string[] = [];
    let stop: (reason: string) => void = () => undefined;
    const running = serve({ dataDir, port: 0, isOpeningBrowser: true }, io, {
      staticDir,
      untilStopped: () => new Promise((resolve) => (stop = resolve)),
      openBrowser: (url) => opened.push(url),
    });
    const url = await waitFor(() => io.out[0], 'the URL line');
    const [, port = '', token = ''] = URL_LINE.exec(url) ?? [];
    expect(url).toMatch(URL_LINE);
    expect(io.out).toHaveLength(1);
    expect(opened).toEqual([url]);
    expect(io.err[0]).toMatch(
      /^Lattice is serving .+ at http:\/\/127\.0\.0\.1:\d+\/ — opening it in your browser\. Press Ctrl\+C to stop\.$/,
    );
    expect(io.err.join('\n')).not.toContain(token);

    const stats = await callApi(port, token, 'stats.get');
    expect(stats.status).toBe(200);
    const body = (await stats.json()) as { ok: boolean; data: { notes: number; dataDir: string } };
    expect(body.ok).toBe(true);
    expect(body.data.dataDir).toBe(dataDir);
    expect(body.data.notes).toBeGreaterThanOrEqual(15);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('<title>Lattice</title>');

    stop('SIGTERM');
    expect(await running).toBe(0);
    expect(io.err.at(-1)).toBe('Lattice stopped.');
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('does not open a browser with --no-open, and warns when the pages are not built', async () => {
    const io = recordingIo();
    const opened: string[] = [];
    const code = await serve({ dataDir, port: 0, isOpeningBrowser: false }, io, {
      staticDir: join(work, 'not-built'),
      untilStopped: () => Promise.resolve('test'),
      openBrowser: (url) => opened.push(url),
    });
    expect(code).toBe(0);
    expect(opened).toEqual([]);
    expect(io.out[0]).toMatch(URL_LINE);
    expect(io.err.join('\n')).toContain('open the URL above in your browser');
    expect(io.err.join('\n')).toContain('npm run build');
  });

  it('listens on the same port every launch, and on a free one (saying why) when that one is taken', async () => {
    const defaultPort = await freePort();
    const first = recordingIo();
    let stopFirst: (reason: string) => void = () => undefined;
    const running = serve({ dataDir, port: undefined, isOpeningBrowser: false }, first, {
      staticDir,
      defaultPort,
      untilStopped: () => new Promise((resolve) => (stopFirst = resolve)),
    });
    const [, firstPort = ''] = URL_LINE.exec(await waitFor(() => first.out[0], 'the first URL')) ?? [];
    expect(Number(firstPort)).toBe(defaultPort);

    const second = recordingIo();
    let stopSecond: (reason: string) => void = () => undefined;
    const alsoRunning = serve({ dataDir: join(work, 'other'), port: undefined, isOpeningBrowser: false }, second, {
      staticDir,
      defaultPort,
      untilStopped: () => new Promise((resolve) => (stopSecond = resolve)),
    });
    const [, secondPort = ''] = URL_LINE.exec(await waitFor(() => second.out[0], 'the second URL')) ?? [];
    expect(Number(secondPort)).not.toBe(defaultPort);
    expect(second.err[0]).toContain(`port ${defaultPort} is taken`);
    expect((await callApi(secondPort, URL_LINE.exec(second.out[0] ?? '')?.[2] ?? '', 'stats.get')).status).toBe(200);

    stopFirst('test');
    stopSecond('test');
    expect(await running).toBe(0);
    expect(await alsoRunning).toBe(0);
  });

  it('exits 2 for bad usage and 1 when the port is taken', async () => {
    for (const argv of [
      ['serve', '--port', 'abc'],
      ['serve', '--port', '70000'],
      ['serve', '--port', '-1'],
      ['serve', 'now'],
    ]) {
      const io = recordingIo();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.err[0], argv.join(' ')).toMatch(/^lattice: .+/);
      expect(io.out).toEqual([]);
    }
    const io = recordingIo();
    let stop: (reason: string) => void = () => undefined;
    const first = serve({ dataDir, port: 0, isOpeningBrowser: false }, io, {
      staticDir,
      untilStopped: () => new Promise((resolve) => (stop = resolve)),
    });
    const [, port = ''] = URL_LINE.exec(await waitFor(() => io.out[0], 'the URL line')) ?? [];
    const second = recordingIo();
    expect(await main(['serve', '--port', port, '--no-open', '--data-dir', join(work, 'other')], second)).toBe(1);
    expect(second.err.join('\n')).toContain(`port ${port} is already in use`);
    stop('test');
    expect(await first).toBe(0);
  });
});

describe('devServerFrom', () => {
  it('gives no dev allowance unless npm run dev sets both its variables', () => {
    expect(devServerFrom({})).toBeUndefined();
    expect(devServerFrom({ LATTICE_DEV_ORIGIN: '', LATTICE_DEV_TOKEN: '' })).toBeUndefined();
    expect(() => devServerFrom({ LATTICE_DEV_ORIGIN: 'http://127.0.0.1:5173' })).toThrow(/together/);
    expect(() => devServerFrom({ LATTICE_DEV_TOKEN: 'a'.repeat(43) })).toThrow(/together/);
    expect(devServerFrom({ LATTICE_DEV_ORIGIN: 'http://127.0.0.1:5173', LATTICE_DEV_TOKEN: 'a'.repeat(43) })).toEqual({
      devOrigin: 'http://127.0.0.1:5173',
      token: 'a'.repeat(43),
    });
  });
});

describe('opening the browser', () => {
  const url = 'http://127.0.0.1:4321/#token=abc_DEF-123';

  it("uses each platform's opener, detached and silent", () => {
    expect(browserCommand(url, 'linux')).toMatchObject({ command: 'xdg-open', args: [url], options: { detached: true, stdio: 'ignore' } });
    expect(browserCommand(url, 'darwin')).toMatchObject({ command: 'open', args: [url], options: { detached: true, stdio: 'ignore' } });
    expect(browserCommand(url, 'win32')).toMatchObject({
      command: 'cmd',
      args: ['/c', 'start', '""', url],
      options: { detached: true, stdio: 'ignore', windowsVerbatimArguments: true },
    });
  });

  it.runIf(process.platform === 'linux')('says so on stderr, without throwing, when no opener exists', async () => {
    const io = recordingIo();
    const path = process.env.PATH;
    process.env.PATH = join(work, 'empty-bin');
    try {
      expect(() => openDefaultBrowser(url, io)).not.toThrow();
    } finally {
      process.env.PATH = path;
    }
    const message = await waitFor(() => io.err[0], 'the error line');
    expect(message).toMatch(/^lattice: could not open a browser \(.+\); open the URL above yourself$/);
  });
});

describe('lattice serve as a process', () => {
  it('prints the URL, answers with its token, and exits 0 on SIGTERM', async () => {
    const built = join(repoRoot, 'out', 'node', 'main', 'host', 'server.js');
    expect(existsSync(built), `${built} is missing: run "npm run build:node" before these tests`).toBe(true);

    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'lattice.js'), 'serve', '--port', '0', '--no-open', '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      const line = await waitFor(() => stdout.split('\n').find((l) => URL_LINE.test(l)), `the URL line (stderr so far: ${stderr})`, 15_000);
      const [, port = '', token = ''] = URL_LINE.exec(line) ?? [];
      expect(stdout.split('\n')[0]).toBe(line);

      const stats = await callApi(port, token, 'stats.get');
      expect(stats.status).toBe(200);
      expect(((await stats.json()) as { data: { notes: number } }).data.notes).toBeGreaterThanOrEqual(15);
      expect((await callApi(port, 'not-the-token', 'stats.get')).status).toBe(401);

      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stderr).toContain('Lattice stopped.');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
