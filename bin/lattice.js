#!/usr/bin/env node
// The `lattice` command. It runs the bundled CLI (npm install and npm run build
// make it via `build:node`; see scripts/bundle-cli.mjs for why it is bundled).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'out', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(`lattice: not built yet; run "npm run build" in ${root}\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
