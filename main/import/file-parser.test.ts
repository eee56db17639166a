import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerFileParser } from './file-parser.js';
import type { ParseRequest, ParseResult } from './parse-file.js';

// A stand-in worker with the parse worker's protocol: it answers each file
// with its own path, and says how many files it has been sent so far.
const ECHO = `
  const { parentPort } = require('node:worker_threads');
  let received = 0;
  parentPort.on('message', (requests) => {
    received += requests.length;
    parentPort.postMessage(requests.map((r) => ({ kind: 'failed', error: r.notePath + ' after ' + received })));
  });
`;

const parsers: WorkerFileParser[] = [];
afterEach(() => {
  for (const parser of parsers.splice(0)) parser.close();
});

const requests = (n: number): ParseRequest[] =>
  Array.from({ length: n }, (_, i) => ({ absPath: `/nowhere/${i}.md`, notePath: `${i}.md`, storedHash: undefined }));

async function takeAll(parser: WorkerFileParser, n: number): Promise<string[]> {
  const taken: string[] = [];
  while (taken.length < n) {
    const result: ParseResult | undefined = parser.take();
    if (result) taken.push(result.kind === 'failed' ? result.error : result.kind);
    else await parser.ready();
  }
  return taken;
}

describe('WorkerFileParser', () => {
  it('gives the results in order and keeps at most `lookahead` files ahead of the importer', async () => {
    const parser = new WorkerFileParser(new Worker(ECHO, { eval: true }), 5, () => undefined);
    parsers.push(parser);
    parser.enqueue(requests(40));
    await parser.ready();
    // Time for the worker to answer all it was sent: still no more than 5 files.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const taken = await takeAll(parser, 40);
    expect(taken.map((t) => t.split(' ')[0])).toEqual(requests(40).map((r) => r.notePath));
    const sentBeforeFirstTake = Number(taken[4]?.split(' after ')[1]);
    expect(sentBeforeFirstTake).toBeLessThanOrEqual(5);
  });

  it('parses what a dead worker owed inline, in order, and says so once', async () => {
    const lost: string[] = [];
    const parser = new WorkerFileParser(new Worker('process.exit(3)', { eval: true }), 5, (reason) => lost.push(reason));
    parsers.push(parser);
    parser.enqueue(requests(12));
    const taken = await takeAll(parser, 12);
    // Parsed inline, each of these files (none exists) fails to be read.
    expect(taken).toEqual(requests(12).map(() => 'cannot be read: ENOENT'));
    expect(lost).toEqual(['it exited with code 3']);
  });
});
