import type { Token } from 'markdown-it';

// Han, kana, Hangul and full-width punctuation: scripts written without spaces.
const CJK = /[\u2E80-\u303F\u3040-\u30FF\u3100-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;
/** Lines at least this long that end mid-sentence are editor wrapping, not meant breaks. */
const WRAPPED_LINE_CHARS = 40;
/** A line that ends a thought: a sentence, a clause before `；`, or a label before what it introduces. */
const THOUGHT_END = /[。！？：；!?:;]$/;
/** Between Latin words only these end a line for sure: English prose wraps after `.`, `;` and `)` too. */
const LATIN_THOUGHT_END = /[。！？：:]$/;
/** A closing bracket ends the aside or the title it closed: `…（flashattention）`, `《…》`. */
const CLOSING_BRACKET = /[)）」』】》〉”]$/;
/** A line that ends here goes on in the next one: a comma, an enumeration comma, an opening bracket, an operator. */
const CONTINUES = /[，、,（(「《“+＋\-—=*/]$/;
/** `其他：`, `prefill阶段：`, `continuous batching：`, `原理: `: a short name and a colon that open a new item. */
const LABEL = /^([^，。！？；：、,!?;:]{1,24})([：:])/;
/** `1.`, `2、`, `3）`, `①`, a date such as `2025-04-11`: the line opens a numbered item or a dated entry. */
const ENUMERATOR_OR_DATE = /^(\d{1,3}[.．、)）](?!\d)|\d{4}[-/.年]\d|[\u2460-\u2473])/;
/** Words a Chinese sentence opens with; after a line with no comma, they start a new sentence. */
const SENTENCE_OPENER = /^(比如|例如|譬如|因为|因此|所以|但是|然而|而且|另外|此外|同时|总之|首先|其次|然后|最后|如果|虽然|注意|总结|综上)/;
const URL_LINE = /^(https?:\/\/|www\.)\S+$/i;
const TERM_SEPARATOR = /[、,，|｜]/;
/** The longest term of a line that lists terms; longer pieces are clauses of a sentence. */
const TERM_CHARS = 16;

/** Whether `ch` belongs to a script that is written without spaces between words. */
export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

function visibleText(token: Token): string {
  if (token.type === 'text' || token.type === 'code_inline' || token.type === 'math_inline' || token.type === 'wikilink')
    return token.content;
  if (token.type === 'image') return (token.children ?? []).map(visibleText).join('');
  return '';
}

function isLineEnd(token: Token): boolean {
  return token.type === 'softbreak' || token.type === 'hardbreak';
}

function isBlank(token: Token): boolean {
  return token.type === 'text' && token.content.trim() === '';
}

/** The tokens of the line that ends (direction -1) or starts (direction 1) at the break `index`. */
function lineTokens(children: Token[], index: number, direction: -1 | 1): Token[] {
  const line: Token[] = [];
  for (let i = index + direction; i >= 0 && i < children.length; i += direction) {
    const token = children[i] as Token;
    if (isLineEnd(token)) break;
    line.push(token);
  }
  if (direction === -1) line.reverse();
  return line.filter((token) => !isBlank(token));
}

/** A line that is one link, one wikilink, one image or one bare URL: a reference, never part of a sentence. */
function isLoneLink(line: Token[], text: string): boolean {
  if (URL_LINE.test(text)) return true;
  if (line.length === 1) return line[0]?.type === 'image' || line[0]?.type === 'wikilink';
  if (line[0]?.type !== 'link_open' || line.at(-1)?.type !== 'link_close') return false;
  return line.filter((token) => token.type === 'link_open').length === 1;
}

/** `xxx：` at the start of a line. An ASCII colon counts only in Chinese text, and not in `https://` or `3:1`. */
function startsWithLabel(text: string, isCjkJunction: boolean): boolean {
  const match = LABEL.exec(text);
  if (!match) return false;
  const [whole, label = '', colon] = match;
  if (colon === '：') return true;
  const after = text[whole.length];
  if (after === '/' || (/\d$/.test(label) && after !== undefined && /\d/.test(after))) return false;
  return isCjkJunction || [...label].some((ch) => isCjk(ch));
}

