import { isJsSpace } from '../../common/js-space.js';

/**
 * How a line of a note reads: whether it asks something, whether it only
 * looks like a question. Kept apart from the walk over the parse so the
 * wording rules can be read and tuned in one place. Precision comes first: a
 * card that is not a question costs the person's trust, so the bullet rules,
 * which see the most prose, are the strictest.
 */

/** Words that make a heading or a numbered item a question wherever they stand. */
const ASKS_ANYWHERE =
  /[？?]|为什么|为何|如何|怎么|怎样|什么|哪些|哪个|哪种|是否|能否|可否|有何|区别|不同|差别|差异|异同|原理|讲解|讲一下|讲讲|介绍一下|说说|谈谈|解释一下|简述|优缺点|优劣|对比|比较|原因|解决方案|怎么办|作用是|\bvs\.?(?=\s|$|[^a-z])|\b(why|how|what|which|when|difference)\b/i;

/** A bullet asks only when it opens with a question word or ends like a question: bullets carry most of a note's prose. */
const BULLET_OPENS =
  /^(为什么|为何|如何|怎么|怎样|什么是|什么叫|是否|能否|讲解|讲讲|讲一下|介绍一下|说说|说一下|谈谈|解释一下|简述|描述一下|比较一下|对比一下|(why|how|what|which|explain|describe|compare)\b)/i;
const BULLET_ENDS =
  /([？?]|吗|原理|原理是什么|是什么|有哪些|有什么不同|有什么区别|有何区别|有何不同|的区别|的差别|的不同|的异同|的优缺点|怎么办|怎么做|怎么算|如何实现|如何计算)$/;
const VERSUS = /\S\s*\bvs\.?\s*\S/i;
const AND_DIFFER = /^.{1,40}[和与跟及].{1,40}(有什么|有何)(不同|区别|差别|差异)/;

/** `1.1 `, `2.3.1 `: section numbers, followed by a space so `3.14` stays a number. */
const DOTTED_ENUMERATOR = /^\s*\d{1,3}(?:\.\d{1,3})+[.．]?\s+/;
const TODO = /^\s*(\[[ xX]?\]|todo\b|待办|待补充|待完善|待整理|fixme\b)/i;
/** The first characters TODO can match after its spaces (a trimmed line has none): `[`, `todo`, `待…`, `fixme`, in either case. */
const TODO_FIRST = new Set([...'[tT待fF'].map((c) => c.charCodeAt(0)));
const URL = /https?:\/\/\S+/gi;
/** Headings that name a list or the note's apparatus, never a question of their own. */
const APPARATUS_HEADING =
  /^(题库|面试题|面试题目|问题|问题列表|题目|目录|总结|小结|参考|参考文献|参考资料|参考链接|相关链接|相关笔记|延伸阅读|链接|资料|附录|references?|links?|see also|further reading|todo|table of contents|toc)[：:]?$/i;
/** The first character of each name APPARATUS_HEADING knows, lower case. */
const APPARATUS_FIRST = new Set([...'题面问目总小参相延链资附rlsft'].map((c) => c.charCodeAt(0)));
/** `Q：`, `Q:`, `问：` open an inline question; `A：`, `答：` its answer. */
const INLINE_QUESTION = /^\s*(?:\*\*)?(?:Q|问|问题)(?:\*\*)?\s*[：:](?:\*\*)?\s*(\S.*)$/i;
const INLINE_ANSWER = /(?:^|\s)(?:\*\*)?(?:A|答|答案)(?:\*\*)?\s*[：:]/i;
/** The words an elliptical prompt opens with (`如何提高`, `原因`). */
const ELLIPTICAL_OPENS = /^(如何|怎么|怎样|为什么|为何|原因|解决|方法|优缺点|区别|优势|缺点|优点|影响|作用|原理)/;
/** The longest first line a bullet question has; longer ones are prose that happens to end in `？`. */
const BULLET_MAX_CHARS = 120;

