// Electron's entry (package.json "main"). The only file that imports Electron
// at run time: it hands Electron's modules to startDesktopApp, which holds the
// wiring and is unit-tested with fakes. Nothing here may wait before
// startDesktopApp runs: scheme privileges must be registered before `ready`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell } from 'electron';
import { appRoot } from '../app-paths.js';
import { startDesktopApp } from './desktop-app.js';
import { log } from '../log/logger.js';

startDesktopApp(
  { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell },
  {
    argv: process.argv,
    env: process.env,
    appRoot: appRoot(),
    preloadPath: join(dirname(fileURLToPath(import.meta.url)), 'preload.cjs'),
    electronVersion: process.versions.electron ?? 'unknown',
    platform: process.platform,
    arch: process.arch,
  },
).catch((error: unknown) => {
  log.error('Lattice could not start', { err: error });
  dialog.showErrorBox('Lattice could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
  app.exit(1);
});
