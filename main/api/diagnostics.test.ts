import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openLattice } from '../app.js';
import { logFilePath } from '../log/logger.js';
import { diagnosticsHandlers, PAGE_REPORTS_PER_MINUTE } from './diagnostics.js';
import { dispatch } from './dispatch.js';
import type { HandlerTable } from './handler.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-diagnostics-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const logLines = (dataDir: string): { level: number; msg: string; err?: { type: string; message: string; stack: string } }[] => {
  const path = logFilePath(dataDir);
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as never)
    : [];
};

describe('settings.diagnostics', () => {
  it('gives versions, sizes, counts and the log’s last error with its frames, and nothing a note says', async () => {
    const notes = join(work, 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'secret.md'), '# 紫色长颈鹿 Giraffe Title\n\nThe passphrase is purple-giraffe-7731.\n');
    const app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
    await app.call('library.import', { paths: [notes] });
    await app.idle();
    // A bug whose message quotes the note, as a parser's complaint would.
    const broken: Partial<HandlerTable> = {
      ...app.table,
      'notes.get': {
        schema: z.object({ id: z.number() }),
        run: () => {
          throw new Error('choked on: purple-giraffe-7731 in 紫色长颈鹿');
        },
      },
    };
    const failed = await dispatch(broken, 'notes.get', { id: 1 });
    const reference = failed.ok ? '' : /error ([0-9a-f]{8})/.exec(failed.error.message)![1]!;
    expect(reference).toMatch(/^[0-9a-f]{8}$/);

    const diagnostics = await app.call('settings.diagnostics', {});
    app.close();
    const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(diagnostics.lattice).toBe(version);
    expect(diagnostics.runtime).toBe(`Node ${process.versions.node}`);
    expect(diagnostics.platform).toContain(process.platform);
    expect(diagnostics.logFile).toBe(join(work, 'data', 'logs', 'lattice.log'));
    expect(diagnostics.notes).toBe(1);
    expect(diagnostics.cards).toBe(0);
    expect(diagnostics.dataDirBytes).toBeGreaterThan(0);
    expect(diagnostics.recentErrors).toHaveLength(1);
    expect(diagnostics.recentErrors[0]).toContain(`internal error ${reference} in notes.get [Error]`);
    expect(diagnostics.recentErrors[0]).toMatch(/\n {4}at .*diagnostics\.test\.ts/);
    // The log itself keeps the whole story for whoever reads it on this machine…
    expect(readFileSync(diagnostics.logFile, 'utf8')).toContain('purple-giraffe-7731');
    // …but what the person copies holds no note text, title or error message.
    const copied = JSON.stringify(diagnostics);
    for (const secret of ['purple-giraffe', '紫色长颈鹿', 'Giraffe', 'passphrase', 'choked']) expect(copied).not.toContain(secret);
  });
});

describe('log.report', () => {
  it('writes the page’s error to the main log once, with its stack, and at most so many a minute', async () => {
    const dataDir = join(work, 'data');
    const app = openLattice({ dataDir, withStarter: false });
    await app.idle();
    let clock = 1_000_000;
    const table = diagnosticsHandlers(app.context, () => clock);
    const before = logLines(dataDir).length;
    const stack = 'TypeError: x is undefined\n    at paint (app://lattice/assets/index-abc.js:1:2345)';
    const first = await dispatch(table, 'log.report', { kind: 'rejection', message: 'x is undefined', stack });
    expect(first).toEqual({ ok: true, data: { isLogged: true } });
    const [line] = logLines(dataDir).slice(before);
    expect(line).toMatchObject({ level: 50, msg: 'unhandled rejection in the page', err: { message: 'x is undefined', stack } });

    for (let i = 1; i < PAGE_REPORTS_PER_MINUTE; i++) await dispatch(table, 'log.report', { kind: 'error', message: `e${i}` });
    expect(await dispatch(table, 'log.report', { kind: 'error', message: 'one too many' })).toEqual({
      ok: true,
      data: { isLogged: false },
    });
    expect(await dispatch(table, 'log.report', { kind: 'error', message: 'two too many' })).toEqual({
      ok: true,
      data: { isLogged: false },
    });
    expect(logLines(dataDir).slice(before)).toHaveLength(PAGE_REPORTS_PER_MINUTE);

    clock += 60_000; // the next minute: the count of what was dropped, then the report
    expect(await dispatch(table, 'log.report', { kind: 'error', message: 'next minute' })).toEqual({ ok: true, data: { isLogged: true } });
    const tail = logLines(dataDir).slice(before + PAGE_REPORTS_PER_MINUTE);
    expect(tail.map((entry) => entry.msg)).toEqual([
      `2 more error(s) from the page were not logged (over ${PAGE_REPORTS_PER_MINUTE} a minute)`,
      'uncaught error in the page',
    ]);
    app.close();
  });

  it('refuses a report over its size instead of writing it', async () => {
    const dataDir = join(work, 'data');
    const app = openLattice({ dataDir, withStarter: false });
    await app.idle();
    const before = logLines(dataDir).length;
    const response = await dispatch(app.table, 'log.report', { kind: 'error', message: 'x'.repeat(2001) });
    expect(response.ok ? undefined : response.error.type).toBe('Invalid');
    expect(logLines(dataDir).slice(before)).toHaveLength(0);
    app.close();
  });
});
