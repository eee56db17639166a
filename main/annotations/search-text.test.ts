import { describe, expect, it } from 'vitest';
import { prepareSearchText } from './search-text.js';

describe('prepareSearchText', () => {
  it('is the identity for NFC text', () => {
    const prepared = prepareSearchText('已经是 NFC 的文本 café');
    expect(prepared.text).toBe(prepared.raw);
    expect(prepared.toRawStart(4)).toBe(4);
    expect(prepared.fromRaw(99)).toBe(prepared.raw.length);
  });

  it('maps offsets between decomposed text and its NFC form', () => {
    const raw = 'Zu\u0308rich and 한국어'.normalize('NFD');
    const prepared = prepareSearchText(raw);
    expect(prepared.text).toBe(raw.normalize('NFC'));
    const at = prepared.text.indexOf('and');
    expect(raw.slice(prepared.toRawStart(at), prepared.toRawEnd(at + 3))).toBe('and');
    const hangul = prepared.text.indexOf('한국어');
    expect(raw.slice(prepared.toRawStart(hangul), prepared.toRawEnd(hangul + 3)).normalize('NFC')).toBe('한국어');
    // An offset inside a decomposed character rounds to the whole character.
    expect(raw.slice(prepared.toRawStart(1), prepared.toRawEnd(2))).toBe('u\u0308');
    expect(prepared.fromRaw(raw.indexOf('and'))).toBe(at);
  });
});
