// Before the e2e suite: it drives Debian's Chromium (Playwright's own browser
// download cannot work offline) and Chinese needs a CJK font. Where either is
// missing, say in one line the command that installs it and fail, so the e2e
// step never passes without having run.
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
  console.error(`lattice: the e2e suite needs ${missing.join(' and ')}; install with: sudo apt-get install -y ${missing.join(' ')}` +
    (missing.includes('chromium') ? ' (or set LATTICE_CHROMIUM to a Chromium binary)' : ''));
  process.exit(1);
}
