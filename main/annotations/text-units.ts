/**
 * Character-level facts the anchoring code needs about UTF-16 strings:
 * where a code point or a base-plus-combining-marks cluster begins and ends,
 * and whether a stretch of text reads as CJK (where sentence context matters
 * more than a fixed character count).
 */

const COMBINING_MARK = /\p{M}/u;
/** By BMP code unit outside the surrogates: 1 a combining mark, 2 not, 0 not asked yet. */
const markUnits = new Uint8Array(0x10000);
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** True for the first half of a surrogate pair. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** True for the second half of a surrogate pair. */
export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when offset `i` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isLowSurrogate(text.charCodeAt(i)) && isHighSurrogate(text.charCodeAt(i - 1));
}

/** True when the code unit at `i` is (part of) a combining mark that belongs to the character before it. */
function isMarkAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  // Marks live outside ASCII; skip the regex for the common case.
  if (code < 0x300) return false;
  if (code < 0xd800 || code > 0xdfff) {
    // A character of the BMP is asked once (cards anchor every question of every note on import, mostly Han).
    let known = markUnits[code];
    if (known === 0) {
      known = COMBINING_MARK.test(String.fromCharCode(code)) ? 1 : 2;
      markUnits[code] = known;
    }
    return known === 1;
  }
  const point = text.codePointAt(i);
  return point !== undefined && COMBINING_MARK.test(String.fromCodePoint(point));
}

/**
 * Moves a span start back so it neither splits a surrogate pair nor separates
 * combining marks from their base character.
 */
export function snapStartBack(text: string, i: number): number {
  let at = Math.max(0, Math.min(i, text.length));
  if (splitsSurrogatePair(text, at)) at -= 1;
  // Bounded: a run of dozens of marks is noise, not one character.
  for (let steps = 0; steps < 16 && at > 0 && isMarkAt(text, at); steps++) {
    at -= 1;
    if (splitsSurrogatePair(text, at)) at -= 1;
  }
  return at;
}

/**
 * Moves a span end forward so it neither splits a surrogate pair nor leaves
 * the combining marks of its last character outside.
 */
export function snapEndForward(text: string, i: number): number {
  let at = Math.max(0, Math.min(i, text.length));
  if (splitsSurrogatePair(text, at)) at += 1;
  for (let steps = 0; steps < 16 && at > 0 && at < text.length && isMarkAt(text, at); steps++) {
    at += 1;
    if (splitsSurrogatePair(text, at)) at += 1;
  }
  return at;
}

/**
 * The span clamped to the text and widened to whole characters (never a half
 * surrogate pair, never a base without its marks), with start ≤ end.
 */
export function snapSpan(text: string, start: number, end: number): { start: number; end: number } {
  const from = Number.isFinite(start) ? Math.trunc(start) : 0;
  const to = Number.isFinite(end) ? Math.trunc(end) : 0;
  const s = snapStartBack(text, Math.min(from, to));
  const e = snapEndForward(text, Math.max(from, to));
  return { start: s, end: Math.max(s, e) };
}

/** True when at least 30% of the non-space characters of text[from, to) are CJK. */
export function isCjkStretch(text: string, from: number, to: number): boolean {
  let cjk = 0;
  let counted = 0;
  const stop = Math.min(to, text.length);
  for (let i = Math.max(0, from); i < stop; i++) {
    // Stop once the code units left cannot change the answer: each adds at most one to `counted`
    // and to `cjk`. cjk / counted >= 0.3 is 10 * cjk >= 3 * counted in integers (no count here is
    // large enough for the division's rounding to matter), which costs no division per unit.
    const rest = stop - i;
    if (10 * cjk >= 3 * (counted + rest)) return true;
    if (10 * (cjk + rest) < 3 * (counted + rest)) return false;
    const code = text.charCodeAt(i);
    if (code <= 0x20 || isLowSurrogate(code)) continue;
    counted++;
    // The common blocks are decided from the code unit (cards anchor every
    // question of every note on import); the rest goes through the regex.
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3000 && code <= 0x303f) || (code >= 0xff00 && code <= 0xffef)) cjk++;
    else if (code >= 0x3000 && CJK_CHAR.test(text[i] as string)) cjk++;
    else if (isHighSurrogate(code)) {
      const point = text.codePointAt(i);
      if (point !== undefined && CJK_CHAR.test(String.fromCodePoint(point))) cjk++;
    }
  }
  return counted > 0 && 10 * cjk >= 3 * counted;
}

/** True when the code unit at `i` ends a CJK sentence (。！？；) or a line (a paragraph, table row or list item). */
export function isSentenceEnd(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  // 。！？；and \n, by code unit: no one-character string per test.
  return code === 0x0a || code === 0x3002 || code === 0xff01 || code === 0xff1f || code === 0xff1b;
}
