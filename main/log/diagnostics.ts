import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * What the log can tell a person who is about to report a problem, read back
 * from the file. Only our own words leave it: the message we wrote, the
 * error's type and the stack's frames. An error's own message is left out on
 * purpose — it may quote a note (a parser's complaint, a path, SQL with a
 * value) — and the person sends the diagnostics, not the log.
 */

/** How much of the log's end is read to find its last errors. */
const TAIL_BYTES = 256 * 1024;
const FRAMES_PER_ERROR = 6;

interface LogRecord {
  level?: number;
  time?: number;
  msg?: string;
  err?: { type?: string; stack?: string };
}

/** The last `count` error lines of a log file, oldest first, each with the frames of its stack; none when there is no log. */
export function recentErrors(path: string, count = 5): string[] {
  if (!existsSync(path)) return [];
  const records: string[] = [];
  for (const line of tail(path, TAIL_BYTES).split('\n')) {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      continue; // the first line of the tail is usually cut: not a record
    }
    if ((record.level ?? 0) < 50) continue;
    const when = typeof record.time === 'number' ? new Date(record.time).toISOString() : '?';
    const frames = (record.err?.stack ?? '')
      .split('\n')
      .map((frame) => frame.trim())
      .filter((frame) => frame.startsWith('at '))
      .slice(0, FRAMES_PER_ERROR);
    const type = record.err?.type ? ` [${record.err.type}]` : '';
    records.push([`${when} ${record.msg ?? ''}${type}`, ...frames.map((frame) => `    ${frame}`)].join('\n'));
  }
  return records.slice(-count);
}

function tail(path: string, bytes: number): string {
  const size = statSync(path).size;
  const length = Math.min(size, bytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/**
 * The bytes a folder holds, counted over at most `limit` entries so a data
 * directory full of uploads cannot stall the call; `isPartial` says the count stopped early.
 */
export function folderSize(dir: string, limit = 50_000): { bytes: number; isPartial: boolean } {
  let bytes = 0;
  let seen = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue; // a folder removed or unreadable while counting adds nothing
    }
    for (const entry of entries) {
      if (++seen > limit) return { bytes, isPartial: true };
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) {
        try {
          bytes += statSync(path).size;
        } catch {
          // gone between listing and counting (the WAL at a checkpoint): nothing to count
        }
      }
    }
  }
  return { bytes, isPartial: false };
}
