import type { Token } from 'markdown-it';

// Han, kana, Hangul and full-width punctuation: scripts written without spaces.
const CJK = /[\u2E80-\u303F\u3040-\u30FF\u3100-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;

/** Whether `ch` belongs to a script that is written without spaces between words. */
export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

function visibleText(token: Token): string | undefined {
  if (token.type === 'text' || token.type === 'code_inline') return token.content;
  if (token.type === 'math_inline') return 'x';
  return undefined;
}

/**
 * Chinese authors hard-wrap lines mid-sentence. A soft line break between two
 * CJK characters must vanish rather than become a space, both in the rendered
 * note and in its text projection, so both ask this one function.
 */
export function softbreakJoinsTight(children: Token[], index: number): boolean {
  let before: string | undefined;
  for (let i = index - 1; i >= 0 && before === undefined; i--) before = visibleText(children[i] as Token);
  let after: string | undefined;
  for (let i = index + 1; i < children.length && after === undefined; i++) after = visibleText(children[i] as Token);
  return isCjk(before?.at(-1)) && isCjk(after?.[0]);
}
