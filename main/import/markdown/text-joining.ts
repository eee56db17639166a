import type { Token } from 'markdown-it';

// Han, kana, Hangul and full-width punctuation: scripts written without spaces.
const CJK = /[\u2E80-\u303F\u3040-\u30FF\u3100-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;
const LINE_END_PUNCTUATION = /[。！？：；!?:;]$/;
/** Lines at least this long that end mid-sentence are editor wrapping, not meant breaks. */
const WRAPPED_LINE_CHARS = 40;

/** Whether `ch` belongs to a script that is written without spaces between words. */
export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

function visibleText(token: Token): string | undefined {
  if (token.type === 'text' || token.type === 'code_inline' || token.type === 'math_inline') return token.content;
  return undefined;
}

export type SoftbreakKind = 'join' | 'space' | 'break';

/**
 * What a soft line break inside a paragraph should become. Chinese notes mix
 * two habits: text hard-wrapped mid-sentence by an editor (the break must
 * vanish — a space between two Han characters is wrong), and one thought per
 * line (`泛化能力：…` then `提高方法：`), where the break is meant. A long line
 * that ends mid-sentence is wrapping; a short line, or one ending in sentence
 * punctuation, is a meant break. Between Latin words it stays a space, as in
 * any Markdown. The reader and the text projection both ask this function.
 */
export function softbreakKind(children: Token[], index: number): SoftbreakKind {
  let line = '';
  for (let i = index - 1; i >= 0; i--) {
    const token = children[i] as Token;
    if (token.type === 'softbreak' || token.type === 'hardbreak') break;
    line = (visibleText(token) ?? '') + line;
  }
  let after: string | undefined;
  for (let i = index + 1; i < children.length && after === undefined; i++) after = visibleText(children[i] as Token);
  const trimmed = line.trimEnd();
  if (!isCjk(trimmed.at(-1)) && !isCjk(after?.[0])) return 'space';
  if ([...trimmed].length < WRAPPED_LINE_CHARS || LINE_END_PUNCTUATION.test(trimmed)) return 'break';
  return 'join';
}
