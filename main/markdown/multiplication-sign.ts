import type { MarkdownIt, StateInline } from 'markdown-it';

const ASTERISK = 0x2a;
/** What can stand left of a multiplication: `n`, `2`, `)` in `(n,d)*(d,n)`. */
const OPERAND_END = /[A-Za-z0-9)\]}]/;
/** What can stand right of one: `d`, `3`, `(`. */
const OPERAND_START = /[A-Za-z0-9([{]/;

/**
 * A lone `*` written between two ASCII operands (`(n,d)*(d,n)`, `batch*seq`,
 * `Q*K^T`) is a multiplication sign in interview notes, not emphasis:
 * CommonMark would pair two of them and swallow both, turning the formula
 * between them into italics. Such a `*` is kept as text. Emphasis as people
 * write it (`*安全*、`, `生成*安全*的`, `**bold**`) has a space, a Chinese
 * character, punctuation or another `*` beside its delimiters, and is untouched.
 */
function multiplicationSign(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== ASTERISK || pos === 0) return false;
  const before = src[pos - 1] ?? '';
  const after = src[pos + 1] ?? '';
  if (!OPERAND_END.test(before) || !OPERAND_START.test(after)) return false;
  if (!silent) state.pending += '*';
  state.pos = pos + 1;
  return true;
}

export function multiplicationSignPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('emphasis', 'multiplication_sign', multiplicationSign);
}
