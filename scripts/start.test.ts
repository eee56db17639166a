import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// `npm start` runs scripts/start.mjs from a copy of the project whose pieces
// (the build, the CLI, the Electron binary) are small stand-ins, so each path
// it can take is exercised for real: a process, its output, signals, exit codes.

const SCRIPTS = dirname(fileURLToPath(import.meta.url));

let project: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}

/** node_modules as an install of the current lock file leaves it. */
function markInstalled(): void {
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  write(
    'node_modules/.lattice-installed',
    `${createHash('sha256')
      .update(readFileSync(join(project, 'package-lock.json')))
      .digest('hex')}\n`,
  );
}

/** The built app's two marker files. */
function markBuilt(): void {
  write('out/node/main/electron/main.js', '');
  write('out/renderer/index.html', '');
}

/** A `lattice` CLI that reports its arguments and stops cleanly on SIGTERM. */
function fakeCli(): void {
  write(
    'bin/lattice.js',
    `console.log('cli ' + JSON.stringify(process.argv.slice(2)));
process.on('SIGTERM', () => { console.log('cli stopped cleanly'); process.exit(0); });
setInterval(() => undefined, 1000);`,
  );
}

/** An installed Electron whose "binary" reports its arguments and environment. */
function fakeElectron(): void {
  write('node_modules/electron/package.json', '{"name":"electron","main":"index.js"}');
  write('node_modules/electron/index.js', "module.exports = require('path').join(__dirname, 'dist', 'electron');");
  write('node_modules/electron/path.txt', 'electron');
  write('node_modules/electron/dist/electron', '#!/bin/sh\necho "electron $* run-as-node=${ELECTRON_RUN_AS_NODE:-unset}"\n');
  chmodSync(join(project, 'node_modules/electron/dist/electron'), 0o755);
}

const children: ChildProcess[] = [];

