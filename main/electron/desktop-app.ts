import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  IpcMain,
  Menu,
  NativeTheme,
  Protocol,
  Screen,
  Session,
  Shell,
} from 'electron';
import { localeOf } from '../../common/i18n/format.js';
import type { Locale } from '../../common/i18n/format.js';
import { EventHub } from '../api/events.js';
import { storedLanguage } from '../api/settings.js';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.js';
import { desktopDataDir } from './data-dir.js';
import { externalLinkConfirmer, folderChooser, missingNativeBinding, missingRenderer, storeFailed } from './dialogs.js';
import type { StartupProblem } from './dialogs.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { pageTable } from '../api/exposure.js';
import { menuTemplate, menuWords } from './menu.js';
import { electronNativeBinding } from './native-binding.js';
import { hardenWebContents } from './navigation.js';
import { denyAllPermissions } from './permissions.js';
import { pdfPrinter } from './pdf-window.js';
import { mainWindowOptions } from './window-options.js';
import { readWindowState, rememberWindowState, WINDOW_STATE_FILE } from './window-state.js';
import { log } from '../log/logger.js';

/** The parts of Electron the app uses, passed in so the wiring can be tested without Electron. */
export interface DesktopElectron {
  app: Pick<
    App,
    | 'requestSingleInstanceLock'
    | 'quit'
    | 'exit'
    | 'on'
    | 'whenReady'
    | 'getPath'
    | 'setPath'
    | 'getLocale'
    | 'enableSandbox'
    | 'isPackaged'
  >;
  BrowserWindow: (new (options: BrowserWindowConstructorOptions) => BrowserWindow) & Pick<typeof BrowserWindow, 'getAllWindows'>;
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { readonly defaultSession: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> };
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showMessageBox' | 'showErrorBox'>;
  shell: Pick<Shell, 'openExternal' | 'openPath' | 'showItemInFolder'>;
  Menu: { buildFromTemplate: typeof Menu.buildFromTemplate; setApplicationMenu(menu: Menu | null): void };
  screen: Pick<Screen, 'getPrimaryDisplay' | 'getAllDisplays'>;
  nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors'>;
}

/** Facts about this launch that come from outside Electron's modules. */
export interface LaunchOptions {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** The app's root: package.json, out/renderer, native/ (`…/app.asar` when packaged). */
  appRoot: string;
  /** The compiled preload.cjs. */
  preloadPath: string;
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
}

/**
 * Runs the desktop app: everything before `ready` happens synchronously here
 * (Electron ignores scheme privileges registered later), the rest once ready.
 * Resolves when the window has been created, or the app has given up.
 */
