// `npm run setup`: the one install command, here and on a connected machine.
// 1. npm ci with ELECTRON_SKIP_BINARY_DOWNLOAD=1: Electron's own postinstall
//    downloads from GitHub, and where that fails npm deletes node_modules.
// 2. Then fetch the Electron binary as a separate, optional step.
// 3. Then build better-sqlite3 for Electron beside the Node build (postinstall.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, env = process.env) =>
  execFileSync(cmd, args, { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' });

run(npm, [existsSync(join(root, 'package-lock.json')) ? 'ci' : 'install'], { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });

const fetchEnv = { ...process.env };
delete fetchEnv.ELECTRON_SKIP_BINARY_DOWNLOAD;
try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    env: fetchEnv,
    stdio: 'pipe',
    timeout: 300_000,
  });
  console.log('lattice: Electron binary installed.');
} catch {
  console.log('lattice: Electron could not be downloaded here; `npm start` will open Lattice in your browser instead.');
}
run(process.execPath, [join(root, 'scripts', 'postinstall.mjs')]);
console.log('lattice: ready. Run `npm start` to open Lattice, `npm test` to test it.');
