import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, notes/ and db/, from source, build output or a packaged app. */
export function appRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'lattice') return dir;
      } catch {
        // an unreadable package.json above us is not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Lattice's package.json above ${from}`);
    dir = parent;
  }
}

/**
 * The starter library shipped with the app. In a packaged app the notes are
 * unpacked beside app.asar (electron-builder.yml), so the library's recorded
 * folder is a real one that plain Node (the CLI) can read too.
 */
export function starterNotesDir(root = appRoot()): string {
  const packed = `${sep}app.asar${sep}`;
  if (root.includes(packed) || root.endsWith(`${sep}app.asar`)) {
    const unpacked = join(root.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'), 'notes');
    if (existsSync(unpacked)) return unpacked;
  }
  return join(root, 'notes');
}

/**
 * Where a person's data lives: --data-dir, else LATTICE_DATA_DIR, else the
 * platform's app data folder — the same folder Electron's userData uses for
 * an app named Lattice, so the CLI and the desktop app share one store.
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (flag) return resolve(flag);
  if (env.LATTICE_DATA_DIR) return resolve(env.LATTICE_DATA_DIR);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Lattice');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Lattice');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Lattice');
}

/** The database file inside a data directory. */
export function databasePath(dataDir: string): string {
  return join(dataDir, 'lattice.db');
}
