import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { preloadMathFonts } from './scripts/vite-preload-math-fonts.js';

// The renderer is built once and served two ways: by Electron's app:// protocol
// and by the local browser host. Relative asset paths work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte(), preloadMathFonts()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // Fonts must be files (KaTeX's are many); CSP allows font-src 'self' data: anyway.
    assetsInlineLimit: 0,
  },
});
