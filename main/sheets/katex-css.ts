import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * KaTeX's stylesheet with its fonts inlined as data: URLs, so an exported
 * sheet typesets formulas when opened from disk with no network and no
 * KaTeX beside it. Only the woff2 fonts are kept: every browser that can
 * print this file reads them, and they are the smallest.
 */

let cached: string | undefined;

/** The KaTeX CSS, self-contained (about 0.4 MB of fonts), read once per process. */
export function inlineKatexCss(): string {
  if (cached !== undefined) return cached;
  const dist = dirname(createRequire(import.meta.url).resolve('katex'));
  const css = readFileSync(join(dist, 'katex.min.css'), 'utf8');
  cached = css.replace(/src:([^;}]*)/g, (whole, sources: string) => {
    const woff2 = /url\((fonts\/[\w.-]+\.woff2)\)/.exec(sources)?.[1];
    if (!woff2) return whole;
    const data = readFileSync(join(dist, woff2)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return cached;
}
