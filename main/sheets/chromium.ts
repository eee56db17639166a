import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mermaidOptions } from '../../common/mermaid-options.js';
import { appRoot } from '../app-paths.js';
import type { Diagram } from './export-sheet.js';

/**
 * Headless Chromium for the browser host and the CLI (the desktop app prints
 * with its own hidden window instead): printing a sheet's HTML to PDF, and
 * drawing Mermaid diagrams, which need a DOM. Each run gets a throwaway
 * profile and is killed when it overruns its time.
 */

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** The Chromium to use: $LATTICE_CHROMIUM, else a usual install location; undefined when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const wanted = env.LATTICE_CHROMIUM;
  if (wanted) return existsSync(wanted) ? wanted : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Mermaid's browser bundle, where it is installed (a source checkout; not a packaged app, whose renderer draws instead). */
export function findMermaidBundle(): string | undefined {
  try {
    const path = join(appRoot(), 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined; // no package.json of ours above (a packaged app): its renderer draws instead, as said above
  }
}

/** No network, no first-run work, nothing kept: the pages are files we wrote. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  '--mute-audio',
];

/** Chromium refuses to start its sandbox as root (containers, CI); only then is it turned off. */
export function sandboxFlags(): string[] {
  return typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
}

function run(chromium: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, [...CHROMIUM_FLAGS, ...sandboxFlags(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Chromium did not finish within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `Chromium exited with ${code}: ${stderr
              .split('\n')
              .filter((l) => l && !/dbus|unexpected operator/i.test(l))
              .slice(-3)
              .join(' ')}`,
          ),
        );
    });
  });
}

function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'lattice-sheet-'));
  return work(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Prints an HTML document to PDF. Paper, margins and page numbers come from
 * the document's @page rules; Chromium's own header and footer are off.
 */
export function printPdfWithChromium(html: string, chromium: string, timeoutMs = 30_000): Promise<Buffer> {
  return withTempDir(async (dir) => {
    const page = join(dir, 'sheet.html');
    const pdf = join(dir, 'sheet.pdf');
    writeFileSync(page, html, 'utf8');
    await run(
      chromium,
      [`--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(page).href],
      timeoutMs,
    );
    if (!existsSync(pdf)) throw new Error('Chromium wrote no PDF');
    return readFileSync(pdf);
  });
}

/**
 * The page that draws diagrams: Mermaid with the app's settings, sources as
 * JSON data; the SVGs (null for a syntax error) come back as base64 JSON in
 * #out (for --dump-dom) and as the promise `latticeDrawn` (for DevTools).
 */
export function drawingPage(mermaidUrl: string, sources: string[]): string {
  // SECURITY: the sources are data in a JSON script element ("<" escaped so
  // nothing can close it); Mermaid runs with securityLevel strict and plain
  // text labels, as in the reader.
  const data = JSON.stringify(sources).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><script src="${mermaidUrl}"></script></head><body>
<pre id="out"></pre><script type="application/json" id="in">${data}</script>
<script>
window.latticeDrawn = (async () => {
  const sources = JSON.parse(document.getElementById('in').textContent);
  mermaid.initialize(${JSON.stringify(mermaidOptions(false)).replace(/</g, '\\u003c')});
  const out = [];
  for (let i = 0; i < sources.length; i++) {
    try { await mermaid.parse(sources[i]); out.push((await mermaid.render('lattice-diagram-' + i, sources[i])).svg); } catch { out.push(null); }
  }
  const bytes = new TextEncoder().encode(JSON.stringify(out));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  document.getElementById('out').textContent = btoa(binary);
  return out;
})();
</script></body></html>`;
}

/**
 * Draws Mermaid diagrams to SVG in headless Chromium. Returns the drawings by
 * hash; a diagram with a syntax error is left out (the export shows its source).
 */
export function drawDiagramsWithChromium(
  diagrams: Diagram[],
  chromium: string,
  mermaidBundle: string,
  timeoutMs = 30_000,
): Promise<Map<string, string>> {
  if (diagrams.length === 0) return Promise.resolve(new Map());
  return withTempDir(async (dir) => {
    const page = join(dir, 'draw.html');
    writeFileSync(
      page,
      drawingPage(
        pathToFileURL(mermaidBundle).href,
        diagrams.map((d) => d.source),
      ),
      'utf8',
    );
    const dom = await run(
      chromium,
      [
        `--user-data-dir=${join(dir, 'profile')}`,
        '--allow-file-access-from-files',
        '--virtual-time-budget=20000',
        '--dump-dom',
        pathToFileURL(page).href,
      ],
      timeoutMs,
    );
    const encoded = /<pre id="out">([A-Za-z0-9+/=]*)<\/pre>/.exec(dom)?.[1];
    if (!encoded) throw new Error('Chromium did not draw the diagrams');
    const drawn = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as (string | null)[];
    const result = new Map<string, string>();
    diagrams.forEach((d, i) => {
      const svg = drawn[i];
      if (svg) result.set(d.hash, svg);
    });
    return result;
  });
}
