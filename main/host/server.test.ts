import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../api/events.js';
import type { EventListener } from '../api/events.js';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { CONTENT_SECURITY_POLICY } from '../csp.js';
import { MAX_BODIES_IN_FLIGHT } from './api-route.js';
import { startHost } from './server.js';
import type { RunningHost } from './server.js';

/** Counts live subscriptions, so tests can see a dropped stream unsubscribe. */
class CountingHub extends EventHub {
  live = 0;

  override subscribe(listener: EventListener): () => void {
    this.live += 1;
    const unsubscribe = super.subscribe(listener);
    return () => {
      this.live -= 1;
      return unsubscribe();
    };
  }
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  localAddress: string | undefined;
}

interface Probe {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Host header; defaults to the server's own `127.0.0.1:<port>`. */
  host?: string;
}

const SECRET = 'LATTICE-TEST-SECRET-7f3a';
let work: string;
let staticDir: string;
let notesDir: string;
let hub: CountingHub;
let lattice: Lattice;
let host: RunningHost;

/**
 * One raw HTTP request with node:http: fetch would normalise `/../` away and
 * cannot set Host, and both are what these tests are about.
 */
function send(probe: Probe, port = host.port): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      // No pooled sockets: each probe is its own connection, as a fresh client's would be.
      {
        host: '127.0.0.1',
        port,
        agent: false,
        method: probe.method ?? 'GET',
        path: probe.path ?? '/',
        headers: { host: probe.host ?? `127.0.0.1:${port}`, ...probe.headers },
      },
      (res) => {
        const localAddress = res.socket.localAddress;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, localAddress }));
      },
    );
    req.on('error', reject);
    req.end(probe.body);
  });
}

/** A call from our own page: the right token and Origin. */
function call(name: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  return send({
    method: 'POST',
    path: `/api/${name}`,
    body,
    headers: { authorization: `Bearer ${host.token}`, origin: host.origin, 'content-type': 'application/json', ...headers },
  });
}

/** Opens the event stream and collects its text until `until` sees what it waits for. */
function openStream(): Promise<{
  res: IncomingMessage;
  text: () => string;
  waitFor: (pattern: RegExp) => Promise<string>;
  destroy: () => void;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, agent: false, path: '/api/events', headers: { authorization: `Bearer ${host.token}` } },
      (res) => {
        let text = '';
        const waiters: { pattern: RegExp; done: (t: string) => void }[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          for (const w of [...waiters]) if (w.pattern.test(text)) w.done(text);
        });
        resolve({
          res,
          text: () => text,
          waitFor: (pattern) => new Promise((done) => (pattern.test(text) ? done(text) : waiters.push({ pattern, done }))),
          destroy: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function waitUntil(check: () => boolean, ms = 2000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) return resolve();
      if (Date.now() - start > ms) return reject(new Error('timed out'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-host-'));
  // The renderer's folder sits next to files a traversal would love to read.
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: SECRET }));
  staticDir = join(work, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Lattice</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("lattice");');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(staticDir, 'assets', 'KaTeX_Main-Regular.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  symlinkSync(join(work, 'package.json'), join(staticDir, 'leak.json'));
  notesDir = join(work, 'notes');
  mkdirSync(notesDir);
  writeFileSync(join(notesDir, 'kv.md'), '# KV Cache\n\n### 为什么需要 KV cache？\n缓存 K 和 V。\n');
  writeFileSync(join(notesDir, 'rlhf.md'), '# RLHF\n\nSFT → RM → PPO，$ r_\\theta(x, y) $。\n');
  writeFileSync(join(notesDir, 'rag.md'), '# RAG\n\n检索增强生成。\n');

  hub = new CountingHub();
  lattice = openLattice({ dataDir: join(work, 'data'), withStarter: false, emit: hub.emit });
  host = await startHost({ table: lattice.table, hub, staticDir, port: 0, keepaliveMs: 50 });
});

afterAll(async () => {
  await host.close();
  lattice.close();
  rmSync(work, { recursive: true, force: true });
});

describe('startHost', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying a fresh 256-bit token', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await send({ path: '/' })).localAddress).toBe('127.0.0.1');
    if (process.platform === 'linux') {
      // 127.0.0.2 is loopback too on Linux: a server bound to 0.0.0.0 would answer there.
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect(host.port, '127.0.0.2');
        socket.on('connect', () => (socket.destroy(), resolve(false)));
        socket.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
    const other = await startHost({ table: lattice.table, hub, staticDir });
    expect(other.token).not.toBe(host.token);
    expect(other.port).not.toBe(host.port);
    await other.close();
  });
});

