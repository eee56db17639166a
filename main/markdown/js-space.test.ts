import { describe, expect, it } from 'vitest';
import { isJsSpace } from '../../common/js-space.js';
import { isBlankBetween } from './js-space.js';

describe('isJsSpace', () => {
  it('agrees with /\\s/ on every UTF-16 code unit', () => {
    const differ: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (isJsSpace(code) !== /\s/.test(String.fromCharCode(code))) differ.push(code);
    }
    expect(differ).toEqual([]);
  });

  it('knows the Unicode spaces a note may hold', () => {
    for (const space of ['\u3000', '\u00a0', '\ufeff', '\u2003', '\u202f', '\u2028', '\t', '\v', '\f', '\r', '\n']) {
      expect(isJsSpace(space.charCodeAt(0)), JSON.stringify(space)).toBe(true);
    }
    // Zero-width space and joiners are not \s; neither is what lies past the text (NaN).
    for (const code of [0x200b, 0x200c, 0x200d, 0x180e, 0x85, Number.NaN]) expect(isJsSpace(code), String(code)).toBe(false);
  });
});

describe('isBlankBetween', () => {
  const byTrim = (text: string, from: number, to: number): boolean => text.slice(from, to).trim() === '';

  it('says what trim says of the slice, on empty, spaced and surrogate-pair text', () => {
    const samples = ['', ' ', '\u3000\u00a0\ufeff', 'a', ' \t问 ', '𝑥', ' 𝑥 ', '\ud835', '\u200b', ' \n\r\n '];
    for (const text of samples) {
      for (let from = 0; from <= text.length; from++) {
        for (let to = from; to <= text.length; to++) {
          expect(isBlankBetween(text, from, to), `${JSON.stringify(text)} ${from}..${to}`).toBe(byTrim(text, from, to));
        }
      }
    }
  });
});
