// Entry of the import's parse worker (see file-parser.ts). It parses the
// files it is sent, in the order sent, and answers each file as soon as it is
// read, so the importer can tell which file a stuck worker is on.
import { parentPort, workerData } from 'node:worker_threads';
import { PROGRESS_FILE, PROGRESS_STARTED } from './file-parser.js';
import type { ParseWorkerData, ParseWorkerMessage } from './file-parser.js';
import { CardPlanner } from '../drills/card-plan.js';
import { parseFile, withCardPlan } from './parse-file.js';
import { toWire } from './question-transfer.js';

if (!parentPort) throw new Error('parse-worker.js runs only as a worker thread');
const port = parentPort;
const data = workerData as ParseWorkerData | undefined;
const progress = data?.progress ? new Int32Array(data.progress) : undefined;
let fileNumber = 0;

/** Plans each note's cards once the importer asks (FileParser.planCards); a replaced worker is never asked. */
let planner: CardPlanner | undefined;

port.on('message', (message: ParseWorkerMessage) => {
  if (!Array.isArray(message)) {
    planner = new CardPlanner(message.planCards);
    return;
  }
  for (const request of message) {
    if (progress && data) {
      // The start time first: the importer reads the number, then the time.
      Atomics.store(progress, PROGRESS_STARTED, Date.now() - data.base);
      Atomics.store(progress, PROGRESS_FILE, fileNumber);
    }
    const result = withCardPlan(planner, request, parseFile(request));
    if (progress) Atomics.store(progress, PROGRESS_FILE, -1);
    fileNumber++;
    port.postMessage([toWire(result)]);
  }
});
