import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hasValidToken, isAllowedHost, isAllowedOrigin, isDevServerOrigin, isUsableToken, newToken } from './guards.js';

const withAuthorization = (authorization?: string): IncomingMessage =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

describe('newToken', () => {
  it('is 43 URL-safe characters and different every launch', () => {
    const tokens = new Set(Array.from({ length: 50 }, newToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(isUsableToken(token)).toBe(true);
    }
    expect(isUsableToken('short')).toBe(false);
    expect(isUsableToken('has spaces in it, sixteen+')).toBe(false);
  });
});

describe('isAllowedHost', () => {
  it('accepts loopback names with the right port only', () => {
    for (const host of ['127.0.0.1:5173', 'localhost:5173', 'LocalHost:5173', '[::1]:5173'])
      expect(isAllowedHost(host, 5173), host).toBe(true);
    for (const host of [
      undefined,
      '',
      '127.0.0.1',
      'localhost',
      '127.0.0.1:5174',
      'evil.example:5173',
      'localhost.evil.example:5173',
      '127.0.0.2:5173',
      '0.0.0.0:5173',
      '[::ffff:127.0.0.1]:5173',
      '127.0.0.1:5173@evil.example',
    ]) {
      expect(isAllowedHost(host, 5173), String(host)).toBe(false);
    }
  });
});

describe('isAllowedOrigin', () => {
  it('accepts exactly our two origins', () => {
    expect(isAllowedOrigin('http://127.0.0.1:5173', 5173)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', 5173)).toBe(true);
    for (const origin of [
      undefined,
      'null',
      '',
      'http://127.0.0.1:5174',
      'https://127.0.0.1:5173',
      'http://127.0.0.1:5173/',
      'http://evil.example',
      'HTTP://127.0.0.1:5173',
    ]) {
      expect(isAllowedOrigin(origin, 5173), String(origin)).toBe(false);
    }
  });

  it('refuses the dev server origin unless npm run dev allows it, and then only that one', () => {
    const dev = 'http://127.0.0.1:5173';
    expect(isAllowedOrigin(dev, 7341)).toBe(false);
    expect(isAllowedOrigin(dev, 7341, dev)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', 7341, dev)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:5174', 7341, dev)).toBe(false);
    expect(isAllowedOrigin(undefined, 7341, dev)).toBe(false);
    // our own origins still pass beside it
    expect(isAllowedOrigin('http://127.0.0.1:7341', 7341, dev)).toBe(true);
  });

  it('never allows a dev origin that is not loopback, even when it is the one named', () => {
    for (const dev of [
      'http://evil.example:5173',
      'https://127.0.0.1:5173',
      'http://127.0.0.1',
      'http://127.0.0.1:0',
      'http://127.0.0.1:70000',
      'http://127.0.0.1:5173/',
      'http://127.0.0.1.evil.example:5173',
      'http://user@127.0.0.1:5173',
      'null',
      '',
    ]) {
      expect(isDevServerOrigin(dev), dev).toBe(false);
      expect(isAllowedOrigin(dev, 7341, dev), dev).toBe(false);
    }
    for (const dev of ['http://127.0.0.1:5173', 'http://localhost:5173', 'http://[::1]:5173'])
      expect(isDevServerOrigin(dev), dev).toBe(true);
  });
});

describe('hasValidToken', () => {
  const token = newToken();
  it('accepts the bearer token, scheme in any case', () => {
    expect(hasValidToken(withAuthorization(`Bearer ${token}`), token)).toBe(true);
    expect(hasValidToken(withAuthorization(`bearer ${token}`), token)).toBe(true);
  });
  it('refuses anything else, whatever its length', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      token,
      `Basic ${token}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(1)}`,
      `Bearer ${token} extra`,
      `Bearer ${'A'.repeat(43)}`,
      `Bearer ${'A'.repeat(10_000)}`,
    ]) {
      expect(hasValidToken(withAuthorization(header), token), String(header).slice(0, 60)).toBe(false);
    }
  });
});
