// `npm start`: always runs Lattice. Builds first when the build is missing,
// then launches the desktop app where the Electron binary is installed, and
// otherwise opens Lattice in the default browser through `lattice serve`.
// Extra arguments (`npm start -- --data-dir DIR`) go to whichever runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

function isBuilt() {
  return existsSync(join(root, 'out', 'node', 'main', 'electron', 'main.js')) && existsSync(join(root, 'out', 'renderer', 'index.html'));
}

function build() {
  // Run npm through the same Node when npm started us: spawning npm.cmd
  // directly fails on Windows without a shell.
  const npmCli = process.env.npm_execpath;
  const result = npmCli && /\.[cm]?js$/.test(npmCli)
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

/** Runs the child with our stdio, passes our stop signals on, and exits as it exits. */
function runForwarding(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forwarders = signals.map((signal) => {
    const forward = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on(signal, forward);
    return [signal, forward];
  });
  child.on('error', (error) => {
    console.error(`lattice: could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const [name, forward] of forwarders) process.off(name, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 0);
  });
}

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
