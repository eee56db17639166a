import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaHash } from '../../db/repositories/media.js';
import { EventHub } from '../api/events.js';
import { startHost } from '../host/server.js';
import type { RunningHost } from '../host/server.js';
import { PNG_1X1 } from './picture-fixtures.js';

// The /media/<hash> route of the browser host (the desktop protocol's is in main/electron/app-protocol.test.ts): the bytes stored, with headers
// that keep a picture from being run as a page or embedded by another site.

const HASH = mediaHash(PNG_1X1);
const media = (hash: string): Promise<{ mime: string; bytes: Buffer } | undefined> =>
  Promise.resolve(hash === HASH ? { mime: 'image/png', bytes: PNG_1X1 } : undefined);

let work: string;
let host: RunningHost;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-media-route-'));
  host = await startHost({ table: {}, hub: new EventHub(), staticDir: work, media });
});

afterAll(async () => {
  await host.close();
  rmSync(work, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the browser host’s /media/ route', () => {
  it('serves a stored picture without a token, with its type and locked-down headers', async () => {
    const reply = await get(`/media/${HASH}`, { 'Sec-Fetch-Site': 'same-origin' });
    expect(reply.status).toBe(200);
    expect(reply.body.equals(PNG_1X1)).toBe(true);
    expect(reply.headers['content-type']).toBe('image/png');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(String(reply.headers['content-security-policy'])).toContain('sandbox');
    expect(String(reply.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  it('refuses another site, and answers 404 for anything that is not a stored hash', async () => {
    expect((await get(`/media/${HASH}`, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get(`/media/${HASH}`, { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    for (const path of [
      `/media/${'0'.repeat(64)}`,
      `/media/${HASH.toUpperCase()}`,
      '/media/../index.html',
      `/media/${HASH}/x`,
      '/media/%2e%2e%2fsecret',
      '/media/',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await get(`/media/${HASH}`, { Host: 'evil.example' })).status).toBe(403);
  });
});
