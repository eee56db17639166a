import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { sendText, writeHead } from './replies.js';
import { contentTypeFor } from '../content-types.js';

/** What a request path asks for: a file under the static folder, or nothing we will serve. */
export type StaticTarget = { kind: 'file'; path: string } | { kind: 'refused' };

/**
 * SECURITY: maps a raw request path (as sent, before any normalisation) to a
 * file inside `staticDir`, or refuses it. The path is percent-decoded once and
 * then refused outright when it holds a NUL, a backslash, a `..` segment or a
 * dot-file segment — `%2e%2e`, `..%2f` and friends decode into one of those —
 * and the joined path must still lie inside `staticDir`. Checking the decoded
 * text (not a URL parser's normalised result) means a traversal attempt is
 * refused rather than quietly rewritten into some other file.
 */
export function resolveStaticPath(staticDir: string, rawPath: string): StaticTarget {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused' }; // malformed percent-encoding from the wire: refused, nothing to log
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'refused' };
  const root = resolve(staticDir);
  const path = resolve(root, ...(segments.length ? segments : ['index.html']));
  if (path !== root && !path.startsWith(root + sep)) return { kind: 'refused' };
  return { kind: 'file', path };
}

/** True when the request path names an asset (has an extension) rather than an app route. */
function isAssetPath(rawPath: string): boolean {
  const last = rawPath.split('/').pop() ?? '';
  return extname(last) !== '';
}

/**
 * SECURITY: the regular file at `path`, if it is one and — after following
 * any symlink — still lies inside `root`; never a directory (no listings).
 */
async function regularFileInside(root: string, path: string): Promise<{ path: string; size: number } | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(path)]);
    if (!realFile.startsWith(realRoot + sep)) return null;
    const info = await stat(realFile);
    return info.isFile() ? { path: realFile, size: info.size } : null;
  } catch {
    return null; // no such file: the caller answers 404
  }
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Lattice — renderer not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Lattice is running, but its pages are not built yet</h1>
<p>The browser host found no <code>index.html</code> in its renderer folder.
Stop it (Ctrl+C), run <code>npm run build</code> in the Lattice folder, and start it again.</p>
<p>Lattice 的界面尚未构建：请先运行 <code>npm run build</code>，然后重新启动。</p>
</body>
</html>
`;

/**
 * The build names everything under assets/ by its content's hash, so a name
 * never changes meaning: the browser may keep those files (and their compiled
 * code) for good. The page itself is asked for afresh, so a rebuilt app is
 * seen at once.
 */
const KEEP_FOR_GOOD = 'public, max-age=31536000, immutable';
const ASK_AGAIN = 'no-cache';

function sendFile(res: ServerResponse, file: { path: string; size: number }, cacheControl: string): void {
  writeHead(res, 200, {
    'Content-Type': contentTypeFor(file.path),
    'Content-Length': String(file.size),
    'Cache-Control': cacheControl,
  });
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Serves a GET outside /api/ from the built renderer: the file when it exists,
 * `index.html` for app routes (paths without an extension, so the single-page
 * app can own its URLs), 404 for missing assets and refused paths, and a
 * "not built" page when there is no renderer at all.
 */
export async function serveStatic(res: ServerResponse, staticDir: string, rawPath: string): Promise<void> {
  const target = resolveStaticPath(staticDir, rawPath);
  if (target.kind === 'refused') return sendText(res, 404, 'not found');
  const file = await regularFileInside(staticDir, target.path);
  if (file) return sendFile(res, file, rawPath.startsWith('/assets/') ? KEEP_FOR_GOOD : ASK_AGAIN);
  const indexPath = join(resolve(staticDir), 'index.html');
  if (isAssetPath(rawPath) && target.path !== indexPath) return sendText(res, 404, 'not found');
  const index = await regularFileInside(staticDir, indexPath);
  if (index) return sendFile(res, index, ASK_AGAIN);
  writeHead(res, 503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(NOT_BUILT_PAGE);
}