describe('POST /api/<name>', () => {
  it('answers a call from our own page with the envelope', async () => {
    const empty = await call('stats.get');
    expect(empty.status).toBe(200);
    expect(empty.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(empty.headers['cache-control']).toBe('no-store');
    expect(empty.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(JSON.parse(empty.body)).toMatchObject({ ok: true, data: { notes: 0, libraries: 0 } });

    const imported = await call('library.import', JSON.stringify({ paths: [notesDir] }));
    expect(JSON.parse(imported.body)).toMatchObject({ ok: true, data: { failed: [] } });
    const list = await send({
      method: 'POST',
      path: '/api/notes.list',
      body: '{}',
      headers: { authorization: `Bearer ${host.token}`, origin: `http://localhost:${host.port}` },
      host: `localhost:${host.port}`,
    });
    expect(list.status).toBe(200);
    const notes = (JSON.parse(list.body) as { data: { title: string }[] }).data;
    expect(notes.map((n) => n.title).sort()).toEqual(['KV Cache', 'RAG', 'RLHF']);
  });

  it('maps error types onto 400 and 404 and refuses bad JSON', async () => {
    const unknown = await call('notes.delete', '{}');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toEqual({ ok: false, error: { type: 'Invalid', message: 'unknown API call: notes.delete' } });
    const badArg = await call('notes.get', JSON.stringify({ id: 'seven' }));
    expect(badArg.status).toBe(400);
    const missing = await call('notes.get', JSON.stringify({ id: 424242 }));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { type: 'NotFound' } });
    const badJson = await call('stats.get', '{"oops":');
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body)).toEqual({ ok: false, error: { type: 'Invalid', message: 'the request body is not valid JSON' } });
  });

  it('refuses a body declared over 80 MB before reading it', async () => {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          agent: false,
          method: 'POST',
          path: '/api/library.importUpload',
          headers: { authorization: `Bearer ${host.token}`, origin: host.origin, 'content-length': String(81 * 1024 * 1024) },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, localAddress: undefined }));
        },
      );
      req.on('error', reject);
      req.write('{');
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { type: 'Invalid' } });
  });
});

describe('bounded request bodies', () => {
  it(`reads at most ${MAX_BODIES_IN_FLIGHT} bodies at once, and frees the places of clients that go away`, async () => {
    const slow = Array.from({ length: MAX_BODIES_IN_FLIGHT }, () => {
      const req = request({
        host: '127.0.0.1',
        port: host.port,
        agent: false,
        method: 'POST',
        path: '/api/stats.get',
        headers: { authorization: `Bearer ${host.token}`, origin: host.origin, 'content-length': String(1024 * 1024) },
      });
      req.on('error', () => undefined);
      req.write('{'); // and never the rest
      return req;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const busy = await call('stats.get', '{}');
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    for (const req of slow) req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await call('stats.get', '{}')).status).toBe(200);
  });
});

describe('the guards', () => {
  it('refuses a request that names two Hosts', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(host.port, '127.0.0.1', () => {
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('exactly one Host');
  });

  it('refuses a wrong or missing token with 401 and the envelope', async () => {
    for (const authorization of [
      undefined,
      `Bearer ${host.token}x`,
      `Bearer ${host.token.slice(0, -1)}`,
      'Bearer ',
      `Basic ${host.token}`,
      host.token,
    ]) {
      const reply = await send({
        method: 'POST',
        path: '/api/stats.get',
        body: '{}',
        headers: { origin: host.origin, ...(authorization === undefined ? {} : { authorization }) },
      });
      expect(reply.status, String(authorization)).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { type: 'Invalid', message: expect.stringContaining('token') } });
      expect(reply.body).not.toContain(host.token);
    }
    const stream = await send({ path: '/api/events' });
    expect(stream.status).toBe(401);
  });

  it('refuses a foreign Host header on every request, static files included', async () => {
    const foreign = [
      'evil.example',
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      '127.0.0.1',
      `127.0.0.1.evil.example:${host.port}`,
      `0.0.0.0:${host.port}`,
    ];
    for (const hostHeader of foreign) {
      for (const path of ['/', '/assets/app.js', '/api/events']) {
        const reply = await send({ path, host: hostHeader, headers: { authorization: `Bearer ${host.token}` } });
        expect(reply.status, `${hostHeader} ${path}`).toBe(403);
        expect(reply.body).not.toContain('lattice');
      }
      const post = await send({
        method: 'POST',
        path: '/api/stats.get',
        host: hostHeader,
        headers: { authorization: `Bearer ${host.token}`, origin: host.origin },
      });
      expect(post.status, hostHeader).toBe(403);
    }
    for (const hostHeader of [`localhost:${host.port}`, `LOCALHOST:${host.port}`, `[::1]:${host.port}`]) {
      expect((await send({ path: '/', host: hostHeader })).status, hostHeader).toBe(200);
    }
  });

  it('refuses a POST with a foreign or missing Origin', async () => {
    const headers = { authorization: `Bearer ${host.token}` };
    for (const origin of [
      undefined,
      'https://evil.example',
      'null',
      `http://127.0.0.1:${host.port + 1}`,
      `https://127.0.0.1:${host.port}`,
      `http://[::1]:${host.port}`,
      `${host.origin}/`,
    ]) {
      const reply = await send({
        method: 'POST',
        path: '/api/stats.get',
        body: '{}',
        headers: { ...headers, ...(origin === undefined ? {} : { origin }) },
      });
      expect(reply.status, String(origin)).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { type: 'Invalid' } });
    }
  });

  it('takes POSTs from the dev server origin only when started with it, and refuses a non-loopback one at start', async () => {
    const devOrigin = 'http://127.0.0.1:5173';
    const headers = { authorization: `Bearer ${host.token}`, origin: devOrigin };
    expect((await send({ method: 'POST', path: '/api/stats.get', body: '{}', headers })).status).toBe(403);
    const dev = await startHost({ table: lattice.table, hub, staticDir, port: 0, devOrigin });
    try {
      const reply = await send(
        { method: 'POST', path: '/api/stats.get', body: '{}', headers: { authorization: `Bearer ${dev.token}`, origin: devOrigin } },
        dev.port,
      );
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: true });
      const other = await send(
        {
          method: 'POST',
          path: '/api/stats.get',
          body: '{}',
          headers: { authorization: `Bearer ${dev.token}`, origin: 'http://127.0.0.1:5174' },
        },
        dev.port,
      );
      expect(other.status).toBe(403);
    } finally {
      await dev.close();
    }
    await expect(startHost({ table: lattice.table, hub, staticDir, port: 0, devOrigin: 'http://evil.example:5173' })).rejects.toThrow(
      /dev server origin/,
    );
  });

  it('allows only GET and POST, and only the methods each route takes', async () => {
    const headers = { authorization: `Bearer ${host.token}`, origin: host.origin };
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
      const reply = await send({ method, path: '/api/stats.get', headers });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('GET, POST');
    }
    expect((await send({ path: '/api/stats.get', headers })).status).toBe(405);
    expect((await send({ method: 'POST', path: '/index.html', headers })).status).toBe(405);
  });
});

