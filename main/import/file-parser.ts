import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseFile } from './parse-file.js';
import type { ParseRequest, ParseResult } from './parse-file.js';

/**
 * Where the importer gets each file's parse result, in the order the files
 * were handed over. The import's writing code is the same whichever parser
 * feeds it, so the sync and async imports cannot drift apart.
 */
export interface FileParser {
  /** Queues files to parse, after those queued before. */
  enqueue(requests: ParseRequest[]): void;
  /** The result for the next queued file, or undefined while it is still being parsed. */
  take(): ParseResult | undefined;
  /** Resolves once `take` has a result to give. */
  ready(): Promise<void>;
  /** Stops the parser; results not taken are dropped. */
  close(): void;
}

/** Parses on the calling thread, when asked: the sync import, and the fallback of the async one. */
export class InlineFileParser implements FileParser {
  private readonly queue: ParseRequest[] = [];

  enqueue(requests: ParseRequest[]): void {
    this.queue.push(...requests);
  }

  take(): ParseResult | undefined {
    const request = this.queue.shift();
    return request && parseFile(request);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    this.queue.length = 0;
  }
}

/** Files per message to the worker: few enough that a result is soon ready, enough that messaging costs little. */
const CHUNK = 16;

/**
 * Parses on a worker thread, so parsing the next files overlaps with the
 * import's thread writing the last ones to SQLite. At most `lookahead` files
 * are parsed ahead of what the importer has taken, which caps the memory the
 * parsed notes hold. If the worker cannot start or dies, nothing is lost: the
 * files it had not answered for are parsed inline, in the same order.
 */
export class WorkerFileParser implements FileParser {
  /** Queued, not yet sent to the worker. */
  private pending: ParseRequest[] = [];
  /** Sent to the worker, no result yet; oldest first. */
  private sent: ParseRequest[] = [];
  /** Results received, not yet taken; oldest first. */
  private readonly results: ParseResult[] = [];
  private worker: Worker | undefined;
  private wake: (() => void) | undefined;
  private readonly lookahead: number;

  constructor(
    worker: Worker,
    lookahead: number,
    private readonly onLost: (reason: string) => void,
  ) {
    this.worker = worker;
    this.lookahead = Math.max(1, lookahead);
    worker.on('message', (results: ParseResult[]) => {
      // Answers still in flight when the worker was given up on: those files are parsed inline.
      if (!this.worker) return;
      this.sent.splice(0, results.length);
      this.results.push(...results);
      this.pump();
      this.notify();
    });
    worker.on('error', (error) => this.lose(`it failed: ${error.message}`));
    worker.on('messageerror', (error) => this.lose(`a message could not be read: ${error.message}`));
    worker.on('exit', (code) => this.lose(`it exited with code ${code}`));
  }

  enqueue(requests: ParseRequest[]): void {
    this.pending.push(...requests);
    this.pump();
  }

  take(): ParseResult | undefined {
    const result = this.results.shift();
    if (result) {
      this.pump();
      return result;
    }
    if (this.worker) return undefined;
    const request = this.pending.shift();
    return request && parseFile(request);
  }

  ready(): Promise<void> {
    if (this.results.length > 0 || !this.worker) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.pending = [];
    this.sent = [];
    void worker?.terminate();
  }

  private pump(): void {
    for (;;) {
      // Whole chunks only: topping up one file per file taken would send one message per note.
      const size = Math.min(CHUNK, this.lookahead, this.pending.length);
      const room = this.lookahead - this.sent.length - this.results.length;
      if (!this.worker || size === 0 || room < size) return;
      const chunk = this.pending.splice(0, size);
      this.sent.push(...chunk);
      this.worker.postMessage(chunk);
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The worker is gone (or never came up): what it still owed is parsed inline, first. */
  private lose(reason: string): void {
    const worker = this.worker;
    if (!worker) return; // closed on purpose, or already lost
    this.worker = undefined;
    this.pending = [...this.sent, ...this.pending];
    this.sent = [];
    void worker.terminate();
    this.onLost(reason);
    this.notify();
  }
}

// A name, not a literal in `new URL(…)`: vite would otherwise treat it as an
// asset of the CLI bundle, where parse-worker.js is an entry of its own.
const WORKER_FILE = 'parse-worker.js';

/**
 * The compiled worker entry next to this module: out/node/main/import in
 * Electron and `npm run build:node`, out/cli in the bundled CLI (where
 * scripts/bundle-cli.mjs emits it beside the chunk holding this code).
 * Undefined when running from TypeScript sources (vitest), where there is
 * no compiled worker to start.
 */
export function parseWorkerFile(): string | undefined {
  if (!import.meta.url.startsWith('file:') || import.meta.url.endsWith('.ts')) return undefined;
  return fileURLToPath(new URL(WORKER_FILE, import.meta.url));
}

let hasWarned = false;

/** Says once per process that imports parse inline: slower, never wrong. */
export function warnOnce(message: string): void {
  if (hasWarned) return;
  hasWarned = true;
  console.warn(`lattice: ${message}; parsing notes on the import's own thread instead`);
}

/**
 * A worker-backed parser for a large import, started from `startWorker` or
 * from the compiled worker file; an inline parser when no worker can be had.
 */
export function openFileParser(startWorker: (() => Worker) | undefined, lookahead: number, warn: (message: string) => void = warnOnce): FileParser {
  const onLost = (reason: string): void => warn(`the import's parse worker stopped (${reason})`);
  if (startWorker) return new WorkerFileParser(startWorker(), lookahead, onLost);
  const file = parseWorkerFile();
  if (!file) return new InlineFileParser();
  if (!existsSync(file)) {
    warn(`the import's parse worker ${file} is missing`);
    return new InlineFileParser();
  }
  try {
    return new WorkerFileParser(new Worker(file), lookahead, onLost);
  } catch (error) {
    warn(`the import's parse worker could not start (${(error as Error).message})`);
    return new InlineFileParser();
  }
}
