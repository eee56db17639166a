// `npm run screenshot:readme`: writes docs/reader.png, the README's picture of
// the reader, by running the e2e test that takes it (e2e/readme-screenshot.spec.ts)
// with LATTICE_README_SHOT=1. Run it after a change to what the reader shows.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const playwright = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const run = spawnSync(process.execPath, [playwright, 'test', 'e2e/readme-screenshot.spec.ts', '--project', 'web'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LATTICE_README_SHOT: '1' },
});
if (run.status === 0) console.log('wrote docs/reader.png');
process.exit(run.status ?? 1);
