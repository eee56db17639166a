import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventHub } from '../api/events.js';
import { logFilePath, useLogFile } from '../log/logger.js';
import { startHost } from './server.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-host-failure-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('a request the host itself fails on', () => {
  it('costs that request a 500 with a reference, and the reason with its stack goes to the log once', async () => {
    useLogFile(work);
    // The handler table could not load (the data directory went away under `lattice serve`).
    const host = await startHost({
      table: () => Promise.reject(new Error('EIO: reading /home/person/secret-notes/lattice.db')),
      hub: new EventHub(),
      staticDir: work,
    });
    try {
      const response = await fetch(`${host.origin}/api/notes.list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${host.token}`, origin: host.origin, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(500);
      const envelope = (await response.json()) as { ok: false; error: { type: string; message: string } };
      expect(envelope.error.type).toBe('Internal');
      expect(envelope.error.message).toMatch(/^the request failed unexpectedly \(error [0-9a-f]{8}; the details are in the log\)$/);
      expect(envelope.error.message).not.toContain('secret-notes');
      const reference = /error ([0-9a-f]{8})/.exec(envelope.error.message)![1]!;

      const path = logFilePath(work);
      const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
      expect(lines).toHaveLength(1);
      const record = JSON.parse(lines[0]!) as { msg: string; err: { stack: string } };
      expect(record.msg).toBe(`internal error ${reference} in the request`);
      expect(record.err.stack).toMatch(/secret-notes[\s\S]*\n\s+at /);
    } finally {
      await host.close();
    }
  });
});
