import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../csp.js';
import { APP_SCHEME_PRIVILEGES, createAppRequestHandler, isAppUrl, registerAppProtocol, resolveAppAsset } from './app-protocol.js';
import { mediaHash } from '../../db/repositories/media.js';
import { PNG_1X1 } from '../media/picture-fixtures.js';

let root: string;
let outside: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'lattice-protocol-'));
  root = join(base, 'renderer');
  outside = join(base, 'secret.txt');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lattice</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log("hi")');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'KaTeX_Main-Regular.woff2'), 'font');
  writeFileSync(join(root, 'assets', '数学.svg'), '<svg/>');
  writeFileSync(outside, 'do not serve me');
  // The handler under test is the one registerAppProtocol gives Electron.
  const fake = {
    handle: (scheme: string, fn: (request: Request) => Promise<Response>) => {
      expect(scheme).toBe('app');
      handler = fn;
    },
  };
  registerAppProtocol(fake as unknown as Protocol, root);
});

afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('the app: scheme', () => {
  it('is registered as standard and secure with fetch, and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('knows its own origin', () => {
    expect(isAppUrl('app://lattice/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('app://lattice.evil.com/')).toBe(false);
    expect(isAppUrl('https://lattice/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('resolveAppAsset', () => {
  it('maps / to index.html and paths to files under the root', () => {
    expect(resolveAppAsset(root, 'app://lattice/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://lattice/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://lattice/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppAsset(root, 'app://lattice/assets/%E6%95%B0%E5%AD%A6.svg')).toBe(join(root, 'assets', '数学.svg'));
  });

  it.each([
    'app://lattice/../secret.txt',
    'app://lattice/assets/../../secret.txt',
    'app://lattice/%2e%2e/secret.txt',
    'app://lattice/%2E%2E/secret.txt',
    'app://lattice/.%2e/secret.txt',
    'app://lattice/assets%2f..%2f..%2fsecret.txt',
    'app://lattice/..%2fsecret.txt',
    'app://lattice/..%5csecret.txt',
    'app://lattice/..\\secret.txt',
    'app://lattice/assets\\index-abc.js',
    'app://lattice/index.html%00.js',
    'app://lattice/index.html\0',
    'app://lattice/./index.html',
    'app://lattice//etc/passwd',
    'app://lattice/C:/Windows/win.ini',
    'app://lattice/%E0%A4%A',
    'app://other/index.html',
    'app://lattice:8080/index.html',
    'app://user@lattice/index.html',
    'file:///etc/passwd',
    'https://lattice/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeUndefined();
  });
});

describe('the protocol handler', () => {
  it('serves index.html with the CSP as a header and an HTML Content-Type', async () => {
    const response = await get('app://lattice/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Lattice</title>');
  });

  it.each([
    ['app://lattice/', 'text/html; charset=utf-8'],
    ['app://lattice/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://lattice/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://lattice/assets/KaTeX_Main-Regular.woff2', 'font/woff2'],
    ['app://lattice/assets/%E6%95%B0%E5%AD%A6.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (url, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(type);
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404, still with the security headers, for missing files, folders and traversal', async () => {
    for (const url of ['app://lattice/missing.js', 'app://lattice/assets', 'app://lattice/%2e%2e/secret.txt', 'app://other/index.html']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).not.toContain('do not serve me');
    }
  });

  it('serves HEAD without a body and refuses other methods', async () => {
    const head = await get('app://lattice/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://lattice/index.html', 'POST')).status).toBe(405);
  });
});

describe('app://lattice/media/ (the store’s pictures)', () => {
  it('serves a stored picture with the browser host’s headers, and nothing for an unknown hash', async () => {
    const hash = mediaHash(PNG_1X1);
    const media = (wanted: string): Promise<{ mime: string; bytes: Buffer } | undefined> =>
      Promise.resolve(wanted === hash ? { mime: 'image/png', bytes: PNG_1X1 } : undefined);
    const handle = createAppRequestHandler(root, media);
    const reply = await handle(new Request(`app://lattice/media/${hash}`));
    expect(reply.status).toBe(200);
    expect(Buffer.from(await reply.arrayBuffer()).equals(PNG_1X1)).toBe(true);
    expect(reply.headers.get('content-type')).toBe('image/png');
    expect(reply.headers.get('content-security-policy')).toContain('sandbox');
    expect(reply.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect((await handle(new Request(`app://lattice/media/${'1'.repeat(64)}`))).status).toBe(404);
    expect((await handle(new Request('app://lattice/media/..%2Findex.html'))).status).toBe(404);
    expect((await createAppRequestHandler(root)(new Request(`app://lattice/media/${hash}`))).status).toBe(404);
  });
});
