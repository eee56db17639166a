import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { buildNoteContent, contentHash } from './note-content.js';
import type { ParsedNote } from './note-content.js';
import type { CardPlanner } from '../drills/card-plan.js';

/** One file the importer considers, with the hash of the version stored for it, if any. */
export interface ParseRequest {
  absPath: string;
  /** Path inside the library, '/' separated. */
  notePath: string;
  storedHash: string | undefined;
  /**
   * A stored note read again with newer rules (reread-notes.ts): its stored
   * Markdown, parsed under `storedHash` (the hash of its file's bytes, which
   * it keeps) instead of the file read from `absPath`.
   */
  source?: string;
}

/**
 * What became of one file: plain data, so a worker thread can send it back.
 * `failed` carries the message the import report shows for the file.
 */
export type ParseResult = { kind: 'unchanged' } | { kind: 'parsed'; content: ParsedNote } | { kind: 'failed'; error: string };

/**
 * Reads, hashes and parses one note file — the pure, expensive half of an
 * import. It runs on the import's own thread or on the parse worker, and
 * both must report exactly the same thing, so the messages are made here.
 */
export function parseFile(request: ParseRequest): ParseResult {
  if (request.source !== undefined) {
    const stored = Buffer.from(request.source, 'utf8');
    try {
      return { kind: 'parsed', content: buildNoteContent(stored, request.notePath, request.storedHash ?? contentHash(stored)) };
    } catch (error) {
      return { kind: 'failed', error: (error as Error).message };
    }
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(request.absPath);
  } catch (error) {
    return { kind: 'failed', error: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  const hash = contentHash(bytes);
  // An unchanged file is not parsed at all: re-importing a library costs a
  // read and a hash per note. One that is not UTF-8 is: importers before
  // encodings were detected stored such a file misread (GBK as damaged
  // UTF-8), so it is read again and the importer compares the readings.
  // isUtf8 is native and vectorized: UTF-8 libraries hardly pay for it.
  if (request.storedHash === hash && isUtf8(bytes)) return { kind: 'unchanged' };
  try {
    return { kind: 'parsed', content: buildNoteContent(bytes, request.notePath, hash) };
  } catch (error) {
    return { kind: 'failed', error: (error as Error).message };
  }
}

/**
 * A parse result with its note's card plan (card-plan.ts) when a planner
 * is given: the parser plans each note as it parses it, in the order the
 * importer writes them.
 */
export function withCardPlan(planner: CardPlanner | undefined, request: ParseRequest, result: ParseResult): ParseResult {
  if (planner && result.kind === 'parsed') {
    const { questions, cardFields } = result.content;
    const plan = planner.plan(request.storedHash !== undefined || request.source !== undefined, questions, cardFields);
    if (plan) result.content.cardPlan = plan;
  }
  return result;
}
