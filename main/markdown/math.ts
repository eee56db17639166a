import type { MarkdownIt, StateBlock, StateCore, StateInline } from 'markdown-it';

/**
 * `$…$` inline and `$$…$$` display math, as interview notes write them:
 * inner spaces allowed (`$ x $`), `$$…$$` inside a paragraph, multi-line
 * display blocks, and a fenced code block whose whole content is one
 * `$$…$$` formula (or whose language is math/latex/tex/katex).
 * Tokens: `math_inline` (meta.display false/true) and `math_block`.
 */

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;
const MATH_FENCE_LANGS = new Set(['math', 'latex', 'tex', 'katex']);
const WHOLE_DISPLAY = /^\s*\$\$([\s\S]*?)\$\$\s*$/;

function isEscaped(src: string, pos: number): boolean {
  let count = 0;
  for (let i = pos - 1; i >= 0 && src.charCodeAt(i) === BACKSLASH; i--) count++;
  return count % 2 === 1;
}

function findClosing(src: string, from: number, delimiter: string, limit: number): number {
  let at = from;
  for (;;) {
    at = src.indexOf(delimiter, at);
    if (at === -1 || at >= limit) return -1;
    if (!isEscaped(src, at)) return at;
    at += 1;
  }
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== DOLLAR) return false;
  const isDisplay = src.charCodeAt(pos + 1) === DOLLAR;
  const delimiter = isDisplay ? '$$' : '$';
  const start = pos + delimiter.length;
  const end = findClosing(src, start, delimiter, posMax);
  if (end === -1) return false;
  const content = src.slice(start, end);
  if (content.trim() === '') return false;
  // "$5 and $10": a closing dollar directly followed by a digit is a price, not math.
  if (!isDisplay && /\d/.test(src[end + 1] ?? '')) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = content.trim();
    token.markup = delimiter;
    token.meta = { display: isDisplay };
  }
  state.pos = end + delimiter.length;
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number): string => state.src.slice((state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0), state.eMarks[line]);
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const first = lineText(startLine);
  if (!first.startsWith('$$')) return false;
  const afterOpen = first.slice(2);
  const closeOnFirst = afterOpen.indexOf('$$');
  let body: string;
  let lastLine = startLine;
  if (closeOnFirst !== -1) {
    // `$$ x $$` on one line is a block only if nothing follows the closing `$$`.
    if (afterOpen.slice(closeOnFirst + 2).trim() !== '') return false;
    body = afterOpen.slice(0, closeOnFirst);
  } else {
    let found = -1;
    for (let line = startLine + 1; line < endLine; line++) {
      if ((state.sCount[line] ?? 0) < state.blkIndent && lineText(line).trim() !== '') break;
      const text = lineText(line).trimEnd();
      const close = text.indexOf('$$');
      if (close !== -1) {
        if (text.slice(close + 2).trim() !== '') return false;
        found = line;
        break;
      }
    }
    if (found === -1) return false;
    lastLine = found;
    const closing = lineText(found).trimEnd();
    const middle = state.getLines(startLine + 1, found, state.blkIndent, true);
    body = `${afterOpen}\n${middle}${closing.slice(0, closing.indexOf('$$'))}`;
  }
  if (body.trim() === '') return false;
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = body.trim();
  token.markup = '$$';
  token.map = [startLine, lastLine + 1];
  state.line = lastLine + 1;
  return true;
}

/** Turns ```` ``` ```` blocks that hold only a formula into math blocks. */
function fencedFormulas(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== 'fence') continue;
    const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const whole = WHOLE_DISPLAY.exec(token.content);
    if (MATH_FENCE_LANGS.has(lang)) {
      token.type = 'math_block';
      token.content = (whole ? (whole[1] ?? '') : token.content).trim();
    } else if (lang === '' && whole && !(whole[1] ?? '').includes('$$') && (whole[1] ?? '').trim() !== '') {
      token.type = 'math_block';
      token.content = (whole[1] ?? '').trim();
    }
  }
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.core.ruler.after('block', 'fenced_formulas', fencedFormulas);
}
