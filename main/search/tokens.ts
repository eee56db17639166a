import { isAsciiBreak, isBreakCode, isHanCode, wordPartsOf } from '../../db/search-text.js';

/**
 * Tokens of a text with their offsets, cut exactly as the index cuts it
 * (db/search-text.ts + unicode61): each Han character alone, runs of other
 * letters and digits as words, folded to lower case without diacritics.
 * Queries are cut this way to build FTS5 phrases, and notes to find where the
 * matched terms are for snippets.
 */
export interface TextToken {
  /** Folded form, as the index stores it. */
  norm: string;
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
  isHan: boolean;
  /** A break (line end, clause punctuation) lies between this token and the one before. */
  isAfterBreak: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const ASCII_WORD = /[A-Za-z0-9]/;

/** Lower case without diacritics (unicode61 remove_diacritics 2); full-width letters and digits as ASCII. */
export function foldToken(token: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII fast path: nothing to fold but case
  if (/^[\x00-\x7f]*$/.test(token)) return token.toLowerCase();
  return token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function isWordChar(ch: string, code: number): boolean {
  if (code < 0x80) return ASCII_WORD.test(ch);
  return WORD_CHAR.test(ch) && !isHanCode(code);
}

/** Whether the character at `at` belongs to a word (a letter or digit that is not Han). */
export function isWordCharAt(text: string, at: number): boolean {
  const code = text.codePointAt(at);
  if (code === undefined) return false;
  return isWordChar(String.fromCodePoint(code), code);
}

/** Cuts `text` into tokens, from offset `from`; stops after `max` tokens. */
export function scanTokens(text: string, max = Number.POSITIVE_INFINITY, from = 0): TextToken[] {
  const tokens: TextToken[] = [];
  let isAfterBreak = false;
  let i = from;
  while (i < text.length && tokens.length < max) {
    const code = text.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    if (isHanCode(code)) {
      const ch = text.slice(i, i + width);
      tokens.push({ norm: ch, start: i, end: i + width, isHan: true, isAfterBreak });
      isAfterBreak = false;
      i += width;
      continue;
    }
    const ch = text.slice(i, i + width);
    if (isWordChar(ch, code)) {
      let end = i + width;
      while (end < text.length) {
        const next = text.codePointAt(end) ?? 0;
        const nextWidth = next > 0xffff ? 2 : 1;
        if (!isWordChar(text.slice(end, end + nextWidth), next)) break;
        end += nextWidth;
      }
      tokens.push({ norm: foldToken(text.slice(i, end)), start: i, end, isHan: false, isAfterBreak });
      isAfterBreak = false;
      i = end;
      continue;
    }
    if (isBreakCode(code) || (code < 0x80 && isAsciiBreak(code, text.charCodeAt(i + 1)))) isAfterBreak = true;
    i += width;
  }
  return tokens;
}

/** The parts of a compound word the index holds (PagedAttention → paged, attention) with offsets, or [] for a plain word. */
export function wordParts(text: string, token: TextToken): { norm: string; start: number; end: number }[] {
  if (token.isHan) return [];
  const word = text.slice(token.start, token.end);
  if (!/[a-z0-9][A-Z]|[A-Z]{2}[a-z]/.test(word)) return [];
  return wordPartsOf(word).map(({ part, at }) => ({
    norm: part.toLowerCase(),
    start: token.start + at,
    end: token.start + at + part.length,
  }));
}
