import type { Token } from 'markdown-it';
import { inlineText } from './inline-text.js';
import {
  askedBeforeColon,
  asksLoosely,
  bulletAsks,
  headingAsks,
  isApparatusTitle,
  isElliptical,
  isLookAlike,
  isStatement,
  isTopicList,
  stripEnumerator,
} from './question-forms.js';

/**
 * Which headings of a note are questions, decided from the headings (and the
 * lists right under them) before the walk that collects the questions: a
 * heading is a question or a category only once its children are known.
 */

export interface HeadingInfo {
  token: number;
  level: number;
  text: string;
  /** The title as inlineText reads it, before the trim: the walk measures a question's span in it. */
  written: string;
  /** The title without the author's numbering (stripEnumerator), made once for the classification and the card text. */
  bare: string;
  parent: number;
  isQuestion: boolean;
  /** Where the answer starts inside the title, for `差别：L1（…）…` written on the heading line. */
  answerAt?: number;
  /** This heading or one above it is a question: what lies under it is an answer. */
  isInQuestion: boolean;
  /**
   * A question with nothing under it but headings of questions of their own,
   * asked in a run of questions still to answer (`## encoder怎么降R` after
   * `## KL散度和交叉熵的差别`): a question to answer, and no parent to them.
   */
  isBare?: boolean;
  scopeEnd: number;
}

/** A note asks at least this many questions at one heading level before its other headings there count as questions too. */
const MIN_BANK_QUESTIONS = 3;

export const isBreak = (token: Token | undefined): boolean => token?.type === 'softbreak' || token?.type === 'hardbreak';

/**
 * Whether the first line of an inline token is only a link (`[为什么大模型会说胡话？](https://…)`):
 * with nothing under it, that is a reference list entry, not a question.
 */
export function isLinkOnly(inline: Token | undefined): boolean {
  let depth = 0;
  let hasLink = false;
  for (const child of inline?.children ?? []) {
    if (isBreak(child)) break;
    if (child.type === 'link_open') {
      depth++;
      hasLink = true;
    } else if (child.type === 'link_close') {
      depth--;
    } else if (depth === 0 && child.content.trim() !== '') {
      return false;
    }
  }
  return hasLink;
}

/**
 * Whether one of a heading's top-level numbered items (numberedItems) asks:
 * then a numbered item with an answer beside it is a question too.
 */
export function hasAskingNumbered(items: number[] | undefined, itemFirstLine: (itemOpen: number) => { text: string } | undefined): boolean {
  return (items ?? []).some((item) => {
    const first = itemFirstLine(item)?.text ?? '';
    return asksLoosely(first) && !isStatement(first) && !isLookAlike(first);
  });
}

/**
 * Decides which headings are questions, from the headings alone: a heading
 * that asks, or one whose sibling asks and that has something under it (the
 * note's question unit, `#### GQA` beside `#### 为什么需要 Multi-Head
 * Attention？`), unless a heading under it is a question: then it names a
 * category. The note's title, apparatus (`## 参考资料`), TODO and link-only
 * headings never are. Also lists, per heading, the top-level numbered items
 * in its body (numberedItems): the walk asks whether one of them asks
 * (hasAskingNumbered) only for a numbered item that does not ask itself, so
 * the numbered points inside answers are never read for it.
 */
