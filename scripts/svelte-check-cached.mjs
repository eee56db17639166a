// `npm run typecheck`'s renderer half: svelte-check has no incremental mode,
// and it re-reads the whole renderer (15–20 s here) even when nothing changed.
// So it runs only when something it reads changed since its last clean run:
// the renderer, common/, main/ (the renderer imports the contract's types,
// which import main's), the tsconfig files and the installed packages. What
// it read is fingerprinted by content, not by time, so a checkout or a branch
// switch that brings back the same files is still "unchanged". A failed run
// records nothing, so it runs again until it passes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stampFile = join(root, 'node_modules', '.cache', 'svelte-check', 'clean-run.sha256');
const READ = /\.(ts|svelte|js|mjs|json|css)$/;
const FOLDERS = ['renderer', 'common', 'main', 'db'];
const FILES = ['tsconfig.base.json', 'tsconfig.json', 'package-lock.json', 'svelte.config.js'];

function* filesUnder(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures' && !entry.name.startsWith('.')) yield* filesUnder(path);
    } else if (READ.test(entry.name)) {
      yield path;
    }
  }
}

function fingerprint() {
  const hash = createHash('sha256');
  const paths = [
    ...FOLDERS.flatMap((folder) => [...filesUnder(join(root, folder))]),
    ...FILES.map((file) => join(root, file)).filter(existsSync),
  ];
  for (const path of paths.sort()) {
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex');
}

const before = fingerprint();
if (!process.argv.includes('--force') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === before) {
  console.log('svelte-check: nothing it reads changed since its last clean run (--force to run it anyway).');
  process.exit(0);
}
const args = ['--tsconfig', 'renderer/tsconfig.json', '--threshold', 'warning'];
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'svelte-check', 'bin', 'svelte-check'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status === 0 && fingerprint() === before) {
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, before);
}
process.exit(result.status ?? 1);
