import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseArgument, readBody } from './api-route.js';

function body(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers }) as unknown as IncomingMessage;
}

describe('readBody', () => {
  it('reads a body within the limit', async () => {
    expect((await readBody(body(['{"a":', '1}']), 100)).toString()).toBe('{"a":1}');
  });
  it('gives up once a streamed body passes the limit, whatever Content-Length said', async () => {
    await expect(readBody(body(['x'.repeat(60), 'x'.repeat(60)]), 100)).rejects.toThrow();
    await expect(readBody(body(['x'], { 'content-length': '101' }), 100)).rejects.toThrow();
  });
});

describe('parseArgument', () => {
  it('treats an empty body as {} and parses JSON, UTF-8 included', () => {
    expect(parseArgument(Buffer.alloc(0))).toEqual({});
    expect(parseArgument(Buffer.from(' \n'))).toEqual({});
    expect(parseArgument(Buffer.from('{"name":"笔记"}'))).toEqual({ name: '笔记' });
    expect(() => parseArgument(Buffer.from('{'))).toThrow(SyntaxError);
  });
});
