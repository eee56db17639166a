/**
 * Where the command line reads and writes. Its own module so the commands
 * (main.ts, serve.ts) both depend on it instead of on each other.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
}
