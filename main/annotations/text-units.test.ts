import { describe, expect, it } from 'vitest';
import { snapEndForward, snapSpan, snapStartBack } from './text-units.js';

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