describe('static files', () => {
  it('serves index.html with the CSP and security headers, and assets with their types', async () => {
    const index = await send({ path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect(index.body).toContain('<title>Lattice</title>');
    const types = {
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/app.css': 'text/css; charset=utf-8',
      '/assets/KaTeX_Main-Regular.woff2': 'font/woff2',
      '/index.html?v=1': 'text/html; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) {
      const reply = await send({ path });
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type'], path).toBe(type);
      expect(reply.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
    }
    // Assets are named by their hash: kept for good. The page and app routes are always asked for afresh.
    expect(index.headers['cache-control']).toBe('no-cache');
    expect((await send({ path: '/library/notes' })).headers['cache-control']).toBe('no-cache');
    expect((await send({ path: '/assets/app.js' })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers app routes with index.html, missing assets with 404, and never lists a folder', async () => {
    expect((await send({ path: '/library/notes' })).body).toContain('<title>Lattice</title>');
    const missing = await send({ path: '/assets/missing.js' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    for (const path of ['/assets', '/assets/']) {
      const folder = await send({ path });
      expect(folder.body, path).not.toContain('app.css');
    }
  });

  it('never serves a file outside the renderer folder', async () => {
    const attempts = [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/..\\package.json',
      '/%5c..%5cpackage.json',
      '/%00',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/leak.json',
      '/.%2e/package.json',
    ];
    for (const path of attempts) {
      const reply = await send({ path });
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain(SECRET);
    }
  });

  it('says the renderer is not built when there is no index.html', async () => {
    const empty = join(work, 'empty-renderer');
    mkdirSync(empty);
    const bare = await startHost({ table: lattice.table, hub, staticDir: empty });
    try {
      const reply = await send({ path: '/' }, bare.port);
      expect(reply.status).toBe(503);
      expect(reply.body).toContain('npm run build');
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    } finally {
      await bare.close();
    }
  });
});

describe('GET /api/events', () => {
  it('streams import progress while library.import runs, with keepalives', async () => {
    const stream = await openStream();
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const imported = await call('library.import', JSON.stringify({ paths: [notesDir] }));
    expect(imported.status).toBe(200);
    const text = await stream.waitFor(/"phase":"done"/);
    const frames = text.split('\n\n').filter((f) => f.startsWith('event: '));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    const payloads = frames.map((frame) => {
      const [event, data] = frame.split('\n');
      expect(event).toBe('event: import.progress');
      return JSON.parse(data?.replace(/^data: /, '') ?? '') as { phase: string; done: number; total: number };
    });
    expect(payloads.map((p) => p.phase)).toContain('importing');
    expect(payloads.at(-1)).toMatchObject({ phase: 'done', done: 3, total: 3 });
    await stream.waitFor(/: keepalive\n\n/);
    stream.destroy();
  });

  it('unsubscribes when the client goes away', async () => {
    // The previous test's stream may still be going away.
    await waitUntil(() => hub.live === 0);
    const stream = await openStream();
    expect(hub.live).toBe(1);
    stream.destroy();
    await waitUntil(() => hub.live === 0);
  });

  it('close() resolves with a stream still open, ending the stream', async () => {
    const own = await startHost({ table: lattice.table, hub, staticDir });
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: own.port, agent: false, path: '/api/events', headers: { authorization: `Bearer ${own.token}` } },
        resolve,
      )
        .on('error', reject)
        .end();
    });
    const ended = new Promise<void>((resolve) => {
      stream.resume();
      stream.on('end', resolve);
    });
    const live = hub.live;
    await own.close();
    await ended;
    expect(hub.live).toBe(live - 1);
    await expect(send({ path: '/' }, own.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
