import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EventHub } from '../api/events.js';
import { appRoot } from '../app-paths.js';
import type { Lattice } from '../app.js';
import type { MediaFile } from '../../db/repositories/media.js';
import type { HandlerTable } from '../api/handler.js';
import { pageTable } from '../api/exposure.js';
import { PortInUseError, startHost } from '../host/server.js';
import type { RunningHost } from '../host/server.js';
import type { CliIo } from './io.js';

/**
 * `lattice serve`: the browser host in the foreground. It prints the URL to
 * open, opens the default browser, and runs until SIGINT/SIGTERM.
 */

/**
 * The port `lattice serve` listens on unless told otherwise. The same one every
 * launch keeps the page's origin the same, and with it what the browser keeps
 * per origin: the reader's settings and reading positions (localStorage) and
 * the app's scripts, cached and already compiled.
 */
export const DEFAULT_PORT = 7331;

export interface ServeArgs {
  dataDir: string;
  /** Undefined: DEFAULT_PORT, or a free one if that is taken. 0: a free one. */
  port: number | undefined;
  isOpeningBrowser: boolean;
}

/** What serve does to the world outside the host; tests replace it. */
export interface ServeHooks {
  /** The built renderer. */
  staticDir: string;
  /** Resolves (with a reason) when the host should stop; by default on SIGINT or SIGTERM. */
  untilStopped: () => Promise<string>;
  /** Shows `url` to the person; by default their default browser. */
  openBrowser: (url: string, io: CliIo) => void;
  /** The port used when none is given (tests pick a free one). */
  defaultPort: number;
}

/**
 * `npm run dev` (scripts/dev.mjs) sets both: the Vite dev server's origin, which
 * then may POST too (startHost refuses one that is not loopback), and a token
 * that stays the same across the restarts that follow edits to main/ or db/, so
 * the open page keeps working. Neither set: no dev allowance at all.
 */
export function devServerFrom(env: NodeJS.ProcessEnv): { devOrigin: string; token: string } | undefined {
  const devOrigin = env.LATTICE_DEV_ORIGIN;
  const token = env.LATTICE_DEV_TOKEN;
  if (!devOrigin && !token) return undefined;
  if (!devOrigin || !token) throw new Error('LATTICE_DEV_ORIGIN and LATTICE_DEV_TOKEN are set together, by npm run dev');
  return { devOrigin, token };
}

/** Where `npm run build` puts the renderer. */
export function rendererDir(): string {
  return join(appRoot(), 'out', 'renderer');
}

/** The command that opens a URL in the default browser on `platform`. */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[]; options: SpawnOptions } {
  const options: SpawnOptions = { detached: true, stdio: 'ignore' };
  if (platform === 'darwin') return { command: 'open', args: [url], options };
  if (platform === 'win32') {
    // `start` is a cmd built-in; its first quoted argument is a window title, hence "".
    // Verbatim so Node does not re-quote "" — the URL holds only [A-Za-z0-9:/.#=_-], nothing cmd treats specially.
    return { command: 'cmd', args: ['/c', 'start', '""', url], options: { ...options, windowsVerbatimArguments: true } };
  }
  return { command: 'xdg-open', args: [url], options };
}

/** Opens the default browser, detached; a failure is reported on stderr and never stops the host. */
export function openDefaultBrowser(url: string, io: CliIo): void {
  const { command, args, options } = browserCommand(url);
  const report = (why: string): void => io.stderr(`lattice: could not open a browser (${why}); open the URL above yourself`);
  try {
    const child = spawn(command, args, options);
    child.on('error', (error) => report(error.message));
    child.on('exit', (code) => {
      if (code) report(`${command} exited with code ${code}`);
    });
    child.unref();
  } catch (error) {
    report((error as Error).message);
  }
}

/** Resolves with the signal's name on the first SIGINT or SIGTERM; a second one gets Node's default (exit at once). */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Runs the browser host over the data directory until stopped, then closes
 * the server (letting calls in flight finish) and then the store. Returns the
 * exit code: 0 after a clean stop.
 */
export async function serve(args: ServeArgs, io: CliIo, hooks: Partial<ServeHooks> = {}): Promise<number> {
  const staticDir = hooks.staticDir ?? rendererDir();
  const untilStopped = hooks.untilStopped ?? untilSignal;
  const openBrowser = hooks.openBrowser ?? openDefaultBrowser;
  const defaultPort = hooks.defaultPort ?? DEFAULT_PORT;

  const hub = new EventHub();
  // Listen and print the URL first, then load the store, the handler table
  // and the Markdown pipeline (one bundled chunk, see scripts/bundle-cli.mjs):
  // the browser is starting and fetching the page meanwhile, and API calls
  // that arrive before the store is open wait for `ready()`.
  let lattice: Lattice | undefined;
  let loading: Promise<Partial<HandlerTable>> | undefined;
  const ready = (): Promise<Partial<HandlerTable>> =>
    (loading ??= import('../app.js').then(({ openLattice }) => {
      // Folders imported by path are watched while the host runs, as in the desktop app.
      lattice = openLattice({ dataDir: args.dataDir, emit: hub.emit, watchFolders: true });
      // The first note opened should not pay for running the rendering path cold.
      setTimeout(() => void lattice?.warmUp(), 0);
      // SECURITY: the browser page reaches only the calls the UI uses (exposure.ts): none that names a file.
      return pageTable(lattice.table);
    }));
  const dev = devServerFrom(io.env);
  // The pictures notes show, read from the store once it is open.
  const media = async (hash: string): Promise<MediaFile | undefined> => {
    await ready();
    return lattice?.getMedia(hash);
  };
  const listen = (port: number): Promise<RunningHost> => startHost({ table: ready, hub, staticDir, port, media, ...dev });
  try {
    const host = await listen(args.port ?? defaultPort).catch((error: unknown) => {
      if (args.port !== undefined || !(error instanceof PortInUseError)) throw error;
      io.stderr(
        `lattice: port ${defaultPort} is taken (another Lattice?), so this one uses a free port; the browser keeps settings and reading positions per port, so this page starts without them`,
      );
      return listen(0);
    });
    try {
      const stopped = untilStopped();
      // The URL alone on its line, first, so scripts and the e2e suite can read it.
      io.stdout(host.url);
      const hint = args.isOpeningBrowser ? 'opening it in your browser' : 'open the URL above in your browser';
      io.stderr(`Lattice is serving ${args.dataDir} at ${host.origin}/ — ${hint}. Press Ctrl+C to stop.`);
      if (!existsSync(join(staticDir, 'index.html')))
        io.stderr(`lattice: the pages are not built yet (no ${join(staticDir, 'index.html')}); run "npm run build"`);
      if (dev) io.stderr(`lattice: dev mode — the page may also come from ${dev.devOrigin} (npm run dev)`);
      if (args.isOpeningBrowser) openBrowser(host.url, io);
      try {
        await ready();
      } catch (error) {
        io.stderr(`lattice: cannot open the data directory ${args.dataDir}: ${(error as Error).message}`);
        return 1;
      }
      await stopped;
    } finally {
      await host.close();
    }
  } finally {
    // No watcher may start an import once the host is stopping; one already running finishes before the store closes.
    await lattice?.stopWatching().catch(() => undefined);
    await lattice?.idle().catch(() => undefined);
    lattice?.close();
  }
  io.stderr('Lattice stopped.');
  return 0;
}
