// `npm run dev`: the renderer from Vite with hot reload, and /api/ proxied to a
// `lattice serve` that tsc rebuilds and this script restarts whenever main/,
// db/ or common/ change.
//
// Why these pieces: Vite's dev server applies a .svelte edit in place (no
// build of the renderer at all); `tsc -w` recompiles only what changed, and
// the host runs from tsc's per-file output (out/node), skipping the CLI bundle
// that `npm run build` makes for start-up speed. The host accepts POSTs from
// Vite's origin only because this script hands it that origin
// (LATTICE_DEV_ORIGIN, loopback only; see main/host/guards.ts), and the token
// is made here once so the open page survives every restart of the host.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pagePort = Number(process.env.LATTICE_DEV_PORT ?? 5173);
const apiPort = Number(process.env.LATTICE_DEV_API_PORT ?? 7341);
// A library of its own, so a half-finished migration never touches the person's real one.
const dataDir = process.env.LATTICE_DATA_DIR ?? join(root, 'out', 'dev-data');
const devOrigin = `http://127.0.0.1:${pagePort}`;
const token = randomBytes(32).toString('base64url');

const log = (line) => process.stderr.write(`[dev] ${line}\n`);

/** The host, from tsc's output; one at a time. */
let host;
async function restartHost() {
  if (host) {
    const old = host;
    const exited = new Promise((resolve) => old.once('exit', resolve));
    old.kill('SIGTERM');
    await exited;
  }
  const cli = pathToFileURL(join(root, 'out', 'node', 'main', 'cli', 'main.js')).href;
  const run = `const { main } = await import(${JSON.stringify(cli)}); process.exitCode = await main(process.argv.slice(1));`;
  const args = ['--input-type=module', '-e', run, '--', '--data-dir', dataDir, 'serve', '--port', String(apiPort), '--no-open'];
  host = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LATTICE_DEV_ORIGIN: devOrigin, LATTICE_DEV_TOKEN: token },
    // stdout is only the host's own URL, which is not the one to open in dev.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const started = host;
  started.once('exit', (code, signal) => {
    if (started === host && signal !== 'SIGTERM')
      log(`the host stopped (${signal ?? `exit ${code}`}); it starts again on the next edit of main/ or db/`);
  });
}

// tsc says "Found N errors. Watching for file changes." after every compile.
const tsc = spawn(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node.json', '--watch', '--preserveWatchOutput'],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
let restarting = Promise.resolve();
createInterface({ input: tsc.stdout }).on('line', (line) => {
  const done = /Found (\d+) errors?\. Watching for file changes/.exec(line);
  if (!done) {
    if (/error TS\d+/.test(line)) process.stderr.write(`${line}\n`);
    return;
  }
  if (done[1] !== '0') return log(`tsc found ${done[1]} error(s); the host keeps running the last good build`);
  log(host ? 'main/ or db/ changed: restarting the host' : 'compiled: starting the host');
  restarting = restarting.then(restartHost);
});

const vite = await createServer({
  configFile: join(root, 'vite.config.ts'),
  server: {
    host: '127.0.0.1',
    port: pagePort,
    strictPort: true,
    // changeOrigin: the host answers only to its own loopback Host name.
    // /media: the pictures notes show, served by the host from the store.
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: true },
      '/media': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: true },
    },
  },
});
await vite.listen();
log(`open ${devOrigin}/#token=${token}`);
log(`library: ${dataDir}; API on 127.0.0.1:${apiPort}; Ctrl+C stops everything`);

async function stop() {
  tsc.kill('SIGTERM');
  if (host) host.kill('SIGTERM');
  await vite.close();
  process.exit(0);
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
