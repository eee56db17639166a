import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from '../main/app-paths.js';

/** A `lattice serve` the benchmarks started, as a person would from a terminal. */
export interface HostProcess {
  /** The URL it printed, token included. */
  url: string;
  pid: number;
  /** performance.now() just before it was spawned: where "host start" is measured from. */
  startedAt: number;
  /** Stops it and resolves once it has exited (and freed its port). */
  stop: () => Promise<void>;
}

/**
 * Starts the browser host over `dataDir` on `port` (by default a free one) and resolves once it prints its URL.
 * `isQuiet` drops what it says on stderr (a check that starts it hundreds of times).
 */
export async function startHost(dataDir: string, port = 0, isQuiet = false): Promise<HostProcess> {
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [join(appRoot(), 'bin', 'lattice.js'), 'serve', '--port', String(port), '--no-open', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', isQuiet ? 'ignore' : 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)$/m.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
  if (child.pid === undefined) throw new Error('host has no pid');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid,
    startedAt,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
