import type { Token } from 'markdown-it';
import { normalizeEnumerations } from './enumerations.js';
import { inlineText } from './inline-text.js';
import { isJsSpace } from '../../common/js-space.js';
import { fileLinesOf, isBlankLine, lineOf, writtenLines } from './note-lines.js';
import { isSameComparable } from './repeated-question.js';
import { classifyHeadings, hasAskingNumbered, isBreak, isLinkOnly } from './question-headings.js';
import {
  asksLoosely,
  bulletAsks,
  inlineAnswerIndex,
  inlineQuestion,
  isElliptical,
  isLookAlike,
  isStatement,
  questionText,
  stripEnumerator,
  unnumberedQuestionText,
} from './question-forms.js';

/**
 * Finds the questions a note already asks, so each can become a card with no
 * syntax added to the file: headings that ask (or that are the question unit
 * of their note), top-level numbered items, bullets that ask, and inline
 * `Q：… A：…` lines. Reads what the pipeline already produced (tokens and the
 * projection); no database, no Electron. One walk over the tokens after one
 * walk over the headings, so the work is linear in the note.
 */

export type QuestionKind = 'heading' | 'numbered' | 'bullet' | 'inline';

export interface FoundQuestion {
  /** The question as the person reads it, without the author's numbering. */
  text: string;
  kind: QuestionKind;
  /** Titles of the parent headings (not the note's title), then the parent question for an elliptical prompt. */
  context: string[];
  /** The answer as offsets into the projection text; null when the note does not answer it yet. */
  answer: { start: number; end: number } | null;
  /** The question as written (numbering included), as offsets into the projection text: what a card anchors on. */
  span: { start: number; end: number };
  /** 1-based line in the file as on disk, front matter included. */
  line: number;
  answerFirstLine: number | null;
  answerLastLine: number | null;
}

export interface QuestionSource {
  /** Tokens from parseMarkdown(body). */
  tokens: Token[];
  /** The projection of those tokens (projectTokens). */
  projection: { text: string; tokenEnds: number[] };
  /** The whole file as decoded, front matter included. */
  source: string;
  /** The Markdown after the front matter, as written. */
  body: string;
  /** normalizeEnumerations(body), what was parsed, when the caller kept it (else it is made again here). */
  normalizedBody?: string;
  /** The note's title, when it came from the front matter or the file name. */
  title?: string;
}

interface Draft {
  kind: QuestionKind;
  text: string;
  context: string[];
  /** Line in the parsed (normalized) body, 0-based. */
  line: number;
  startToken: number;
  /** The question's own text in the projection. */
  span: { start: number; end: number };
  /** Where the answer begins: a token, or a line inside an inline token. */
  bodyToken: number;
  bodyInline?: { index: number; line: number };
  scopeEnd: number;
  /** An answer that starts on the question's own line, before its body. */
  lead?: { start: number; line: number };
  /** An inline Q：A answer, already measured. */
  fixed?: { start: number; end: number; firstLine: number; lastLine: number } | null;
}

interface InlineLines {
  texts: string[];
  /** Projection offsets of each line's start and end. */
  starts: number[];
  ends: number[];
}

/** The longest bare topic (`- 数据增强`) taken as a question among asking siblings. */
const BARE_TOPIC_CHARS = 40;

/** Blocks that hold other blocks (and the rule): an answer counts the blocks inside them, not their span. Compared, not looked up: it runs on every token of every answer. */
function isContainer(type: string): boolean {
  return (
    type === 'hr' || type === 'bullet_list_open' || type === 'ordered_list_open' || type === 'list_item_open' || type === 'blockquote_open'
  );
}

function isInTokenOrder(drafts: Draft[]): boolean {
  for (let n = 1; n < drafts.length; n++) if ((drafts[n - 1] as Draft).startToken > (drafts[n] as Draft).startToken) return false;
  return true;
}

