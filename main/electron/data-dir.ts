import { resolveDataDir } from '../app-paths.js';

/** The value of `--data-dir DIR` or `--data-dir=DIR` among the command-line arguments, if any. */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length) || undefined;
    if (arg === '--data-dir') {
      const next = argv[i + 1];
      return next && !next.startsWith('--') ? next : undefined;
    }
  }
  return undefined;
}

/**
 * The desktop app's data directory, decided exactly as the CLI decides it:
 * --data-dir, else LATTICE_DATA_DIR, else Electron's userData folder (which,
 * for an app named Lattice, is the folder resolveDataDir() names — so the
 * desktop app and `lattice` share one store).
 */
export function desktopDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, userData: string): string {
  const flag = dataDirFlag(argv);
  if (flag || env.LATTICE_DATA_DIR) return resolveDataDir(flag, env);
  return userData;
}
