import { join, sep } from 'node:path';

/** What decides where the Electron build of better-sqlite3 lives. */
export interface NativeBindingTarget {
  /** The app's root (the folder with package.json; `…/resources/app.asar` when packaged). */
  appRoot: string;
  /** Electron's version, as in `process.versions.electron`. */
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  /** Whether we run from an installed package (electron-builder output). */
  isPackaged: boolean;
}

/**
 * Where the main process finds better-sqlite3 built for Electron's ABI —
 * the path scheme scripts/postinstall.mjs builds into
 * (`native/electron-v<version>-<platform>-<arch>/better_sqlite3.node`).
 *
 * A packaged app keeps native/ outside the asar archive (electron-builder.yml
 * unpacks it) because the OS cannot load a shared library from inside an
 * archive, so `app.asar` becomes `app.asar.unpacked` there.
 */
export function electronNativeBinding(target: NativeBindingTarget): string {
  const folder = `electron-v${target.electronVersion}-${target.platform}-${target.arch}`;
  const path = join(target.appRoot, 'native', folder, 'better_sqlite3.node');
  return target.isPackaged ? unpackedPath(path) : path;
}

/** The same path with its `app.asar` folder replaced by `app.asar.unpacked`. */
export function unpackedPath(path: string): string {
  const parts = path.split(sep);
  const index = parts.indexOf('app.asar');
  if (index === -1) return path;
  parts[index] = 'app.asar.unpacked';
  return parts.join(sep);
}
