// Bundles the compiled command line (out/node/main/cli) into out/cli.
//
// Why: Node spends most of the CLI's start-up resolving and compiling files —
// about 170 modules (ours, zod's, yaml's) for the browser host's first API
// call, ~250 ms on a 2-core machine, against ~90 ms for the same code in one
// chunk. That time sits between "the page asked for its first note" and "the
// note is painted", so the host runs from a bundle. tsc's per-file output in
// out/node stays what the Electron main process, the tests and the benchmarks
// use; this step only concatenates it. better-sqlite3 (native) and the modules
// loaded on first use through createRequire (KaTeX, highlight.js) stay in
// node_modules.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'cli');
const external = ['better-sqlite3'];

rmSync(outDir, { recursive: true, force: true });
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  ssr: { noExternal: true, external },
  build: {
    ssr: true,
    target: 'node20',
    outDir,
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      // The import's parse worker is started by file name from the chunk that
      // imports notes (main/import/file-parser.ts): as an entry of its own it
      // lands in out/cli beside that chunk, under the name the code expects.
      input: {
        main: join(root, 'out', 'node', 'main', 'cli', 'main.js'),
        'parse-worker': join(root, 'out', 'node', 'main', 'import', 'parse-worker.js'),
      },
      external,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
