import type { HtmlTagDescriptor, Plugin } from 'vite';

/**
 * The page itself preloads KaTeX's most used fonts, in the same batch as the
 * app's own scripts, rather than when the app's script runs (later by the
 * time it takes to compile and start it): the first note's math needs them.
 */

/** The fonts nearly every formula uses: upright and italic letters, big operators and delimiters, AMS symbols. */
const MATH_FONTS = ['KaTeX_Main-Regular', 'KaTeX_Math-Italic', 'KaTeX_Size1-Regular', 'KaTeX_Size2-Regular', 'KaTeX_AMS-Regular'];

export function preloadMathFonts(): Plugin {
  return {
    name: 'lattice:preload-math-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context): HtmlTagDescriptor[] {
        const tags: HtmlTagDescriptor[] = [];
        for (const file of Object.values(context.bundle ?? {})) {
          const href = `./${file.fileName}`;
          if (
            file.type === 'asset' &&
            MATH_FONTS.some((font) => file.fileName.startsWith(`assets/${font}-`) && file.fileName.endsWith('.woff2'))
          ) {
            // crossorigin: font requests are CORS requests, and a preload is only reused by a request of the same mode.
            tags.push({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: '', href }, injectTo: 'head' });
          }
        }
        if (tags.length !== MATH_FONTS.length)
          throw new Error(
            `preload-math-fonts: found ${tags.length} of the ${MATH_FONTS.length} fonts to preload; has KaTeX's font naming changed?`,
          );
        return tags;
      },
    },
  };
}
