import { main } from './main.js';
import type { CliIo } from './io.js';

/** What one run of the command line printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `lattice ...argv` in-process over `dataDir` (as LATTICE_DATA_DIR) from
 * `cwd`, capturing what it prints — the way the CLI tests drive it. Not part
 * of the app: tsconfig.node.json leaves this file out of the build.
 */
export async function runCli(argv: string[], where: { dataDir: string; cwd: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += `${t}\n`),
    stderr: (t) => (stderr += `${t}\n`),
    env: { LATTICE_DATA_DIR: where.dataDir },
    cwd: where.cwd,
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
