import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CardPlanner } from '../drills/card-plan.js';
import { parseFile, withCardPlan } from './parse-file.js';
import type { ParseRequest, ParseResult } from './parse-file.js';
import { fromWire } from './question-transfer.js';
import type { WireParseResult } from './question-transfer.js';
import { log } from '../log/logger.js';

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
  /**
   * From now on, plans the cards of each note it parses (card-plan.ts),
   * given the hashes of the question keys stored: the writer then only
   * checks and writes them. A parser may plan fewer notes (a replaced worker
   * plans none); those are synced as any other.
   */
  planCards(storedKeyHashes: number[]): void;
}

/** Parses on the calling thread, when asked: the sync import, and the fallback of the async one. */
export class InlineFileParser implements FileParser {
  private readonly queue: ParseRequest[] = [];
  private planner: CardPlanner | undefined;

  enqueue(requests: ParseRequest[]): void {
    this.queue.push(...requests);
  }

  take(): ParseResult | undefined {
    const request = this.queue.shift();
    return request && withCardPlan(this.planner, request, parseFile(request));
  }

  planCards(storedKeyHashes: number[]): void {
    this.planner = new CardPlanner(storedKeyHashes);
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
 * How long one note may take to parse before its worker is stopped and the
 * note reported. Every note under the 10 MB cap is to be imported or refused
 * within 8 s (issue 14): 6 s of parsing leaves the rest for reading, writing
 * and starting a fresh worker. 10 MB of ordinary notes joined into one (30,000
 * headings) parses in about 3 s on a busy 2-core machine.
 */
export const DEFAULT_PARSE_DEADLINE_MS = 6_000;
/**
 * The parse worker's heap ceiling: a note needing more is reported, not
 * imported. With the app's own ~230 MB, the process stays under the 600 MB
 * the issue allows (bench:hostile: 575 MB at most, 605 MB with 320); 10 MB of
 * ordinary notes need about 260 MB of heap.
 */
export const DEFAULT_PARSE_MEMORY_MB = 300;

/**
 * Shared with the parse worker, which writes in it which file it is reading
 * and since when: the importer's thread can then tell a worker stuck on one
 * note from one that is merely busy, even while its own event loop was held
 * up by a batch write and messages wait unread. Int32 slots, so Atomics
 * orders the two writes (start time first, then the file's number).
 */
export interface ParseWorkerData {
  progress: SharedArrayBuffer;
  /** Date.now() of the worker's start: times in `progress` are milliseconds since. */
  base: number;
}

/** What the importer sends its parse worker: files to parse, in order, or the start of card planning (FileParser.planCards). */
export type ParseWorkerMessage = ParseRequest[] | { planCards: number[] };

/** Slot 0: the number of the file being read (files sent to this worker, counted from 0), or -1. Slot 1: when its reading began. */
export const PROGRESS_FILE = 0;
export const PROGRESS_STARTED = 1;

/** Bounds on reading one note on the worker. */
export interface ParseLimits {
  deadlineMs: number;
  memoryMb: number;
}

/** One file queued for parsing, and its result once known. */
interface Slot {
  request: ParseRequest;
  result?: ParseResult;
}

const seconds = (ms: number): string => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`);

/**
 * Parses on a worker thread, so parsing the next files overlaps with the
 * import's thread writing the last ones to SQLite. At most `lookahead` files
 * are parsed ahead of what the importer has taken, which caps the memory the
 * parsed notes hold. Each note is read under a deadline and a heap ceiling:
 * a worker stuck on one note, or out of memory, is stopped and replaced, the
 * note is reported as failed with the reason, and the other files go on. If
 * the worker cannot start or dies for another reason, nothing is lost: the
 * files it had not answered for are parsed inline, in the same order.
 */
export class WorkerFileParser implements FileParser {
  /** Every file not yet taken, in the order queued: results are given in this order. */
  private readonly queue: Slot[] = [];
  /** Queued, not yet sent to the worker (files to send again come first). */
  private pending: Slot[] = [];
  /** Sent to the current worker, no result yet; in the order sent. */
  private sent: Slot[] = [];
  /** Results received from the current worker: the number of the next file it answers for. */
  private answered = 0;
  private worker: Worker | undefined;
  private wake: (() => void) | undefined;
  private readonly lookahead: number;
  private progress: Int32Array | undefined;
  private base = 0;
  private watch: ReturnType<typeof setInterval> | undefined;

  /**
   * `worker` is a started worker, or a function starting one with the shared
   * progress it is to write: only then are the deadline and the ceiling kept
   * (a worker that ignores its progress is never timed out).
   */
  constructor(
    worker: Worker | ((data: ParseWorkerData) => Worker),
    lookahead: number,
    private readonly onLost: (reason: string) => void,
    private readonly limits: ParseLimits = { deadlineMs: DEFAULT_PARSE_DEADLINE_MS, memoryMb: DEFAULT_PARSE_MEMORY_MB },
  ) {
    this.lookahead = Math.max(1, lookahead);
    this.start = typeof worker === 'function' ? worker : undefined;
    if (typeof worker === 'function') this.replaceWorker();
    else this.attach(worker);
  }

  private readonly start: ((data: ParseWorkerData) => Worker) | undefined;

  enqueue(requests: ParseRequest[]): void {
    for (const request of requests) {
      const slot: Slot = { request };
      this.queue.push(slot);
      this.pending.push(slot);
    }
    this.pump();
  }

  planCards(storedKeyHashes: number[]): void {
    // Only to the worker running now: one started after it would number its cards from 0 again.
    const message: ParseWorkerMessage = { planCards: storedKeyHashes };
    this.worker?.postMessage(message);
  }

  take(): ParseResult | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    if (head.result) {
      this.queue.shift();
      this.pump();
      return head.result;
    }
    if (this.worker) return undefined;
    // No worker any more: the head was never answered, so it is pending; parse it here.
    this.queue.shift();
    this.pending = this.pending.filter((slot) => slot !== head);
    return parseFile(head.request);
  }

  ready(): Promise<void> {
    if (this.queue[0]?.result || !this.worker) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.stopWatch();
    this.pending = [];
    this.sent = [];
    this.queue.length = 0;
    void worker?.terminate();
  }

  private attach(worker: Worker): void {
    this.worker = worker;
    this.sent = [];
    this.answered = 0;
    worker.on('message', (results: WireParseResult[]) => {
      // Answers still in flight from a worker given up on: those files are parsed again.
      if (this.worker !== worker) return;
      for (const result of results) {
        const slot = this.sent.shift();
        if (slot) slot.result = fromWire(result);
        this.answered++;
      }
      this.pump();
      this.notify();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      if (
        error.code === 'ERR_WORKER_OUT_OF_MEMORY' &&
        this.failCurrent(`needed more than ${this.limits.memoryMb} MB to read; not imported`)
      )
        return;
      this.lose(`it failed: ${error.message}`);
    });
    worker.on('messageerror', (error) => {
      if (this.worker === worker) this.lose(`a message could not be read: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.lose(`it exited with code ${code}`);
    });
  }

  /** Starts a fresh worker with fresh shared progress (first start, or after one was stopped). */
  private replaceWorker(): void {
    if (!this.start) return;
    const progress = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    this.progress = new Int32Array(progress);
    Atomics.store(this.progress, PROGRESS_FILE, -1);
    this.base = Date.now();
    this.attach(this.start({ progress, base: this.base }));
    this.startWatch();
  }

  /** Checks the file being read a few times per deadline; it never keeps the process alive. */
  private startWatch(): void {
    this.stopWatch();
    this.watch = setInterval(() => this.checkDeadline(), Math.max(5, Math.min(250, this.limits.deadlineMs / 4)));
    this.watch.unref();
  }

  private stopWatch(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = undefined;
  }

  private checkDeadline(): void {
    if (!this.worker || !this.progress || Atomics.load(this.progress, PROGRESS_FILE) < 0) return;
    const started = this.base + Atomics.load(this.progress, PROGRESS_STARTED);
    if (Date.now() - started > this.limits.deadlineMs) {
      this.failCurrent(`took longer than ${seconds(this.limits.deadlineMs)} to read; not imported`);
    }
  }

  /**
   * The file the worker is reading is given up on: it fails with `reason`,
   * the worker is stopped and replaced, and the files it had been sent but
   * not answered for are sent to the new one. False if no file was being read.
   */
  private failCurrent(reason: string): boolean {
    const worker = this.worker;
    if (!worker || !this.progress || !this.start) return false;
    const current = Atomics.load(this.progress, PROGRESS_FILE);
    const stuck = this.sent[current - this.answered];
    if (current < 0 || !stuck) return false;
    stuck.result = { kind: 'failed', error: reason };
    this.pending = [...this.sent.filter((slot) => slot !== stuck), ...this.pending];
    this.worker = undefined;
    void worker.terminate();
    try {
      this.replaceWorker();
    } catch (error) {
      this.onLost(`it could not be started again (${(error as Error).message})`);
    }
    this.pump();
    this.notify();
    return true;
  }

  private pump(): void {
    for (;;) {
      // Whole chunks only: topping up one file per file taken would send one message per note.
      const size = Math.min(CHUNK, this.lookahead, this.pending.length);
      const ahead = this.queue.length - this.pending.length;
      const room = this.lookahead - ahead;
      if (!this.worker || size === 0 || room < size) return;
      const chunk = this.pending.splice(0, size);
      this.sent.push(...chunk);
      this.worker.postMessage(chunk.map((slot) => slot.request));
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
    this.stopWatch();
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
  log.warn(`${message}; parsing notes on the import's own thread instead`);
}

/**
 * A worker-backed parser for a large import, started from `startWorker` or
 * from the compiled worker file; an inline parser when no worker can be had.
 */
export function openFileParser(
  startWorker: ((data: ParseWorkerData) => Worker) | undefined,
  lookahead: number,
  warn: (message: string) => void = warnOnce,
  limits: ParseLimits = { deadlineMs: DEFAULT_PARSE_DEADLINE_MS, memoryMb: DEFAULT_PARSE_MEMORY_MB },
): FileParser {
  const onLost = (reason: string): void => warn(`the import's parse worker stopped (${reason})`);
  if (startWorker) return new WorkerFileParser(startWorker, lookahead, onLost, limits);
  const file = parseWorkerFile();
  if (!file) return new InlineFileParser();
  if (!existsSync(file)) {
    warn(`the import's parse worker ${file} is missing`);
    return new InlineFileParser();
  }
  try {
    // The young generation is bounded too: V8 otherwise sizes it from the machine, not the ceiling.
    const start = (workerData: ParseWorkerData): Worker =>
      new Worker(file, { workerData, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 16 } });
    return new WorkerFileParser(start, lookahead, onLost, limits);
  } catch (error) {
    warn(`the import's parse worker could not start (${(error as Error).message})`);
    return new InlineFileParser();
  }
}
