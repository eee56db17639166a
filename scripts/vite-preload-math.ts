import type { HtmlTagDescriptor, Plugin } from 'vite';

/**
 * The page asks for KaTeX's script and its most used fonts itself, in the
 * same batch as the app's own scripts, rather than when the app's script runs
 * (which is later by the time it takes to compile and start it). The first
 * note a person opens needs both, and the browser host loads the store once
 * that first batch has been sent (main/cli/load-after-page.ts): what the page
 * asks for later waits behind the store. The script is only fetched and
 * compiled here; the reader still runs it on first use (reader/typeset.ts).
 */

/** The fonts nearly every formula uses: upright and italic letters, big operators and delimiters, AMS symbols. */
const MATH_FONTS = ['KaTeX_Main-Regular', 'KaTeX_Math-Italic', 'KaTeX_Size1-Regular', 'KaTeX_Size2-Regular', 'KaTeX_AMS-Regular'];

export function preloadMath(): Plugin {
  return {
    name: 'lattice:preload-math',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context): HtmlTagDescriptor[] {
        const tags: HtmlTagDescriptor[] = [];
        for (const file of Object.values(context.bundle ?? {})) {
          const href = `./${file.fileName}`;
          if (file.type === 'asset' && MATH_FONTS.some((font) => file.fileName.startsWith(`assets/${font}-`) && file.fileName.endsWith('.woff2'))) {
            // crossorigin: font requests are CORS requests, and a preload is only reused by a request of the same mode.
            tags.push({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: '', href }, injectTo: 'head' });
          }
        }
        const expected = MATH_FONTS.length;
        if (tags.length !== expected) throw new Error(`preload-math: found ${tags.length} of the ${expected} files to preload; has KaTeX's chunk or font naming changed?`);
        return tags;
      },
    },
  };
}