/** Runs start.mjs in the project; resolves with its output and exit code, or lets the test talk to it first. */
function start(args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [join(project, 'scripts', 'start.mjs'), ...args], {
    cwd: project,
    // A signal sent to start.mjs alone reaches the host after the grace moment: a short one, so the tests do not wait 2.5 s at each stop.
    env: { ...process.env, npm_execpath: '', LATTICE_GRACE_MS: '50', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  const printed = async (text: string) => {
    while (!output.includes(text)) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return { child, exited, printed, output: () => output };
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'lattice-start-'));
  for (const script of ['start.mjs', 'install-state.mjs']) cpSync(join(SCRIPTS, script), join(project, 'scripts', script));
  write('package.json', '{"name":"lattice","type":"module","scripts":{"build":"node make-build.mjs"}}');
  write('package-lock.json', '{"lockfileVersion":3}');
  // The stand-in for `npm run setup`: "installs", then marks it as postinstall.mjs does.
  write(
    'scripts/setup.mjs',
    `import { mkdirSync } from 'node:fs';
import { markInstalled } from './install-state.mjs';
mkdirSync('node_modules', { recursive: true });
markInstalled(process.cwd());
console.log('installed');`,
  );
  write(
    'make-build.mjs',
    `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('out/node/main/electron', { recursive: true });
mkdirSync('out/renderer', { recursive: true });
writeFileSync('out/node/main/electron/main.js', '');
writeFileSync('out/renderer/index.html', '');
console.log('built');`,
  );
  fakeCli();
  markInstalled();
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(project, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('npm start', () => {
  it('without Electron, says so in one line and runs the browser host with the extra arguments', async () => {
    markBuilt();
    const run = start(['--port', '0', '--no-open']);
    await run.printed('cli ');
    const lines = run.output().trim().split('\n');
    expect(lines).toEqual([
      'lattice: the Electron binary is not installed here, so Lattice opens in your browser instead.',
      'cli ["serve","--port","0","--no-open"]',
    ]);
    run.child.kill('SIGTERM');
    const { code, output } = await run.exited;
    expect(output).toContain('cli stopped cleanly');
    expect(code).toBe(0);
  });

  it('lets a Ctrl+C that reached the host itself stop it cleanly, without a second SIGINT', async () => {
    markBuilt();
    write(
      'bin/lattice.js',
      `console.log('cli pid ' + process.pid);
process.on('SIGINT', () => { console.log('cli got SIGINT'); setTimeout(() => process.exit(0), 300); });
setInterval(() => undefined, 1000);`,
    );
    // The moment must outlast the host's 300 ms to stop, as the real one outlasts a host finishing an import.
    const run = start([], { LATTICE_GRACE_MS: '2000' });
    await run.printed('cli pid ');
    const cliPid = Number(/cli pid (\d+)/.exec(run.output())?.[1]);
    // What a terminal does: the signal reaches every process of the group, and npm forwards one more.
    process.kill(cliPid, 'SIGINT');
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    const { code, output } = await run.exited;
    expect(output.match(/cli got SIGINT/g)).toHaveLength(1);
    expect(code).toBe(0);
  });

  it('passes a SIGINT sent to it alone on to the host and exits as the host exits', async () => {
    markBuilt();
    write('bin/lattice.js', `console.log('cli up'); process.on('SIGINT', () => process.exit(3)); setInterval(() => undefined, 1000);`);
    const run = start();
    await run.printed('cli up');
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(3);
  });

  it('builds first when the build is missing', async () => {
    const run = start(['--no-open']);
    await run.printed('cli ');
    expect(run.output()).toContain('built');
    expect(existsSync(join(project, 'out', 'renderer', 'index.html'))).toBe(true);
    run.child.kill('SIGTERM');
    await run.exited;
  });

  it('installs first on a fresh clone, then builds and runs', async () => {
    rmSync(join(project, 'node_modules'), { recursive: true, force: true });
    const run = start(['--no-open']);
    await run.printed('cli ');
    const output = run.output();
    expect(output).toContain('lattice: installing dependencies (first run');
    expect(output.indexOf('installed')).toBeLessThan(output.indexOf('built'));
    run.child.kill('SIGTERM');
    await run.exited;
  });

  it('installs again when package-lock.json changed since the last install, and not otherwise', async () => {
    markBuilt();
    write('package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/x":{"version":"2.0.0"}}}');
    const first = start();
    await first.printed('cli ');
    expect(first.output()).toContain('package-lock.json changed since the last install');
    first.child.kill('SIGTERM');
    await first.exited;
    const second = start();
    await second.printed('cli ');
    expect(second.output()).not.toContain('installing');
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('stops with the install’s failure when the install fails', async () => {
    rmSync(join(project, 'node_modules'), { recursive: true, force: true });
    write('scripts/setup.mjs', "console.error('registry unreachable'); process.exit(4);");
    const { code, output } = await start().exited;
    expect(code).toBe(4);
    expect(output).toContain('the install failed');
    expect(output).not.toContain('cli ');
  });

  it('stops with the build’s failure when the build fails', async () => {
    write('make-build.mjs', "console.error('syntax error somewhere'); process.exit(2);");
    const { code, output } = await start().exited;
    expect(code).toBe(2);
    expect(output).toContain('the build failed');
    expect(output).not.toContain('cli ');
  });

  it('launches the Electron binary on the app root where it is installed, never as plain Node', async () => {
    markBuilt();
    fakeElectron();
    const { code, output } = await start(['--data-dir', '/tmp/x'], { ELECTRON_RUN_AS_NODE: '1' }).exited;
    expect(code).toBe(0);
    expect(output.trim()).toBe(`electron ${project} --data-dir /tmp/x run-as-node=unset`);
  });

  it('treats an Electron package without its binary as not installed', async () => {
    markBuilt();
    fakeElectron();
    rmSync(join(project, 'node_modules/electron/dist/electron'));
    const run = start();
    await run.printed('cli ');
    expect(run.output()).toContain('not installed here');
    run.child.kill('SIGTERM');
    await run.exited;
  });
});
