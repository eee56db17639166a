import { describe, expect, it } from 'vitest';
import { isCjkStretch, snapEndForward, snapSpan, snapStartBack } from './text-units.js';

describe('snapping to whole characters', () => {
  it('keeps every combining mark of the BMP with its base, as \\p{M} says', () => {
    const differ: number[] = [];
    for (let code = 0x300; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const text = `a${String.fromCharCode(code)}b`;
      const isMark = /\p{M}/u.test(String.fromCharCode(code));
      // A span ending after `a` takes the mark in; one starting at the mark moves back onto `a`.
      if (snapEndForward(text, 1) !== (isMark ? 2 : 1) || snapStartBack(text, 1) !== (isMark ? 0 : 1)) differ.push(code);
    }
    expect(differ).toEqual([]);
  });

  it('never splits a surrogate pair, and takes a mark outside the BMP with its base', () => {
    // 𝑥 is a surrogate pair; U+1D167 (musical combining tremolo) is a mark outside the BMP.
    const text = `x𝑥\u{1d167}y`;
    expect(snapSpan(text, 2, 2)).toEqual({ start: 1, end: 5 });
    expect(snapEndForward(text, 3)).toBe(5);
    expect(snapStartBack(text, 3)).toBe(1);
    expect(snapSpan('', 0, 5)).toEqual({ start: 0, end: 0 });
    // A lone surrogate is its own character.
    expect(snapEndForward('\udc00a', 0)).toBe(0);
  });
});

describe('isCjkStretch', () => {
  /** Every code unit counted to the end, as first written: stopping early must not change an answer. */
  const byCounting = (text: string, from: number, to: number): boolean => {
    const cjkChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
    let cjk = 0;
    let counted = 0;
    for (let i = Math.max(0, from); i < Math.min(to, text.length); i++) {
      const code = text.charCodeAt(i);
      if (code <= 0x20 || (code >= 0xdc00 && code <= 0xdfff)) continue;
      counted++;
      if (cjkChar.test(String.fromCodePoint(text.codePointAt(i) ?? code))) cjk++;
    }
    return counted > 0 && cjk / counted >= 0.3;
  };

  it('says what counting every character says, at and around the 30% line', () => {
    let seed = 9;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = ['a', 'Z', ' ', '\n', '为', '。', '，', 'あ', '한', '𠀀', '𝑥', '\udc00', '1', '\u3000'];
    let stretches = 0;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(next() * 48);
      // Mostly Latin with a share of CJK near 30%, so many answers sit on the line.
      const share = next() * 0.6;
      for (let i = 0; i < length; i++)
        text += next() < share ? (alphabet[4 + Math.floor(next() * 6)] ?? '') : (alphabet[Math.floor(next() * alphabet.length)] ?? '');
      const from = Math.floor(next() * (text.length + 2)) - 1;
      const to = from + Math.floor(next() * 40);
      const expected = byCounting(text, from, to);
      if (expected) stretches++;
      expect(isCjkStretch(text, from, to), JSON.stringify([text, from, to])).toBe(expected);
    }
    expect(stretches).toBeGreaterThan(300);
    expect(stretches).toBeLessThan(2700);
    // A run of Han before a run of Latin and the other way round, of every length up to 40 each: the
    // share seen at each checkpoint then differs most from the share at the end.
    for (let han = 0; han <= 40; han++) {
      for (let latin = 0; latin <= 40; latin++) {
        for (const text of ['为'.repeat(han) + 'a'.repeat(latin), 'a'.repeat(latin) + '为'.repeat(han)]) {
          expect(isCjkStretch(text, 0, text.length), text).toBe(byCounting(text, 0, text.length));
        }
      }
    }
    expect(isCjkStretch('', 0, 32)).toBe(false);
    expect(isCjkStretch('abc为', 0, 4)).toBe(false);
    expect(isCjkStretch('abcdefg为什么', 0, 10)).toBe(true);
  });
});
