import ams from 'katex/dist/fonts/KaTeX_AMS-Regular.woff2?url';
import mainRegular from 'katex/dist/fonts/KaTeX_Main-Regular.woff2?url';
import mathItalic from 'katex/dist/fonts/KaTeX_Math-Italic.woff2?url';
import size1 from 'katex/dist/fonts/KaTeX_Size1-Regular.woff2?url';
import size2 from 'katex/dist/fonts/KaTeX_Size2-Regular.woff2?url';

/**
 * Starts loading KaTeX's most used fonts with the app instead of after the
 * first formula is laid out: otherwise the first note's math waits for them.
 */
export function preloadMathFonts(): void {
  for (const href of [mainRegular, mathItalic, size1, size2, ams]) {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'font';
    link.type = 'font/woff2';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
}