/** The title without the author's numbering (`2. 大模型的吞吐太小怎么办？` → `大模型的吞吐太小怎么办？`). */
export function stripEnumerator(text: string): string {
  // Both enumerators open with a space, a digit or `(`: most titles open with neither and need no regular expression.
  const code = text.charCodeAt(0);
  if (!isJsSpace(code) && !(code >= 0x30 && code <= 0x39) && code !== 0x28) return text.trim();
  const undotted = mayBeDotted(text) ? text.replace(DOTTED_ENUMERATOR, '') : text;
  const numbered = enumeratorLength(undotted, 0);
  return (numbered > 0 ? undotted.slice(numbered) : undotted).trim();
}

/**
 * Whether DOTTED_ENUMERATOR could match: after the spaces, digits, a dot and
 * a digit (`2.3 `). A plain `1. ` number, the common one, needs only ENUMERATOR.
 */
function mayBeDotted(text: string): boolean {
  let at = 0;
  while (at < text.length && isJsSpace(text.charCodeAt(at))) at++;
  const digits = at;
  while (at < text.length && isDigit(text.charCodeAt(at))) at++;
  return at > digits && text.charCodeAt(at) === 0x2e && isDigit(text.charCodeAt(at + 1));
}

/**
 * The length of the author's number opening text[from…] (`1.`, `11、`, `3）`,
 * `(2)`, up to `1000.` in a long bank), 0 when there is none: what
 * /^\s*\(?\d{1,4}\s*[.．、)）]\s*(?!\d)/ matches there, read by code unit (it
 * runs on every numbered title): `3.14` stays a number.
 */
function enumeratorLength(text: string, from: number): number {
  let at = from;
  while (at < text.length && isJsSpace(text.charCodeAt(at))) at++;
  if (text.charCodeAt(at) === 0x28) at++;
  const digits = at;
  while (at < text.length && at - digits < 4 && isDigit(text.charCodeAt(at))) at++;
  if (at === digits) return 0;
  while (at < text.length && isJsSpace(text.charCodeAt(at))) at++;
  const mark = text.charCodeAt(at);
  if (mark !== 0x2e && mark !== 0xff0e && mark !== 0x3001 && mark !== 0x29 && mark !== 0xff09) return 0;
  at++;
  const spaces = at;
  while (at < text.length && isJsSpace(text.charCodeAt(at))) at++;
  if (isDigit(text.charCodeAt(at))) {
    // A digit right after the mark: no number (`3.14`); after spaces, the number ends before the last space.
    if (at === spaces) return 0;
    at--;
  }
  return at - from;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The text a card shows: no numbering, no colon left by `12.rag的幻觉问题：`. */
export function questionText(text: string): string {
  return unnumberedQuestionText(stripEnumerator(text));
}

/** questionText of a title already without its numbering (stripEnumerator's result): a heading's, stripped once. */
export function unnumberedQuestionText(bare: string): string {
  // Trimmed already: only colons at its end leave anything to take off.
  const last = bare.charCodeAt(bare.length - 1);
  if (last !== 0xff1a && last !== 0x3a) return bare;
  return bare.replace(/[：:]+$/, '').trim();
}

/**
 * `L1 和 L2正则化差别：L1（…）L2（…）`: a question and its answer on one line.
 * Returns where the answer starts when the part before the colon asks.
 */
export function askedBeforeColon(text: string): number | undefined {
  const colon = /[：:]/.exec(text.replace(URL, (url) => ' '.repeat(url.length)));
  if (!colon) return undefined;
  const before = text.slice(0, colon.index);
  return asksLoosely(before) && !isLookAlike(before) ? colon.index + 1 : undefined;
}

/** Letters or digits remain once punctuation is gone: `？？？` or `---` asks nothing. */
export function hasWords(text: string): boolean {
  // Most titles show an ASCII letter or digit or a common Han character early: no regular expression for them.
  let isAscii = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x4e00 && code <= 0x9fa5)
    ) {
      return true;
    }
    if (code >= 0x80) isAscii = false;
  }
  return !isAscii && /[\p{L}\p{N}]/u.test(text);
}

