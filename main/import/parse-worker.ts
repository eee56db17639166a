// Entry of the import's parse worker (see file-parser.ts). It parses the
// files it is sent, in the order sent, and answers each message with the
// results of that message's files, in the same order.
import { parentPort } from 'node:worker_threads';
import { parseFile } from './parse-file.js';
import type { ParseRequest, ParseResult } from './parse-file.js';

if (!parentPort) throw new Error('parse-worker.js runs only as a worker thread');
const port = parentPort;

port.on('message', (requests: ParseRequest[]) => {
  const results: ParseResult[] = requests.map(parseFile);
  port.postMessage(results);
});
