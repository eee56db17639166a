import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions, CustomScheme, MenuItemConstructorOptions } from 'electron';
import { startDesktopApp } from './desktop-app.js';
import type { DesktopElectron, LaunchOptions } from './desktop-app.js';
import { electronNativeBinding } from './native-binding.js';

// Hand-made fakes of Electron's modules: they record what the app asks of
// them. The store, the handler table and the wiring under test are real.

type Listener = (...args: unknown[]) => unknown;

class FakeWindow {
  static all: FakeWindow[] = [];
  static getAllWindows = () => FakeWindow.all;
  readonly listeners = new Map<string, Listener>();
  readonly sent: unknown[][] = [];
  readonly webContents = { send: (...args: unknown[]) => void this.sent.push(args), isDestroyed: () => false };
  loadedUrl = '';
  isShown = false;
  focusCount = 0;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeWindow.all.push(this);
  }
  on(name: string, listener: Listener) {
    this.listeners.set(name, listener);
    return this;
  }
  once(name: string, listener: Listener) {
    return this.on(name, listener);
  }
  show() {
    this.isShown = true;
  }
  focus() {
    this.focusCount += 1;
  }
  restore() {}
  maximize() {}
  isMinimized = () => false;
  isMaximized = () => false;
  isDestroyed = () => false;
  getNormalBounds = () => ({ x: 0, y: 0, width: 1000, height: 700 });
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
}

function fakeElectron() {
  const calls: string[] = [];
  const appListeners = new Map<string, Listener>();
  const paths = new Map<string, string>([['userData', join(dir, 'Lattice')]]);
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const record = { calls, appListeners, paths, errors: [] as string[][], exitCode: undefined as number | undefined, isLockGranted: true };
  const permissions = { request: undefined as Listener | undefined, check: undefined as Listener | undefined };
  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  let menuTemplate: MenuItemConstructorOptions[] = [];
  const electron = {
    app: {
      isPackaged: false,
      getPath: (name: string) => paths.get(name) ?? '',
      setPath: (name: string, value: string) => void paths.set(name, value),
      requestSingleInstanceLock: () => (calls.push('lock'), record.isLockGranted),
      enableSandbox: () => void calls.push('enableSandbox'),
      quit: () => void calls.push('quit'),
      exit: (code: number) => void (record.exitCode = code),
      getLocale: () => 'en-US',
      whenReady: () => ready,
      on: (name: string, listener: Listener) => void appListeners.set(name, listener),
    },
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: CustomScheme[]) => void calls.push(`privileged:${schemes.map((s) => s.scheme).join()}`),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => void (permissions.request = handler),
        setPermissionCheckHandler: (handler: Listener) => void (permissions.check = handler),
      },
    },
    ipcMain: { handle: (channel: string, handler: Listener) => void ipcHandlers.set(channel, handler), removeHandler: () => undefined },
    dialog: {
      showErrorBox: (title: string, detail: string) => void record.errors.push([title, detail]),
      showOpenDialog: async () => ({ canceled: false, filePaths: [join(dir, 'picked')] }),
      showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
    },
    shell: { openExternal: async () => undefined, openPath: async () => '', showItemInFolder: () => undefined },
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => ((menuTemplate = template), { template }),
      setApplicationMenu: () => void calls.push('menu'),
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
    },
    nativeTheme: { shouldUseDarkColors: false },
  };
  return {
    electron: electron as unknown as DesktopElectron,
    record,
    permissions,
    ipcHandlers,
    protocolHandlers,
    menu: () => menuTemplate,
    markReady,
  };
}

let dir: string;
let launch: LaunchOptions;