/**
 * `原理：……` or `评估指标：依据任务而定` states a point and its answer on one
 * line; a question written that way is the rare case, so it does not count.
 */
export function isStatement(text: string): boolean {
  // Without a colon there is nothing to find (taking URLs out makes none): most lines have none.
  if (!text.includes('：') && !text.includes(':')) return false;
  const withoutUrls = text.replace(URL, '');
  const colon = /[：:]\s*(\S)/.exec(withoutUrls);
  return colon !== null;
}

/**
 * `位置编码：RoPE、ALiBi、YaRN`: a topic and the terms it covers, not a
 * sentence after a label (`评估指标：依据任务而定`).
 */
export function isTopicList(text: string): boolean {
  const colon = /[：:]/.exec(text);
  if (!colon) return false;
  const after = text.slice(colon.index + 1).trim();
  const terms = after.split(/[、,，/]/).map((term) => term.trim());
  return terms.length >= 2 && terms.every((term) => term.length > 0 && term.length <= 16) && !/[。；;]/.test(after);
}

/** A TODO or checkbox line, a line that is only a link or a URL. */
export function isLookAlike(text: string): boolean {
  const trimmed = text.trim();
  if (!hasWords(trimmed) || (TODO_FIRST.has(trimmed.charCodeAt(0)) && TODO.test(trimmed))) return true;
  // Only a URL can leave it empty, and a URL has `://`; it has words, so it is not empty as it is.
  if (!trimmed.includes('://')) return false;
  return trimmed.replace(URL, '').trim() === '';
}

/** Whether a heading or a numbered item's first line asks something. */
export function asksLoosely(text: string): boolean {
  // A question mark is ASKS_ANYWHERE's first alternative, and most questions have one: found without the expression.
  return hasWords(text) && (text.includes('？') || text.includes('?') || ASKS_ANYWHERE.test(text));
}

/**
 * Whether a heading asks, leaving bracketed asides out: `Mixtral 的 MoE 结构（对比基线）`
 * names a topic and says in passing what it is compared with; it asks nothing.
 */
export function headingAsks(text: string): boolean {
  // Most headings have no brackets: no expression to run to take them out.
  const hasBrackets = text.includes('（') || text.includes('(');
  return asksLoosely(hasBrackets ? text.replace(/（[^（）]*）|\([^()]*\)/g, ' ') : text);
}

/** Whether a bullet's first line is a question: it opens or ends like one. */
export function bulletAsks(text: string): boolean {
  // One closing `。.;；` off, and a closing `？?` found, by code unit: every bullet of a note is asked.
  const whole = text.trim();
  const closing = whole.charCodeAt(whole.length - 1);
  const trimmed = closing === 0x3002 || closing === 0x2e || closing === 0x3b || closing === 0xff1b ? whole.slice(0, -1) : whole;
  if (trimmed.length > BULLET_MAX_CHARS || !hasWords(trimmed) || isStatement(trimmed)) return false;
  const last = trimmed.charCodeAt(trimmed.length - 1);
  if (last === 0xff1f || last === 0x3f) return true;
  // `为什么它有效还没有定论，但实验很充分`: a clause after a comma that does not end asking is a statement.
  if (/[，,；;。]/.test(trimmed) && !BULLET_ENDS.test(trimmed)) return false;
  return BULLET_OPENS.test(trimmed) || BULLET_ENDS.test(trimmed) || VERSUS.test(trimmed) || AND_DIFFER.test(trimmed);
}

/** A heading such as `## 题库` or `## 参考资料`: it names what follows. */
export function isApparatusHeading(text: string): boolean {
  return isApparatusTitle(stripEnumerator(text));
}