/** `Reference:`, `参考资料：` alone (or before a URL) on a line. */
const REFERENCE_LABEL =
  /^\s*(?:[-*+]\s+)?(?:\*\*)?(?:references?|refs?|参考|参考资料|参考文献|参考链接|引用|来源|出处|原文)(?:\*\*)?\s*[:：]?\s*(?:https?:\/\/\S+)?\s*$/i;
const URL_LINE = /^\s*(?:[-*+]\s+)?(?:<?https?:\/\/\S+>?|\[[^\]]*\]\(https?:\/\/[^)]*\))\s*$/i;

/** The first characters (after spaces) REFERENCE_LABEL and URL_LINE can match: a bullet or bold mark, `<`, `[`, a label, a URL. */
const CITATION_FIRST = new Set([...'-*+<[rRhH参引来出原'].map((c) => c.charCodeAt(0)));

/** False when neither REFERENCE_LABEL nor URL_LINE can match the line: an answer's last line is seldom a citation. */
function mayCite(line: string): boolean {
  let at = 0;
  while (at < line.length && isJsSpace(line.charCodeAt(at))) at++;
  return CITATION_FIRST.has(line.charCodeAt(at));
}

/**
 * Whether file lines first..last (1-based) hold only citations: reference
 * labels, URLs or links alone on a line, and the title line right above a
 * URL (`为什么大模型会「说胡话」？ - 某人的回答 - 知乎`). At least one URL.
 */
function isOnlyReferences(fileLine: (n: number) => string, isBlank: (n: number) => boolean, first: number, last: number): boolean {
  let hasUrl = false;
  for (let n = last; n >= first; n--) {
    if (isBlank(n)) continue;
    const line = fileLine(n);
    const canCite = mayCite(line);
    if (canCite && REFERENCE_LABEL.test(line)) continue;
    if (canCite && URL_LINE.test(line)) {
      hasUrl = true;
      continue;
    }
    // A link's title: the next non-blank line is a URL.
    let below = n + 1;
    while (below <= last && isBlank(below)) below++;
    if (below <= last && URL_LINE.test(fileLine(below)) && line.length <= 200) continue;
    return false;
  }
  return hasUrl;
}

