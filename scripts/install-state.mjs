// Whether node_modules is the install of this package-lock.json. `npm start`
// and `npm test` are the only two commands a newcomer runs on a fresh clone,
// so each installs first when nothing is installed or the lock file changed
// since (a `git pull` that bumped a dependency). The stamp is written by
// postinstall.mjs, which npm runs after every `npm ci` and `npm install`, so
// installs made by hand or by CI count too. Node built-ins only: this runs
// before anything is installed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function stampPath(root) {
  return join(root, 'node_modules', '.lattice-installed');
}

/** A digest of what should be installed: the lock file, or package.json where there is none. */
function wantedDigest(root) {
  const lock = join(root, 'package-lock.json');
  const source = existsSync(lock) ? lock : join(root, 'package.json');
  return createHash('sha256').update(readFileSync(source)).digest('hex');
}

/** Whether node_modules was installed from the current lock file. */
export function isInstalled(root) {
  const stamp = stampPath(root);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wantedDigest(root);
}

/** Records that node_modules now matches the lock file (called after an install). */
export function markInstalled(root) {
  if (existsSync(join(root, 'node_modules'))) writeFileSync(stampPath(root), `${wantedDigest(root)}\n`);
}

/** Runs `scripts/setup.mjs` when node_modules is missing or stale; exits with its status if it fails. */
export function ensureInstalled(root) {
  if (isInstalled(root)) return;
  const why = existsSync(join(root, 'node_modules')) ? 'package-lock.json changed since the last install' : 'first run';
  console.log(`lattice: installing dependencies (${why}; a few minutes, once)…`);
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'setup.mjs')], { cwd: root, stdio: 'inherit' });
  } catch (error) {
    console.error('lattice: the install failed; see the errors above.');
    process.exit(typeof error.status === 'number' && error.status !== 0 ? error.status : 1);
  }
}
