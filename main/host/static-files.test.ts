import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../content-types.js';
import { resolveStaticPath } from './static-files.js';

const root = resolve('/srv/lattice/renderer');

describe('resolveStaticPath', () => {
  it('maps a request path to a file under the renderer folder, / to index.html', () => {
    expect(resolveStaticPath(root, '/')).toEqual({ kind: 'file', path: join(root, 'index.html') });
    expect(resolveStaticPath(root, '/assets/app-3f2a.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'app-3f2a.js') });
    expect(resolveStaticPath(root, '/fonts/KaTeX%20Main.woff2')).toEqual({ kind: 'file', path: join(root, 'fonts', 'KaTeX Main.woff2') });
    expect(resolveStaticPath(root, '//assets//app.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'app.js') });
  });

  it('refuses traversal, NUL, backslashes, dot-files and bad escapes', () => {
    const attempts = [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/package.json',
      '/..%2fpackage.json',
      '/assets/../../x',
      '/assets/%2e%2e%2f%2e%2e%2fx',
      '/%00',
      '/index.html%00',
      '/..\\x',
      '/%5c..%5cx',
      '/.env',
      '/.git/config',
      '/%E0%A4%A',
      'assets/app.js',
      '..',
    ];
    for (const path of attempts) expect(resolveStaticPath(root, path), path).toEqual({ kind: 'refused' });
  });
});

describe('contentTypeFor', () => {
  it('knows what a built renderer holds', () => {
    const expected: Record<string, string> = {
      'index.html': 'text/html; charset=utf-8',
      'app.js': 'text/javascript; charset=utf-8',
      'worker.mjs': 'text/javascript; charset=utf-8',
      'app.css': 'text/css; charset=utf-8',
      'logo.svg': 'image/svg+xml',
      'icon.png': 'image/png',
      'KaTeX_Main-Regular.woff2': 'font/woff2',
      'KaTeX_Main-Regular.woff': 'font/woff',
      'KaTeX_Main-Regular.ttf': 'font/ttf',
      'manifest.json': 'application/json; charset=utf-8',
      'favicon.ico': 'image/x-icon',
      'app.js.map': 'application/json; charset=utf-8',
      'APP.JS': 'text/javascript; charset=utf-8',
      'blob.bin': 'application/octet-stream',
    };
    for (const [file, type] of Object.entries(expected)) expect(contentTypeFor(file), file).toBe(type);
  });
});