export function classifyHeadings(
  tokens: Token[],
  title: string | undefined,
  itemFirstLine: (itemOpen: number) => { text: string } | undefined,
): { list: HeadingInfo[]; titleIndex: number; numberedItems: Map<number, number[]> } {
  const list: HeadingInfo[] = [];
  const hasOwnBody: boolean[] = [];
  /** Asking bullets in a heading's own body: bare questions listed under a category. */
  const hasAskingBullets: boolean[] = [];
  const numberedItems = new Map<number, number[]>();
  const open: number[] = [];
  const lists: string[] = [];
  let quoteDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.type === 'heading_open') {
      // `h1`…`h6`.
      const level = token.tag.charCodeAt(1) - 0x30;
      while (open.length > 0 && (list[open[open.length - 1] as number]?.level ?? 0) >= level) {
        const closed = list[open.pop() as number];
        if (closed) closed.scopeEnd = i;
      }
      const written = inlineText(tokens[i + 1]?.children ?? []);
      const text = written.trim();
      list.push({
        token: i,
        level,
        text,
        written,
        bare: stripEnumerator(text),
        parent: open[open.length - 1] ?? -1,
        isQuestion: false,
        isInQuestion: false,
        scopeEnd: tokens.length,
      });
      hasOwnBody.push(false);
      hasAskingBullets.push(false);
      open.push(list.length - 1);
      i += 2;
      continue;
    }
    if (token.type === 'blockquote_open') quoteDepth++;
    if (token.type === 'blockquote_close') quoteDepth--;
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') lists.push(token.type);
    if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') lists.pop();
    if (list.length > 0 && token.map && token.type !== 'hr') hasOwnBody[list.length - 1] = true;
    if (
      token.type === 'list_item_open' &&
      quoteDepth === 0 &&
      lists[lists.length - 1] === 'bullet_list_open' &&
      list.length > 0 &&
      // One asking bullet is enough: the others under the same heading need not be read.
      !(hasAskingBullets[list.length - 1] ?? false)
    ) {
      if (bulletAsks(itemFirstLine(i)?.text ?? '')) hasAskingBullets[list.length - 1] = true;
    }
    if (token.type === 'list_item_open' && lists.length === 1 && lists[0] === 'ordered_list_open' && quoteDepth === 0) {
      const owner = list.length - 1;
      const owned = numberedItems.get(owner);
      if (owned) owned.push(i);
      else numberedItems.set(owner, [i]);
    }
  }

  const first = list[0];
  // The first heading is the note's title when it is its only `#` (or repeats the title);
  // a note written as `# 为什么…？` after `# 为什么…？` asks with every one of them.
  const topLevel = list.filter((h) => h.level === 1).length;
  const isTitle =
    first !== undefined &&
    ((first.level === 1 && (topLevel === 1 || !asksLoosely(first.text))) || (title !== undefined && first.text === title.trim()));
  const titleIndex = isTitle ? 0 : -1;
  const hasBody = hasOwnBody.slice();
  for (let h = list.length - 1; h >= 0; h--) {
    const parent = list[h]?.parent ?? -1;
    if (parent >= 0 && hasBody[h]) hasBody[parent] = true;
  }
  const isEligible = list.map(
    (h, index) =>
      index !== titleIndex &&
      !isLookAlike(h.text) &&
      !isApparatusTitle(h.bare) &&
      !(!(hasBody[index] ?? false) && isLinkOnly(tokens[h.token + 1])),
  );
  const asks = list.map((h, index) => {
    if (!(isEligible[index] ?? false) || !headingAsks(h.text)) return false;
    if (!isStatement(h.text)) return true;
    // A statement heading asks only when the part before its colon does; the rest is its answer.
    h.answerAt = askedBeforeColon(h.text);
    return h.answerAt !== undefined;
  });
  /** A heading's siblings of its level, as one number (`parent:level` made no string per heading). */
  const groupOf = (h: HeadingInfo): number => (h.parent + 1) * 8 + h.level;
  const askingSiblings = new Map<number, number>();
  const siblings = new Map<number, number>();
  const hasChild = new Array<boolean>(list.length).fill(false);
  const askingPerLevel = new Map<number, number>();
  list.forEach((h, index) => {
    const group = groupOf(h);
    siblings.set(group, (siblings.get(group) ?? 0) + 1);
    if (h.parent >= 0) hasChild[h.parent] = true;
    if (!asks[index]) return;
    askingSiblings.set(group, (askingSiblings.get(group) ?? 0) + 1);
    askingPerLevel.set(h.level, (askingPerLevel.get(h.level) ?? 0) + 1);
  });
  // The level most of the note's questions are asked at: in a question bank,
  // a heading there with an answer under it is a question (`#### GELU 和 Swish 激活函数`).
  let bankLevel = 0;
  let bankCount = 0;
  for (const [level, count] of askingPerLevel) {
    if (count > bankCount) [bankLevel, bankCount] = [level, count];
  }
  const atBankLevel = list.filter((h) => h.level === bankLevel).length;
  if (bankCount < MIN_BANK_QUESTIONS || bankCount * 3 < atBankLevel) bankLevel = 0;
  const hasQuestionBelow = new Array<boolean>(list.length).fill(false);
  /** Whether a heading asks with nothing at all under it: a question still to answer. */
  const isBareLeaf = (index: number): boolean => (asks[index] ?? false) && !(hasBody[index] ?? false) && !hasChild[index];
  /** Each heading's child headings (index -1: the top-level ones), in order. */
  let childrenByHeading: Map<number, number[]> | undefined;
  /** Made on first use: only the rare asking heading with questions under it and nothing of its own needs it. */
  const childrenOf = (): Map<number, number[]> => {
    if (childrenByHeading) return childrenByHeading;
    const made = new Map<number, number[]>();
    list.forEach((h, index) => {
      const children = made.get(h.parent);
      if (children) children.push(index);
      else made.set(h.parent, [index]);
    });
    childrenByHeading = made;
    return made;
  };
  // Only asked for the rare asking heading with questions under it and nothing of its own.
  const siblingsOf = (index: number): number[] =>
    (childrenOf().get(list[index]?.parent ?? -1) ?? []).filter((i) => list[i]?.level === list[index]?.level);
  for (let h = list.length - 1; h >= 0; h--) {
    const heading = list[h] as HeadingInfo;
    const group = groupOf(heading);
    const asking = askingSiblings.get(group) ?? 0;
    const isUnit =
      (isEligible[h] ?? false) &&
      !(hasAskingBullets[h] ?? false) &&
      ((hasBody[h] ?? false)
        ? !isStatement(heading.text) && (asking > 0 || heading.level === bankLevel)
        : // A bare topic among headings that mostly ask is a question still to answer
          // (`### 2.3 QLoRA`, `## 位置编码：RoPE、ALiBi、YaRN`).
          (!isStatement(heading.text) || isTopicList(heading.text)) && !hasChild[h] && asking * 2 >= (siblings.get(group) ?? 0));
    heading.isQuestion = ((asks[h] ?? false) || isUnit) && !hasQuestionBelow[h];
    if (!heading.isQuestion && hasQuestionBelow[h] && (asks[h] ?? false) && !(hasOwnBody[h] ?? false)) {
      // Its questions stand alone (none needs it to be understood, unlike `### 原因` under
      // `## 复读机问题的原因和解决`) and it sits beside questions still to answer: it is one more.
      const children = childrenOf().get(h) ?? [];
      const standAlone = children.every((c) => !(list[c]?.isQuestion ?? false) || !isElliptical(list[c]?.text ?? ''));
      const siblings = siblingsOf(h);
      const at = siblings.indexOf(h);
      const besideBare = [siblings[at - 1], siblings[at + 1]].some((s) => s !== undefined && isBareLeaf(s));
      if (standAlone && besideBare) {
        heading.isQuestion = true;
        heading.isBare = true;
        heading.scopeEnd = list[children[0] ?? -1]?.token ?? heading.scopeEnd;
      }
    }
    if ((heading.isQuestion || hasQuestionBelow[h]) && heading.parent >= 0) hasQuestionBelow[heading.parent] = true;
  }
  for (const heading of list) {
    heading.isInQuestion = (heading.isQuestion && !heading.isBare) || (list[heading.parent]?.isInQuestion ?? false);
  }
  return { list, titleIndex, numberedItems };
}
