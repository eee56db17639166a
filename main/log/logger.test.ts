import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import { dispatch } from '../api/dispatch.js';
import { levelFromEnv, log, logFilePath, plainLine, useLogFile } from './logger.js';
import { RotatingFile } from './rotating-file.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-log-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const lines = (path: string): string[] => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);

describe('an unexpected failure in a handler', () => {
  it('is written to the data directory’s log once, with its stack, under the reference the page is shown', async () => {
    const app = openLattice({ dataDir: work, withStarter: false });
    await app.idle();
    const before = lines(logFilePath(work)).length;
    // A real failure, not a stub: the store is gone under a call that needs it.
    app.close();
    const response = await dispatch(app.table, 'notes.get', { id: 1 });

    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.type).toBe('Internal');
    expect(response.error.message).toMatch(/^notes\.get failed unexpectedly \(error [0-9a-f]{8}; the details are in the log\)$/);
    const reference = /error ([0-9a-f]{8})/.exec(response.error.message)![1]!;

    const written = lines(logFilePath(work)).slice(before);
    expect(written).toHaveLength(1);
    const record = JSON.parse(written[0]!) as { level: number; msg: string; reference: string; call: string; err: { stack: string } };
    expect(record.level).toBe(50);
    expect(record.msg).toBe(`internal error ${reference} in notes.get`);
    expect(record.reference).toBe(reference);
    expect(record.call).toBe('notes.get');
    expect(record.err.stack).toMatch(/database connection is not open/);
    expect(record.err.stack).toMatch(/\n\s+at /);
  });

  it('is not logged when it is a failure meant for the person', async () => {
    const app = openLattice({ dataDir: work, withStarter: false });
    await app.idle();
    const before = lines(logFilePath(work)).length;
    const response = await dispatch(app.table, 'notes.get', { id: 424242 });
    app.close();
    expect(response.ok).toBe(false);
    expect(lines(logFilePath(work)).slice(before)).toHaveLength(0);
  });
});

describe('the log file', () => {
  it('is set aside as .1 when the next line would take it over its size, and keeps only so many old files', () => {
    const path = join(work, 'logs', 'lattice.log');
    const file = new RotatingFile(path, { maxBytes: 100, keep: 2 });
    const line = (tag: string) => `${tag}${'x'.repeat(38)}\n`; // 40 bytes
    file.write(line('a'));
    file.write(line('b'));
    expect(existsSync(`${path}.1`)).toBe(false);
    file.write(line('c')); // 120 > 100: a and b are set aside
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(line('a') + line('b'));
    expect(readFileSync(path, 'utf8')).toBe(line('c'));
    file.write(line('d'));
    file.write(line('e')); // c, d set aside; a, b move to .2
    file.write(line('f'));
    file.write(line('g')); // e, f set aside; c, d to .2; a, b dropped
    expect(readFileSync(path, 'utf8')).toBe(line('g'));
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(line('e') + line('f'));
    expect(readFileSync(`${path}.2`, 'utf8')).toBe(line('c') + line('d'));
    expect(existsSync(`${path}.3`)).toBe(false);
  });

  it('picks up the size of a file an earlier run left', () => {
    const path = join(work, 'lattice.log');
    new RotatingFile(path, { maxBytes: 50, keep: 1 }).write('y'.repeat(40));
    new RotatingFile(path, { maxBytes: 50, keep: 1 }).write('z'.repeat(20));
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('y'.repeat(40));
    expect(readFileSync(path, 'utf8')).toBe('z'.repeat(20));
  });
});

describe('levels and stderr', () => {
  it('takes LATTICE_LOG, and info when it is unset or unknown', () => {
    expect(levelFromEnv({ LATTICE_LOG: 'debug' })).toBe('debug');
    expect(levelFromEnv({ LATTICE_LOG: ' WARN ' })).toBe('warn');
    expect(levelFromEnv({ LATTICE_LOG: 'loud' })).toBe('info');
    expect(levelFromEnv({})).toBe('info');
  });

  it('writes debug lines to the file only when LATTICE_LOG=debug asks for them', () => {
    const quiet = join(work, 'quiet');
    const loud = join(work, 'loud');
    const previous = process.env.LATTICE_LOG;
    try {
      delete process.env.LATTICE_LOG;
      useLogFile(quiet);
      log.debug('not wanted');
      log.info('wanted');
      process.env.LATTICE_LOG = 'debug';
      useLogFile(loud);
      log.debug('wanted too');
    } finally {
      if (previous === undefined) delete process.env.LATTICE_LOG;
      else process.env.LATTICE_LOG = previous;
    }
    expect(lines(logFilePath(quiet)).map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['wanted']);
    expect(lines(logFilePath(loud)).map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['wanted too']);
  });

  it('shows a person on the terminal the level, the message and the stack, not JSON', () => {
    const json = JSON.stringify({
      level: 40,
      time: 1,
      msg: 'the PDF fell back to HTML',
      err: { stack: 'Error: no chromium\n    at x (y.ts:1:1)' },
    });
    expect(plainLine(json)).toBe('lattice: warn: the PDF fell back to HTML\nError: no chromium\n    at x (y.ts:1:1)\n');
  });
});
