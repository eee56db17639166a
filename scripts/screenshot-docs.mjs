// `npm run screenshot:docs`: writes the user guide's pictures, docs/screens/*.png
// (e2e/docs-screenshots.spec.ts, with LATTICE_DOCS_SHOT=1), and the README's
// docs/reader.png (e2e/readme-screenshot.spec.ts, with LATTICE_README_SHOT=1),
// by running the e2e tests that take them. Run it after a change to what a screen shows.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const playwright = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const specs = ['e2e/readme-screenshot.spec.ts', 'e2e/docs-screenshots.spec.ts'];
// One worker: the two specs each start a host and a Chromium, and the pictures need no hurry.
const run = spawnSync(process.execPath, [playwright, 'test', ...specs, '--project', 'web', '--workers', '1'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LATTICE_README_SHOT: '1', LATTICE_DOCS_SHOT: '1' },
});
if (run.status === 0) console.log('wrote docs/reader.png and docs/screens/*.png');
process.exit(run.status ?? 1);
