import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Level, Logger, StreamEntry } from 'pino';
import { DEFAULT_ROTATION, RotatingFile } from './rotating-file.js';
import type { RotationLimits } from './rotating-file.js';

/*
 * The main process's one logger. Every line goes to stderr (which the desktop
 * app and `lattice serve` keep, and a person at a shell sees) and, once a data
 * directory is open, to `logs/lattice.log` inside it: the file a person can
 * send when something went wrong. The file holds pino's JSON lines so the
 * diagnostics can read its last errors back; stderr gets the same lines as
 * plain text. `LATTICE_LOG=debug` (or trace, warn, error, silent) sets how
 * much is written; the default is info.
 */

const LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The level asked for through LATTICE_LOG, else info. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): Level | 'silent' {
  const asked = env.LATTICE_LOG?.trim().toLowerCase();
  return asked && LEVELS.includes(asked) ? (asked as Level | 'silent') : 'info';
}

/** The log file of a data directory. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'lattice.log');
}

interface LogRecord {
  level?: number;
  msg?: string;
  err?: { stack?: string; message?: string };
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** pino's JSON line as a person reads it on a terminal: `lattice: warn: message`, then the stack. */
export function plainLine(json: string): string {
  let record: LogRecord;
  try {
    record = JSON.parse(json) as LogRecord;
  } catch {
    return json; // not one of ours: pass it through untouched
  }
  const level = LEVEL_NAMES[record.level ?? 30] ?? 'info';
  const story = record.err?.stack ?? record.err?.message;
  return `lattice: ${level}: ${record.msg ?? ''}${story ? `\n${story}` : ''}\n`;
}

const stderrStream = { write: (line: string) => void process.stderr.write(plainLine(line)) };

// pino is loaded on the first line written, not at start-up: most runs never
// log, and the CLI's start sits between a page's request and its first note.
const requireModule = createRequire(import.meta.url);

function build(file: RotatingFile | undefined, level: Level | 'silent'): Logger {
  const pino = requireModule('pino') as typeof import('pino');
  const streams: StreamEntry[] = [{ level: 'trace', stream: stderrStream }];
  if (file) streams.push({ level: 'trace', stream: file });
  // base: no pid/hostname — the log is meant to be sent, and the host name says nothing useful about a bug.
  return pino({ level, base: undefined }, pino.multistream(streams));
}

let file: RotatingFile | undefined;
let current: Logger | undefined;

/**
 * Sends the log to the data directory's file from now on (openLattice calls
 * this; one process serves one data directory). Returns the file's path.
 */
export function useLogFile(dataDir: string, limits: RotationLimits = DEFAULT_ROTATION): string {
  const path = logFilePath(dataDir);
  if (file?.path !== path) {
    file = new RotatingFile(path, limits);
    current = undefined;
  }
  return path;
}

/** The file the log is going to, if a data directory is open. */
export function currentLogFile(): string | undefined {
  return file?.path;
}

/** Extra fields for a line; `err` is written with its type, message and stack. */
export type LogFields = Record<string, unknown> & { err?: unknown };

/**
 * The logger, message first. `err` in the fields is serialised with its stack.
 * Writing a line never throws: a full disk must not turn a warning into a crash.
 */
export const log = {
  error: (message: string, fields: LogFields = {}) => write('error', message, fields),
  warn: (message: string, fields: LogFields = {}) => write('warn', message, fields),
  info: (message: string, fields: LogFields = {}) => write('info', message, fields),
  debug: (message: string, fields: LogFields = {}) => write('debug', message, fields),
};

const RANK: Record<Level | 'silent', number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

function write(level: Level, message: string, fields: LogFields): void {
  const threshold = levelFromEnv();
  // A line below the level costs nothing, not even loading pino (debug lines sit on hot fallbacks).
  if (RANK[level] < RANK[threshold]) return;
  try {
    current ??= build(file, threshold);
    current[level](fields, message);
  } catch (error) {
    // The log itself failed (disk full, folder gone): say so where a person may still see it, and go on.
    process.stderr.write(`lattice: could not write to the log: ${String(error)}\n${message}\n`);
  }
}