/** An app root like the packaged one: a built renderer and an Electron build of better-sqlite3. */
function makeAppRoot(withBinding = true): string {
  const root = join(dir, 'app');
  mkdirSync(join(root, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(root, 'out', 'renderer', 'index.html'), '<!doctype html><title>Lattice</title>');
  if (withBinding) {
    const binding = electronNativeBinding({
      appRoot: root,
      electronVersion: '45.4.1',
      platform: process.platform,
      arch: process.arch,
      isPackaged: false,
    });
    mkdirSync(dirname(binding), { recursive: true });
    // Node's own build stands in for Electron's; a link, so Node loads the one copy it already has.
    symlinkSync(createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node'), binding);
  }
  return root;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lattice-desktop-'));
  FakeWindow.all = [];
  launch = {
    argv: ['/usr/bin/electron', '.', '--data-dir', join(dir, 'data')],
    env: {},
    appRoot: makeAppRoot(),
    preloadPath: '/app/out/node/main/electron/preload.cjs',
    electronVersion: '45.4.1',
    platform: 'linux',
    arch: process.arch,
  };
});

const running: ReturnType<typeof fakeElectron>[] = [];

afterEach(() => {
  // Quitting closes the store each app opened.
  for (const fake of running.splice(0)) fake.record.appListeners.get('will-quit')?.();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the app and lets it become ready; returns the fakes and a way to shut it down. */
async function started(overrides: Partial<LaunchOptions> = {}) {
  const fake = fakeElectron();
  running.push(fake);
  const done = startDesktopApp(fake.electron, { ...launch, ...overrides });
  fake.markReady();
  await done;
  return fake;
}

const trustedCall = { senderFrame: { url: 'app://lattice/index.html', parent: null } };

describe('before ready', () => {
  it('takes the data directory as its profile, locks it, sandboxes and registers app: — and waits for ready for the rest', () => {
    const fake = fakeElectron();
    void startDesktopApp(fake.electron, launch);
    expect(fake.record.paths.get('userData')).toBe(join(dir, 'data'));
    expect(existsSync(join(dir, 'data'))).toBe(true);
    expect(fake.record.calls).toEqual(['lock', 'enableSandbox', 'privileged:app']);
    expect(fake.protocolHandlers.size).toBe(0);
    expect(FakeWindow.all).toHaveLength(0);
  });

  it('uses Electron userData when no data directory is given', () => {
    const fake = fakeElectron();
    void startDesktopApp(fake.electron, { ...launch, argv: ['/usr/bin/electron', '.'] });
    expect(fake.record.paths.get('userData')).toBe(join(dir, 'Lattice'));
  });

  it('leaves at once when another instance holds the lock', async () => {
    const fake = fakeElectron();
    fake.record.isLockGranted = false;
    await startDesktopApp(fake.electron, launch);
    expect(fake.record.calls).toEqual(['lock', 'quit']);
  });
});

describe('once ready', () => {
  it('denies every permission request and check', async () => {
    const { permissions } = await started();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown']) {
      let granted: boolean | undefined;
      permissions.request?.({}, permission, (answer: boolean) => (granted = answer), {});
      expect(granted, permission).toBe(false);
      expect(permissions.check?.({}, permission, 'app://lattice', {}), permission).toBe(false);
    }
  });

  it('serves the renderer on app: with the CSP header', async () => {
    const { protocolHandlers } = await started();
    const response = await protocolHandlers.get('app')?.(new Request('app://lattice/index.html'));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
  });

  it('opens one secure window on app://lattice/index.html, shown when ready', async () => {
    await started();
    expect(FakeWindow.all).toHaveLength(1);
    const window = FakeWindow.all[0] as FakeWindow;
    expect(window.loadedUrl).toBe('app://lattice/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: launch.preloadPath,
    });
    expect(window.isShown).toBe(false);
    window.listeners.get('ready-to-show')?.();
    expect(window.isShown).toBe(true);
  });

  it('answers the API on lattice:call from the real store, with the starter library', async () => {
    const { ipcHandlers } = await started();
    const response = await ipcHandlers.get('lattice:call')?.(trustedCall, { name: 'stats.get', arg: {} });
    expect(response).toMatchObject({ ok: true, data: { dataDir: join(dir, 'data'), libraries: 1 } });
    const refused = await ipcHandlers.get('lattice:call')?.(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { name: 'stats.get', arg: {} },
    );
    expect(refused).toEqual({ ok: false, error: { type: 'Invalid', message: 'untrusted sender' } });
  });

  it('imports the folder the person picks in the platform dialog, and never a path the page names', async () => {
    mkdirSync(join(dir, 'picked'));
    writeFileSync(join(dir, 'picked', 'kv.md'), '# KV Cache\n\n### 为什么要缓存 KV？\n\n避免重复计算。\n');
    const { ipcHandlers } = await started();
    const call = ipcHandlers.get('lattice:call');
    expect(await call?.(trustedCall, { name: 'library.importChosenFolder', arg: {} })).toMatchObject({ ok: true, data: { added: 1 } });
    expect(await call?.(trustedCall, { name: 'library.import', arg: { paths: ['/etc'] } })).toEqual({
      ok: false,
      error: { type: 'Invalid', message: 'unknown API call: library.import' },
    });
  });

  it('sends menu commands to the window as app.command events', async () => {
    const { menu } = await started();
    const about = menu()
      .flatMap((item) => (Array.isArray(item.submenu) ? item.submenu : []))
      .find((item) => item.label === 'About Lattice');
    (about?.click as () => void)();
    expect((FakeWindow.all[0] as FakeWindow).sent).toEqual([['lattice:event', { event: 'app.command', payload: { command: 'about' } }]]);
    expect(menu().some((item) => Array.isArray(item.submenu) && item.submenu.some((sub) => sub.role === 'toggleDevTools'))).toBe(true);
  });

  it('builds the menu again in the language the person picks in Settings, and starts in it next time', async () => {
    const { menu, ipcHandlers, record } = await started();
    expect(menu().map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    const response = await ipcHandlers.get('lattice:call')?.(trustedCall, { name: 'settings.setLanguage', arg: { language: 'zh' } });
    expect(response).toEqual({ ok: true, data: { language: 'zh' } });
    expect(menu().map((item) => item.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const importItem = menu()
      .flatMap((item) => (Array.isArray(item.submenu) ? item.submenu : []))
      .find((item) => item.accelerator === 'CmdOrCtrl+O');
    expect(importItem?.label).toBe('导入文件夹…');
    record.appListeners.get('will-quit')?.();
    running.splice(
      running.findIndex((fake) => fake.record === record),
      1,
    );
    // The system still says en-US; the choice made in the app wins at the next launch.
    const again = await started();
    expect(again.menu().map((item) => item.label)).toEqual(['文件', '编辑', '视图', '帮助']);
  });

  it('hardens every webContents as it is created', async () => {
    const { record } = await started();
    const registered: string[] = [];
    const contents = { on: (name: string) => void registered.push(name), setWindowOpenHandler: () => void registered.push('window-open') };
    record.appListeners.get('web-contents-created')?.({}, contents);
    expect(registered).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview', 'window-open']));
  });

  it('focuses the window when a second instance starts', async () => {
    const { record } = await started();
    record.appListeners.get('second-instance')?.();
    expect((FakeWindow.all[0] as FakeWindow).focusCount).toBe(1);
  });

  it('quits when the window closes, except on macOS', async () => {
    const linux = await started();
    linux.record.appListeners.get('window-all-closed')?.();
    expect(linux.record.calls).toContain('quit');
    const mac = await started({ platform: 'darwin', argv: ['/e', '.', `--data-dir=${join(dir, 'mac')}`] });
    mac.record.appListeners.get('window-all-closed')?.();
    expect(mac.record.calls).not.toContain('quit');
  });
});

describe('when something is missing', () => {
  it('explains a missing Electron build of better-sqlite3 and exits', async () => {
    rmSync(join(launch.appRoot, 'native'), { recursive: true });
    const { record } = await started();
    expect(record.errors).toHaveLength(1);
    expect(record.errors[0]?.[1]).toContain('native/electron-v45.4.1-');
    expect(record.errors[0]?.[1]).toContain('npm run setup');
    expect(record.exitCode).toBe(1);
    expect(FakeWindow.all).toHaveLength(0);
  });

  it('explains an unbuilt renderer and exits', async () => {
    rmSync(join(launch.appRoot, 'out'), { recursive: true });
    const { record } = await started();
    expect(record.errors[0]?.[0]).toBe('Lattice is not built');
    expect(record.exitCode).toBe(1);
  });
});