/** isApparatusHeading of a title already without its numbering (stripEnumerator's result). */
export function isApparatusTitle(bare: string): boolean {
  // Every heading it names opens with one of these (in either case): the others need no more work.
  const first = bare.charCodeAt(0);
  if (!APPARATUS_FIRST.has(first >= 0x41 && first <= 0x5a ? first + 0x20 : first)) return false;
  return APPARATUS_HEADING.test(bare.replace(/\s+/g, ' ').trim());
}

/** `Q：为什么…` → `为什么…`; undefined when the line is not an inline question. */
export function inlineQuestion(line: string): string | undefined {
  const match = INLINE_QUESTION.exec(line);
  return match?.[1]?.trim();
}

/** Where `A：`/`答：` starts in a line, or -1. */
export function inlineAnswerIndex(line: string): number {
  const match = INLINE_ANSWER.exec(line);
  if (!match) return -1;
  return match.index + (match[0].length - match[0].trimStart().length);
}

/** Text compared for "the question repeated as its answer's first line": no markup, spaces or end punctuation. */
export function comparable(text: string): string {
  // One pass by char code, not two regular expressions: it runs for every question's card key (the
  // finder compares an answer's first line with isSameComparable, repeated-question.ts): with the
  // regular expressions it was a third of what finding questions and their card fields cost on import.
  // Same result as stripEnumerator(text).replace(/[\s*_`#>]/g, '').replace(/[？?。.:：!！]+$/, '').toLowerCase().
  const bare = stripEnumerator(text);
  let kept = '';
  let run = 0;
  for (let i = 0; i < bare.length; i++) {
    if (!isDropped(bare.charCodeAt(i))) continue;
    if (i > run) kept += bare.slice(run, i);
    run = i + 1;
  }
  kept = run === 0 ? bare : kept + bare.slice(run);
  let end = kept.length;
  while (end > 0 && isEndMark(kept.charCodeAt(end - 1))) end--;
  return (end === kept.length ? kept : kept.slice(0, end)).toLowerCase();
}

/** What comparable leaves out anywhere: JavaScript's `\s` and the Markdown marks `*_`#>`. */
export function isDropped(code: number): boolean {
  if (code < 0x80 && code > 0x20) return code === 0x2a || code === 0x5f || code === 0x60 || code === 0x23 || code === 0x3e;
  return isJsSpace(code);
}

/** What comparable takes off the end: `？?。.:：!！`. */
export function isEndMark(code: number): boolean {
  return (
    code === 0xff1f ||
    code === 0x3f ||
    code === 0x3002 ||
    code === 0x2e ||
    code === 0x3a ||
    code === 0xff1a ||
    code === 0x21 ||
    code === 0xff01
  );
}

/** Where what stripEnumerator keeps begins in `text` (before its trim, which only takes spaces comparable drops). */
export function enumeratorEnd(text: string): number {
  // As in stripEnumerator: both enumerators open with a space, a digit or `(`.
  const code = text.charCodeAt(0);
  if (!isJsSpace(code) && !(code >= 0x30 && code <= 0x39) && code !== 0x28) return 0;
  const dotted = mayBeDotted(text) ? (DOTTED_ENUMERATOR.exec(text)?.[0].length ?? 0) : 0;
  return dotted + enumeratorLength(text, dotted);
}

/**
 * A prompt that needs its parent to be understood: `如何提高` after
 * `大模型服务吞吐率太小怎么办`, `原因`, `怎么解决`.
 */
export function isElliptical(text: string): boolean {
  const bare = stripEnumerator(text);
  // The end marks and spaces at the end come off by code unit (what /[？?。.:：!！\s]+$/ took), and a long prompt is decided before any test.
  let end = bare.length;
  while (end > 0 && (isEndMark(bare.charCodeAt(end - 1)) || isJsSpace(bare.charCodeAt(end - 1)))) end--;
  return end <= 6 && ELLIPTICAL_OPENS.test(end === bare.length ? bare : bare.slice(0, end));
}