/** Finds the questions of one note; see the module comment. */
export function findQuestions(input: QuestionSource): FoundQuestion[] {
  const { tokens, projection, source, body } = input;
  const text = projection.text;
  const ends = projection.tokenEnds;
  const offsetBefore = (index: number): number => (index <= 0 ? 0 : (ends[index - 1] ?? text.length));

  const fileLines = fileLinesOf(source, body);
  const { frontLines } = fileLines;
  const bodyLines = writtenLines(body, input.normalizedBody ?? normalizeEnumerations(body), fileLines);
  const lineAt = (n: number): string => lineOf(source, fileLines, n);
  const isBlankAt = (n: number): boolean => isBlankLine(source, fileLines, n);
  /** 1-based file line of a parsed-body line. */
  const fileLine = (parsedLine: number): number => frontLines + (bodyLines[Math.min(parsedLine, bodyLines.length - 1)] ?? 0) + 1;

  // By token index, in arrays rather than maps: every list item's first line is read, many of them twice.
  const lineCache = new Array<InlineLines | undefined>(tokens.length);
  const linesOf = (index: number): InlineLines => {
    const cached = lineCache[index];
    if (cached) return cached;
    const children = tokens[index]?.children ?? [];
    const at: number[] = [];
    const full = inlineText(children, (_token, offset) => at.push(offset));
    const base = offsetBefore(index);
    const result: InlineLines = { texts: [], starts: [], ends: [] };
    let start = 0;
    children.forEach((child, k) => {
      if (!isBreak(child)) return;
      const end = at[k] ?? full.length;
      result.texts.push(full.slice(start, end));
      result.starts.push(base + start);
      result.ends.push(base + end);
      start = at[k + 1] ?? full.length;
    });
    result.texts.push(full.slice(start));
    result.starts.push(base + start);
    result.ends.push(base + full.length);
    lineCache[index] = result;
    return result;
  };
  const firstLineCache = new Array<string | undefined>(tokens.length);
  /**
   * linesOf(index).texts[0] without the other lines: every list item's first line is read
   * (by classifyHeadings and the walk), most of them inside answers, where that is all that is read.
   */
  const firstLineOf = (index: number): string => {
    const known = lineCache[index]?.texts[0] ?? firstLineCache[index];
    if (known !== undefined) return known;
    const children = tokens[index]?.children ?? [];
    const lineBreak = children.findIndex(isBreak);
    const first = inlineText(lineBreak < 0 ? children : children.slice(0, lineBreak));
    firstLineCache[index] = first;
    return first;
  };
  /** First line of a list item's first paragraph, with that inline token's index. */
  const itemFirstLine = (itemOpen: number): { text: string; inline: number } | undefined => {
    if (tokens[itemOpen + 1]?.type !== 'paragraph_open' || tokens[itemOpen + 2]?.type !== 'inline') return undefined;
    return { text: firstLineOf(itemOpen + 2).trim(), inline: itemOpen + 2 };
  };

  const headings = classifyHeadings(tokens, input.title, itemFirstLine);
  /** The next heading the walk meets: classifyHeadings lists every heading, in the order of their tokens. */
  let nextHeading = 0;

  const drafts: Draft[] = [];
  const awaitingHeading: Draft[] = [];
  let quoteDepth = 0;
  let current = -1;
  let isNumberedRegion = false;
  let previousNumbered: string | undefined;
  let lastNumbered: Draft | undefined;
  const lists: string[] = [];
  const items: { token: number; draft?: Draft }[] = [];
  /** The first lines of the items a bullet sits in, outermost first, without their numbering: its context. */
  const enclosingItems = (): string[] =>
    items
      .slice(0, -1)
      .map((item) => stripEnumerator(itemFirstLine(item.token)?.text ?? ''))
      .filter((t) => t !== '');
  let questionItems = 0;
  const bulletLists: { asking: number; counted: number; bare: Draft[] }[] = [];
  const countBullet = (asks: boolean): void => {
    const list = bulletLists[bulletLists.length - 1];
    if (!list) return;
    list.counted++;
    if (asks) list.asking++;
  };

  /** Per heading (-1: before the first), whether a top-level numbered item of its body asks; asked once. */
  const askingNumberedOf = new Map<number, boolean>();
  const askingNumbered = (heading: number): boolean => {
    let asks = askingNumberedOf.get(heading);
    if (asks === undefined) {
      asks = hasAskingNumbered(headings.numberedItems.get(heading), itemFirstLine);
      askingNumberedOf.set(heading, asks);
    }
    return asks;
  };
  /** questionText of each heading's title, made once: every question under a heading shows it in its path. */
  const pathTexts = new Array<string | undefined>(headings.list.length);
  const headingPath = (): string[] => {
    const path: string[] = [];
    for (let h = current; h >= 0; h = headings.list[h]?.parent ?? -1) {
      // A bare question heading asks its own question; it is not a parent of the ones under it.
      if (h !== headings.titleIndex && !headings.list[h]?.isBare)
        path.push((pathTexts[h] ??= unnumberedQuestionText(headings.list[h]?.bare ?? '')));
    }
    return path.reverse();
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    // Every block the walk reads opens or closes (nesting ±1): inline runs, fences and formulas, a
    // third of the tokens, need no look at their type.
    if (token.nesting === 0) continue;
    switch (token.type) {
      case 'blockquote_open':
        quoteDepth++;
        break;
      case 'blockquote_close':
        quoteDepth--;
        break;
      case 'heading_open': {
        for (const draft of awaitingHeading) draft.scopeEnd = i;
        awaitingHeading.length = 0;
        isNumberedRegion = false;
        previousNumbered = undefined;
        lastNumbered = undefined;
        current = headings.list[nextHeading]?.token === i ? nextHeading++ : -1;
        const heading = headings.list[current];
        if (heading?.isQuestion) {
          const parent = current;
          current = heading.parent;
          const context = headingPath();
          current = parent;
          const title = heading.answerAt === undefined ? heading.text : heading.text.slice(0, heading.answerAt);
          const full = heading.written;
          const leading = full.length - full.trimStart().length;
          const spanStart = offsetBefore(i + 1);
          const draft: Draft = {
            kind: 'heading',
            text: heading.answerAt === undefined ? unnumberedQuestionText(heading.bare) : questionText(title),
            context,
            line: token.map?.[0] ?? 0,
            startToken: i,
            bodyToken: i + 3,
            scopeEnd: heading.scopeEnd,
            span: {
              start: spanStart + leading,
              end: spanStart + (heading.answerAt === undefined ? full.length : leading + heading.answerAt),
            },
          };
          if (heading.answerAt !== undefined) {
            draft.lead = { start: offsetBefore(i + 1) + leading + heading.answerAt, line: token.map?.[0] ?? 0 };
          }
          drafts.push(draft);
        }
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push(token.type);
        if (token.type === 'bullet_list_open') bulletLists.push({ asking: 0, counted: 0, bare: [] });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close': {
        lists.pop();
        const list = token.type === 'bullet_list_close' ? bulletLists.pop() : undefined;
        // Bare topics listed among questions are questions too (`- Self-attention 的时间复杂度`
        // beside `- 为什么要除以根号dk？`), when at least half of the list asks.
        if (list && list.asking > 0 && list.asking * 2 >= list.counted) drafts.push(...list.bare);
        break;
      }
      case 'list_item_open': {
        const entry: { token: number; draft?: Draft } = { token: i };
        items.push(entry);
        const isTopOrdered = lists.length === 1 && lists[0] === 'ordered_list_open';
        // The next item of the same level ends a numbered question's answer, question or not (`20. https://…`).
        if (isTopOrdered && lastNumbered && lastNumbered.scopeEnd > i) lastNumbered.scopeEnd = i;
        // A numbered question's answer runs to the next numbered question, so only nested items are inside it.
        const isFree =
          quoteDepth === 0 &&
          !(headings.list[current]?.isInQuestion ?? false) &&
          (isTopOrdered || !isNumberedRegion) &&
          questionItems === 0;
        // Read only for an item that may be a question: most items are points inside answers.
        const first = isFree ? itemFirstLine(i) : undefined;
        if (!first || !isFree || isLookAlike(first.text) || isStatement(first.text)) {
          // A statement or a link in the list counts against taking its bare topics as questions.
          if (isFree && lists[lists.length - 1] === 'bullet_list_open') countBullet(false);
          break;
        }
        const lines = linesOf(first.inline);
        const span = { start: lines.starts[0] ?? 0, end: lines.ends[0] ?? 0 };
        const hasMoreLines = lines.texts.length > 1;
        const bodyInline = hasMoreLines ? { index: first.inline, line: 1 } : undefined;
        if (!hasMoreLines && tokens[i + 4]?.type === 'list_item_close' && isLinkOnly(tokens[first.inline])) {
          if (lists[lists.length - 1] === 'bullet_list_open') countBullet(false);
          break;
        }
        if (isTopOrdered) {
          const hasAnswer = hasMoreLines || tokens[i + 4]?.type !== 'list_item_close';
          const asks = asksLoosely(first.text);
          if (!asks && !(hasAnswer && askingNumbered(current))) break;
          const context = headingPath();
          const question = questionText(first.text);
          if (previousNumbered !== undefined && isElliptical(question)) context.push(previousNumbered);
          const draft: Draft = {
            kind: 'numbered',
            text: question,
            context,
            line: token.map?.[0] ?? 0,
            startToken: i,
            span,
            bodyToken: i + 4,
            bodyInline,
            scopeEnd: tokens.length,
          };
          drafts.push(draft);
          awaitingHeading.push(draft);
          isNumberedRegion = true;
          previousNumbered = question;
          lastNumbered = draft;
        } else if (lists[lists.length - 1] === 'bullet_list_open' && bulletAsks(first.text)) {
          const context = [...headingPath(), ...enclosingItems()];
          const draft: Draft = {
            kind: 'bullet',
            text: questionText(first.text),
            context,
            line: token.map?.[0] ?? 0,
            startToken: i,
            span,
            bodyToken: i + 4,
            bodyInline,
            scopeEnd: tokens.length,
          };
          drafts.push(draft);
          entry.draft = draft;
          questionItems++;
          countBullet(true);
        } else if (lists[lists.length - 1] === 'bullet_list_open') {
          const isBare =
            !hasMoreLines &&
            tokens[i + 4]?.type === 'list_item_close' &&
            first.text.length <= BARE_TOPIC_CHARS &&
            !/[，,。；;]/.test(first.text);
          const list = bulletLists[bulletLists.length - 1];
          if (list) list.counted++;
          if (isBare && list) {
            const context = [...headingPath(), ...enclosingItems()];
            list.bare.push({
              kind: 'bullet',
              text: questionText(first.text),
              context,
              line: token.map?.[0] ?? 0,
              startToken: i,
              span,
              bodyToken: i + 4,
              scopeEnd: i + 4,
            });
          }
        }
        break;
      }
      case 'list_item_close': {
        const entry = items.pop();
        if (entry?.draft) {
          entry.draft.scopeEnd = i;
          questionItems--;
        }
        break;
      }
      case 'paragraph_open': {
        const isFree = quoteDepth === 0 && !(headings.list[current]?.isInQuestion ?? false) && !isNumberedRegion && questionItems === 0;
        if (!isFree || tokens[i + 1]?.type !== 'inline') break;
        const found = inlineQuestions(i, linesOf(i + 1), token.map?.[0] ?? 0);
        for (const draft of found) {
          drafts.push(draft);
          if (draft.fixed === undefined) awaitingHeading.push(draft);
        }
        break;
      }
      default:
        break;
    }
  }

  // Bare topics join their list when it closes; put every question back in reading order.
  // Most notes have no bare topic out of order: the sort is skipped when the check finds none.
  if (!isInTokenOrder(drafts)) drafts.sort((a, b) => a.startToken - b.startToken);
  return drafts.map((draft, n) => {
    const next = drafts[n + 1];
    let { start: qs, end: qe } = draft.span;
    while (qe > qs && isJsSpace(text.charCodeAt(qe - 1))) qe--;
    while (qs < qe && isJsSpace(text.charCodeAt(qs))) qs++;
    const span = { start: qs, end: qe };
    const measured =
      draft.fixed !== undefined
        ? draft.fixed
        : measureAnswer(draft, Math.min(draft.scopeEnd, next && next.startToken > draft.startToken ? next.startToken : tokens.length));
    // An answer that only cites where to read it (`Reference:`, a link title, a URL) answers nothing yet.
    const answer =
      measured &&
      draft.fixed === undefined &&
      isOnlyReferences(lineAt, isBlankAt, fileLine(measured.firstLine), fileLine(measured.lastLine))
        ? null
        : measured;
    if (!answer)
      return {
        text: draft.text,
        kind: draft.kind,
        context: draft.context,
        answer: null,
        span,
        line: fileLine(draft.line),
        answerFirstLine: null,
        answerLastLine: null,
      };
    let first = fileLine(answer.firstLine);
    let last = fileLine(answer.lastLine);
    while (last > first && isBlankAt(last)) last--;
    while (first < last && isBlankAt(first)) first++;
    let { start, end } = answer;
    while (end > start && isJsSpace(text.charCodeAt(end - 1))) end--;
    while (start < end && isJsSpace(text.charCodeAt(start))) start++;
    return {
      text: draft.text,
      kind: draft.kind,
      context: draft.context,
      answer: { start, end },
      span,
      line: fileLine(draft.line),
      answerFirstLine: first,
      answerLastLine: last,
    };
  });

  /** `Q：…` lines of one paragraph, each answered by the lines up to the next `Q：`. */
  function inlineQuestions(paragraph: number, lines: InlineLines, firstLine: number): Draft[] {
    const found: Draft[] = [];
    // The path of headings above, made for the first Q line: most paragraphs have none.
    let context: string[] | undefined;
    let open: Draft | undefined;
    const close = (lastLine: number): void => {
      if (!open?.fixed) return;
      open.fixed.end = lines.ends[lastLine] ?? open.fixed.end;
      open.fixed.lastLine = firstLine + lastLine;
    };
    lines.texts.forEach((lineText, k) => {
      const question = inlineQuestion(lineText);
      if (question === undefined) return;
      if (open) close(k - 1);
      const answerAt = inlineAnswerIndex(question);
      const qText = (answerAt > 0 ? question.slice(0, answerAt) : question).trim();
      if (isLookAlike(qText)) {
        open = undefined;
        return;
      }
      const start = lines.starts[k] ?? 0;
      const textStart = start + lineText.indexOf(question);
      const fixed =
        answerAt > 0
          ? { start: textStart + answerAt, end: lines.ends[k] ?? start, firstLine: firstLine + k, lastLine: firstLine + k }
          : k + 1 < lines.texts.length
            ? {
                start: lines.starts[k + 1] ?? start,
                end: lines.ends[k + 1] ?? start,
                firstLine: firstLine + k + 1,
                lastLine: firstLine + k + 1,
              }
            : null;
      const qEnd = answerAt > 0 ? textStart + answerAt : (lines.ends[k] ?? start);
      open = {
        kind: 'inline',
        text: questionText(qText),
        context: (context ??= headingPath()),
        line: firstLine + k,
        startToken: paragraph,
        span: { start, end: qEnd },
        bodyToken: paragraph + 3,
        scopeEnd: tokens.length,
        fixed,
      };
      // A Q line that ends its paragraph with no A: the blocks after it answer it.
      if (fixed === null) delete open.fixed;
      found.push(open);
    });
    if (open) close(lines.texts.length - 1);
    return found;
  }

  function measureAnswer(draft: Draft, end: number): { start: number; end: number; firstLine: number; lastLine: number } | null {
    let from = draft.bodyToken;
    let bodyInline = draft.bodyInline;
    // The question repeated as the answer's first line is not part of the answer.
    if (!bodyInline && tokens[from]?.type === 'paragraph_open' && tokens[from + 1]?.type === 'inline' && from < end) {
      const first = firstLineOf(from + 1);
      // A line four times the question's length is no repetition of it: no need to normalize it.
      if (first.length <= 4 * draft.text.length + 32 && isSameComparable(first, draft.text)) {
        if (linesOf(from + 1).texts.length > 1) bodyInline = { index: from + 1, line: 1 };
        else from += 3;
      }
    }
    let firstLine = Number.POSITIVE_INFINITY;
    let lastLine = -1;
    let start: number | undefined;
    if (bodyInline) {
      const paragraphLine = tokens[bodyInline.index]?.map?.[0] ?? 0;
      firstLine = paragraphLine + bodyInline.line;
      lastLine = (tokens[bodyInline.index]?.map?.[1] ?? paragraphLine + 1) - 1;
      start = linesOf(bodyInline.index).starts[bodyInline.line];
      from = Math.max(from, bodyInline.index + 1);
    }
    for (let t = from; t < end; t++) {
      const map = tokens[t]?.map;
      // A list or quote opened in the range may run past it (the next question's own list): its blocks count, not its span.
      if (!map || isContainer(tokens[t]?.type ?? '')) continue;
      firstLine = Math.min(firstLine, map[0]);
      lastLine = Math.max(lastLine, map[1] - 1);
    }
    if (draft.lead) {
      start = draft.lead.start;
      firstLine = draft.lead.line;
      lastLine = Math.max(lastLine, draft.lead.line);
    }
    if (lastLine < 0 || firstLine === Number.POSITIVE_INFINITY) return null;
    return { start: start ?? offsetBefore(from), end: Math.max(offsetBefore(end), start ?? 0), firstLine, lastLine };
  }
}
