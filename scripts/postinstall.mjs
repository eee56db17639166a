// After `npm install`: where the Electron binary is present, build a copy of
// better-sqlite3 for Electron's ABI into native/ — never in place. The Node
// build in node_modules/better-sqlite3/build stays what the CLI, the browser
// host and the tests load, so `npm start` and `npm test` work in either order.
// Where Electron is absent (as on machines without GitHub access) this says so
// in one line and does nothing. It never fails the install.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markInstalled } from './install-state.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const electronDir = join(root, 'node_modules', 'electron');

function electronBinaryPresent() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/** Where Electron's main process looks for its better-sqlite3 (see main/electron/native-binding.ts). */
export function electronBindingPath(version, platform = process.platform, arch = process.arch) {
  return join(root, 'native', `electron-v${version}-${platform}-${arch}`, 'better_sqlite3.node');
}

function buildForElectron(version) {
  const target = electronBindingPath(version);
  if (existsSync(target)) return target;
  const work = mkdtempSync(join(tmpdir(), 'lattice-sqlite-electron-'));
  try {
    const source = join(root, 'node_modules', 'better-sqlite3');
    // Copy the sources, not the Node build: the Electron build must start clean.
    cpSync(source, work, { recursive: true, filter: (src) => !/^[\\/]build([\\/]|$)/.test(src.slice(source.length)) });
    // npm's nodedir setting would make node-gyp build against Node's headers
    // while calling it Electron: drop it so the real Electron headers are used.
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
    const gyp = process.env.npm_config_node_gyp;
    try {
      execFileSync(
        process.execPath,
        [join(root, 'node_modules', 'prebuild-install', 'bin.js'), '--runtime', 'electron', '--target', version, '--arch', process.arch],
        { cwd: work, env, stdio: 'inherit' },
      );
    } catch {
      if (!gyp) throw new Error('no prebuilt binary and node-gyp not found');
      execFileSync(
        process.execPath,
        [
          gyp,
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${version}`,
          `--arch=${process.arch}`,
          '--dist-url=https://electronjs.org/headers',
        ],
        { cwd: work, env, stdio: 'inherit' },
      );
    }
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // npm has finished installing the lock file: `npm start` and `npm test` need not install again.
  markInstalled(root);
  if (!electronBinaryPresent()) {
    console.log('lattice: Electron binary not installed; the desktop app is unavailable here, the browser host (npm start) works.');
  } else {
    const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
    try {
      console.log(`lattice: better-sqlite3 for Electron ${version} at ${buildForElectron(version)}`);
    } catch (error) {
      console.log(
        `lattice: could not build better-sqlite3 for Electron (${error.message}); the desktop app will not open its store until "npm run setup" succeeds.`,
      );
    }
  }
}