/** `归纳为6类：分布式优化、低比特优化、算子优化`: short terms with separators, no sentence, nothing left to continue. */
function isTermList(text: string): boolean {
  if (/[。！？!?]/.test(text) || CONTINUES.test(text)) return false;
  const label = LABEL.exec(text);
  const terms = (label ? text.slice(label[0].length) : text).split(TERM_SEPARATOR);
  return terms.length >= 3 && terms.every((term) => term.trim() !== '' && [...term.trim()].length <= TERM_CHARS);
}

/** The first token of a line that shows something, skipping link and emphasis openers. */
function firstVisible(line: Token[]): string {
  for (const token of line) {
    const text = visibleText(token);
    if (text) return text;
  }
  return '';
}

/**
 * Whether the author ended the line on purpose, so that the next line is a
 * new item: what the previous line ends with, and what the next one opens with.
 */
function isMeantBreak(before: Token[], after: Token[], isCjkJunction: boolean): boolean {
  const previous = before.map(visibleText).join('').trim();
  const next = after.map(visibleText).join('').trimStart();
  // A line that shows nothing (raw HTML alone) gives no evidence either way.
  if (previous === '' || next === '') return false;
  // The next line opens a new item: a link or image on its own, bold, a label, a number or a date.
  if (isLoneLink(before, previous) || isLoneLink(after, next.trimEnd())) return true;
  // Italics also open a Chinese item (`*模型微调*：`); English prose may wrap before an italic title.
  const opener = after[0]?.type;
  if (opener === 'strong_open' || (opener === 'em_open' && isCjkJunction)) return true;
  if (startsWithLabel(next, isCjkJunction) || ENUMERATOR_OR_DATE.test(next)) return true;
  if (isTermList(previous)) return true;
  if (!isCjkJunction) {
    if (LATIN_THOUGHT_END.test(previous)) return true;
    // A short line is a line of its own (`Accuracy` then `TODO`), unless a
    // phrase goes on in lower case on the next line, as English prose does.
    const isProseGoingOn = /^[a-z]/.test(next) && /\s/.test(previous);
    return previous.length < WRAPPED_LINE_CHARS && !isProseGoingOn;
  }
  if (THOUGHT_END.test(previous) || CLOSING_BRACKET.test(previous)) return true;
  if (SENTENCE_OPENER.test(next) && !CONTINUES.test(previous)) return true;
  return [...previous].length < WRAPPED_LINE_CHARS;
}

export type SoftbreakKind = 'join' | 'space' | 'break';

/**
 * What a soft line break inside a paragraph should become. Chinese notes mix
 * two habits: text hard-wrapped mid-sentence by an editor (the break must
 * vanish — a space between two Han characters is wrong), and one thought per
 * line (`泛化能力：…` then `提高方法：`), where the break is meant and the
 * reader must keep it. A line is the author's own when it is short, ends a
 * sentence, a bracket or a list of terms, or when the next line opens a new
 * item (a label, bold, a number, a link on its own line). Only a long line
 * that stops mid-sentence before ordinary text is wrapping: it joins between
 * Chinese characters and is a space between Latin words, as in any Markdown.
 * The reader and the text projection both ask this function, so they agree.
 */
export function softbreakKind(children: Token[], index: number): SoftbreakKind {
  const before = lineTokens(children, index, -1);
  const after = lineTokens(children, index, 1);
  const lastBefore = before.map(visibleText).join('').trimEnd().at(-1);
  const isCjkJunction = isCjk(lastBefore) || isCjk(firstVisible(after)[0]);
  if (isMeantBreak(before, after, isCjkJunction)) return 'break';
  return isCjkJunction ? 'join' : 'space';
}
