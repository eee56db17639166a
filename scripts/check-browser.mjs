// Before the tests that run in a browser (the renderer's unit tests and the
// e2e suite): they drive Debian's Chromium (Playwright's own browser download
// cannot work offline) and Chinese needs a CJK font. Where either is missing,
// say in one line the command that installs it and fail, so no browser step
// passes without having run. `npm test` runs this first, `test:e2e` again.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.LATTICE_CHROMIUM ?? '/usr/bin/chromium';
const missing = [];
if (!existsSync(chromium)) missing.push('chromium');

let fonts = '';
try {
  fonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
} catch {
  // No fontconfig at all: then no CJK font either.
}
if (fonts.trim() === '') missing.push('fonts-noto-cjk');

if (missing.length > 0) {
  console.error(
    `lattice: the browser tests (renderer unit tests, e2e) need ${missing.join(' and ')}; install with: sudo apt-get install -y ${missing.join(' ')}` +
      (missing.includes('chromium') ? ' (or set LATTICE_CHROMIUM to a Chromium binary)' : ''),
  );
  process.exit(1);
}
