import { describe, expect, it } from 'vitest';
import { comparable } from './question-forms.js';
import { isSameComparable } from './repeated-question.js';

describe('isSameComparable', () => {
  const byComparable = (a: string, b: string): boolean => comparable(a) === comparable(b);

  it("tells the question repeated as its answer's first line from another line", () => {
    expect(isSameComparable('**为什么 大模型是 Decoder-only**？', '1. 为什么大模型是decoder-only')).toBe(true);
    expect(isSameComparable('GQA\u3000和 MQA 的区别?!', 'gqa和mqa的区别')).toBe(true);
    expect(isSameComparable('GQA 和 MQA 的区别', 'GQA 和 MQA 的区别是什么')).toBe(false);
    expect(isSameComparable('', '')).toBe(true);
    expect(isSameComparable('？？', ' 。')).toBe(true);
    expect(isSameComparable('？？', 'a')).toBe(false);
    // Lower case that needs the whole string: final sigma, dotted capital I, the Kelvin sign, fullwidth capitals.
    expect(isSameComparable('ΣΑΣ', 'σας')).toBe(true);
    expect(isSameComparable('ΣΑΣ', 'σασ')).toBe(false);
    expect(isSameComparable('İ', 'i\u0307')).toBe(true);
    expect(isSameComparable('\u212a', 'k')).toBe(true);
    expect(isSameComparable('ＡＢ', 'ａｂ')).toBe(true);
    expect(isSameComparable('𝑥？', '𝑥')).toBe(true);
    expect(isSameComparable('\ud835', '\ud835。')).toBe(true);
  });

  it('agrees with comparable on random pairs, most of them one text and a variation of it', () => {
    const alphabet = [
      ...' \t\n\u00a0\u2003\u3000\ufeff\u200b*_`#>？?。.:：!！、）)1a.ZzÄäΣσςΑαİi\u0307\u212akＡａ为什么𝑥𝐗\u0301',
      '\ud835',
    ];
    let seed = 11;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const randomText = (): string => {
      let text = '';
      const length = Math.floor(next() * 16);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      return text;
    };
    const vary = (text: string): string => {
      let varied = text;
      if (next() < 0.3) varied = varied.toUpperCase();
      if (next() < 0.3) varied = varied.toLowerCase();
      if (next() < 0.3) varied = [...varied].join(alphabet[Math.floor(next() * 8)]);
      if (next() < 0.3) varied = `**${varied}**`;
      if (next() < 0.3) varied += alphabet[Math.floor(next() * alphabet.length)];
      if (next() < 0.2) varied = `1. ${varied}`;
      return varied;
    };
    let equal = 0;
    for (let n = 0; n < 5000; n++) {
      const a = randomText();
      const b = next() < 0.7 ? vary(a) : randomText();
      const expected = byComparable(a, b);
      if (expected) equal++;
      expect(isSameComparable(a, b), JSON.stringify([a, b])).toBe(expected);
      expect(isSameComparable(b, a), JSON.stringify([b, a])).toBe(expected);
    }
    // The pairs must hold both answers, or the test proves little.
    expect(equal).toBeGreaterThan(500);
    expect(equal).toBeLessThan(4500);
  });
});
