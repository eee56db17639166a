// `npm start`: always runs Lattice. Installs first when node_modules is
// missing or stale (install-state.mjs), builds when the build is missing,
// then launches the desktop app where the Electron binary is installed, and
// otherwise opens Lattice in the default browser through `lattice serve`.
// Extra arguments (`npm start -- --data-dir DIR`) go to whichever runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './install-state.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

function isBuilt() {
  return existsSync(join(root, 'out', 'node', 'main', 'electron', 'main.js')) && existsSync(join(root, 'out', 'renderer', 'index.html'));
}

function build() {
  // Under `npm start`, run npm's own CLI with this Node; otherwise go through
  // a shell, since spawning npm.cmd directly fails on Windows.
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli && basename(npmCli) === 'npm-cli.js'
      ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
      : spawnSync('npm run build', { cwd: root, stdio: 'inherit', shell: true });
  if (result.status !== 0) {
    console.error('lattice: the build failed; see the errors above.');
    process.exit(result.status ?? 1);
  }
}

/** The Electron binary's path, or undefined where it was never downloaded (as on machines without GitHub access). */
function electronBinary() {
  const electronDir = join(root, 'node_modules', 'electron');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  if (!existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()))) return undefined;
  // The electron package's main export is the binary's absolute path.
  return createRequire(import.meta.url)('electron');
}

// A Ctrl+C in the terminal reaches the whole process group — the child as
// well as us, and npm forwards it to us once more. Passing each one on would
// hand `lattice serve` a second SIGINT, which it takes as "stop at once". So a
// signal is passed on only if the child is still running a moment later, which
// covers a signal sent to this process alone (kill PID, a test harness). The
// moment is long enough for a host that is busy finishing an import to exit.
// LATTICE_GRACE_MS shortens it for tests, which would otherwise wait it out
// at each signal they send.
const GRACE_MS = graceMs(process.env.LATTICE_GRACE_MS);

/** The moment in milliseconds: the environment's whole number if it gives one, else 2.5 s. */
function graceMs(fromEnv) {
  const ms = Number(fromEnv);
  return fromEnv && Number.isInteger(ms) && ms >= 0 ? ms : 2500;
}

/** Runs the child with our stdio, makes sure our stop signals reach it, and exits as it exits. */
function runForwarding(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const pending = new Set();
  const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => {
    const handler = () => {
      if (pending.has(signal)) return;
      pending.add(signal);
      setTimeout(() => {
        pending.delete(signal);
        if (isRunning()) child.kill(signal);
      }, GRACE_MS).unref();
    };
    process.on(signal, handler);
    return [signal, handler];
  });
  child.on('error', (error) => {
    console.error(`lattice: could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const [name, handler] of handlers) process.off(name, handler);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 0);
  });
}

ensureInstalled(root);
if (!isBuilt()) build();

const electron = electronBinary();
if (electron) {
  // With ELECTRON_RUN_AS_NODE set (some editors' terminals set it) Electron
  // would run main.js as a plain Node script instead of opening the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  runForwarding(electron, [root, ...args], env);
} else {
  console.log('lattice: the Electron binary is not installed here, so Lattice opens in your browser instead.');
  runForwarding(process.execPath, [join(root, 'bin', 'lattice.js'), 'serve', ...args]);
}