export async function startDesktopApp(electron: DesktopElectron, launch: LaunchOptions): Promise<void> {
  const { app, dialog } = electron;
  // userData *is* the data directory, so another --data-dir is another
  // profile: its own single-instance lock, window state and web storage.
  const dataDir = desktopDataDir(launch.argv, launch.env, app.getPath('userData'));
  mkdirSync(dataDir, { recursive: true }); // setPath refuses a folder that does not exist yet
  app.setPath('userData', dataDir);
  if (!app.requestSingleInstanceLock()) {
    // The first instance focuses its window (second-instance below); this one leaves.
    app.quit();
    return;
  }
  app.enableSandbox();
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  // The language the person chose in the app once the store is open; the system's until then.
  let language: Locale = localeOf(app.getLocale());
  const locale = (): Locale => language;
  let window: BrowserWindow | undefined;
  const liveWindow = (): BrowserWindow | undefined => (window && !window.isDestroyed() ? window : undefined);
  const externalLinks = {
    confirmExternal: (url: string) => externalLinkConfirmer(dialog, liveWindow, locale())(url),
    openExternal: (url: string) => electron.shell.openExternal(url),
  };
  // SECURITY: every webContents — the window's and any the app might ever make — is hardened as it is created.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, externalLinks));
  app.on('second-instance', () => {
    const current = liveWindow();
    if (!current) return;
    if (current.isMinimized()) current.restore();
    current.focus();
  });
  app.on('window-all-closed', () => {
    if (launch.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  const fail = (problem: StartupProblem): void => {
    dialog.showErrorBox(problem.title, problem.detail);
    app.exit(1);
  };
  denyAllPermissions(electron.session.defaultSession);
  const rendererDir = join(launch.appRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) return fail(missingRenderer(join(rendererDir, 'index.html')));
  // Pictures are read from the store, open a little later; until then (and after it closes) a picture is a 404.
  const store: { getMedia?: Lattice['getMedia'] } = {};
  registerAppProtocol(electron.protocol, rendererDir, (hash) => Promise.resolve(store.getMedia?.(hash)));

  const isPackaged = app.isPackaged;
  const nativeBinding = electronNativeBinding({ ...launch, isPackaged });
  if (!existsSync(nativeBinding)) return fail(missingNativeBinding(nativeBinding, launch.electronVersion, isPackaged));
  const hub = new EventHub();
  // The menu is built again in another language whenever the person picks one in Settings.
  const setMenu = (): void => {
    const template = menuTemplate({
      isDevelopment: !isPackaged,
      isMac: launch.platform === 'darwin',
      labels: menuWords(language),
      send: (command) => hub.emit('app.command', { command }),
    });
    electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template));
  };
  let lattice: Lattice;
  try {
    lattice = openLattice({
      dataDir,
      emit: hub.emit,
      nativeBinding,
      platform: {
        chooseFolder: folderChooser(dialog, liveWindow),
        printToPdf: pdfPrinter((options) => new electron.BrowserWindow(options)),
        languageChanged: (chosen) => {
          language = chosen;
          setMenu();
        },
        // Note files only, found by the main process from a note id (api/note-files.ts).
        openPath: (path) => electron.shell.openPath(path),
        showInFolder: (path) => electron.shell.showItemInFolder(path),
      },
      watchFolders: true,
    });
  } catch (error) {
    return fail(storeFailed(dataDir, error));
  }
  // close() also lets go of the folder watchers (their handles are closed at once; nothing awaits the promise on the way out).
  store.getMedia = lattice.getMedia;
  app.on('will-quit', () => lattice.close());
  // SECURITY: the page reaches only the calls the UI uses (exposure.ts): none that names a file.
  registerIpc(electron.ipcMain, pageTable(lattice.table));
  forwardEvents(hub, () => liveWindow()?.webContents);
  language = storedLanguage(lattice.context) ?? language;
  setMenu();

  const openWindow = (): void => {
    window = createMainWindow(electron, launch.preloadPath, join(app.getPath('userData'), WINDOW_STATE_FILE));
  };
  // macOS keeps the app running with no window; clicking the dock icon brings one back.
  app.on('activate', () => {
    if (electron.BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  openWindow();
  // While the window loads its page, run the note-rendering path once, so the first note opened does not run it cold.
  setTimeout(() => void lattice.warmUp(), 0);
}

/** Creates the window where it was last time, shown once its first paint is ready. */
function createMainWindow(electron: DesktopElectron, preloadPath: string, stateFile: string): BrowserWindow {
  const primary = electron.screen.getPrimaryDisplay();
  const others = electron.screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const state = readWindowState(stateFile, [primary.workArea, ...others.map((display) => display.workArea)]);
  const window = new electron.BrowserWindow(mainWindowOptions(preloadPath, state.bounds, electron.nativeTheme.shouldUseDarkColors));
  rememberWindowState(window, stateFile);
  window.once('ready-to-show', () => {
    if (state.isMaximized) window.maximize();
    window.show();
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    // a failed load shows Chromium's error page in the window; the reason is for the log
    log.error('the app’s page did not load', { err: error });
  });
  return window;
}
