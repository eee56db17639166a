import type { LinkType } from '../../db/repositories/concepts.js';
import type { NameRequest } from './concept-names.js';
import { cleanTerm, hasCjk, isTechnicalTerm } from './concept-names.js';

/**
 * Questions that compare or classify, as people write them in interview
 * notes (headings and numbered questions of the starter library and the
 * seeds): `X 和 Y 的区别`, `SFT和RLHF有什么不同`, `X vs Y`, `X 相比 Y 有什么
 * 优缺点`, `A、B、C 分别是什么`, a heading `X 与 Y`, `X 是一种 Y`, `difference
 * between X and Y`. Each gives typed links between the concepts it names
 * (contrasts-with, is-a, related) instead of a concept named "PPO vs DPO".
 */
export interface Comparison {
  type: LinkType;
  /** The things named, in the order written (is-a: the kind, then what it is a kind of). */
  sides: string[];
  /**
   * A heading that is only `X 与 Y`: as often a section's two topics (`定义与分类`,
   * `训练与推理`) as a comparison, so it counts only between names, not words.
   */
  isBare?: boolean;
}

const MAX_SIDES = 6;
/** Ends the question: `比较差的` in an answer is no comparison, `有什么区别` at the end is. */
const COMPARE_WORDS = '(?:区别|差别|差异|不同|异同|对比|比较|联系|difference|differences)\\s*(?:是什么|有哪些|在哪里?|吗|呢)?$';
/** `A、B、C 分别是什么`, `DP、TP、PP 分别切的是什么`. */
const EACH = '(?:分别|各自|各)\\S{0,6}$';
const AND = '(?:和|与|跟|同|以及|及|and)';

const PATTERNS: [RegExp, LinkType][] = [
  [/^(?:what(?:'s| is| are) the )?differences? between\s+(.+?)\s+and\s+(.+)$/i, 'contrasts-with'],
  [
    new RegExp(`^(.+?)\\s*${AND}\\s*(.+?)\\s*(?:之间)?(?:的|有|存在)?\\s*(?:什么|啥|哪些|何)?\\s*(?:主要)?\\s*${COMPARE_WORDS}`, 'i'),
    'contrasts-with',
  ],
  [/^(.+?)\s*(?:vs\.?|versus|v\.s\.)\s*(.+)$/i, 'contrasts-with'],
  [
    new RegExp(`^(.+?)[、,]\\s*(.+?)\\s*(?:之间)?(?:的|有)?\\s*(?:什么|啥|哪些|何)?\\s*(?:主要)?\\s*${COMPARE_WORDS}`, 'i'),
    'contrasts-with',
  ],
  [
    /^(.+?)\s*相比(?:于)?\s*(.+?)\s*(?:有什么|有何|的|有哪些)?\s*(?:优缺点|优势|劣势|区别|好处|不同|改进)\s*(?:是什么|有哪些)?$/,
    'contrasts-with',
  ],
  [new RegExp(`^(.+?)\\s*${AND}\\s*(.+?)\\s*(?:的\\S{0,6})?${EACH}`), 'contrasts-with'],
  [new RegExp(`^(.+?)[、,]\\s*(.+?)\\s*(?:的\\S{0,6})?${EACH}`), 'contrasts-with'],
  [new RegExp(`^(.+?)\\s*${AND}\\s*(.+?)\\s*(?:是|有)?(?:什么|啥)关系`), 'related'],
  [/^(.+?)\s*(?:是一种|是一类|属于一种|is an? (?:kind|type|form) of)\s*(.+)$/i, 'is-a'],
];

/** A heading that is only `X 与 Y` (`## MQA 与 GQA`, `## Pre-Norm 与 Post-Norm`). */
const HEADING_PAIR = /^(.+?)\s*(?:与|vs\.?|VS)\s*(.+)$/;

/** Leading numbers and markers of a question line: `11、`, `3. `, `Q:`, `**`. */
function questionText(line: string): string {
  return line
    .replace(/^\s*(?:#{1,6}\s*)?(?:\d+(?:\.\d+)*\s*[.、．)）]\s*|[QＱ]\d*\s*[:：]\s*)?/, '')
    .replace(/\*\*|__|`/g, '')
    .trim();
}

/** The first question of a line that asks several (`稀疏检索和稠密检索有什么区别？为什么…`). */
function firstQuestion(text: string): string {
  return text.split(/[？?。；;！!：:\n]/)[0]?.trim() ?? '';
}

/** Splits `A、B、C` into its parts; a `（X vs Y）` in parentheses is read on its own. */
function splitSides(raw: string): string[] {
  return raw
    .split(/[、,/]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Reads a heading or a numbered question. `isHeading` allows the bare
 * heading form `X 与 Y`; in running text that is too often a phrase.
 */
export function readComparison(line: string, isHeading: boolean): Comparison | undefined {
  let text = firstQuestion(questionText(line));
  // `预训练、SFT、RLHF（DPO vs PPO）`: the comparison is the parenthesis.
  const inner = /[（(]([^（()）]*\b(?:vs\.?|VS|versus)\b[^（()）]*)[)）]/.exec(text);
  if (inner?.[1]) text = inner[1];
  if (!text || text.length > 80) return undefined;
  for (const [pattern, type] of PATTERNS) {
    const match = pattern.exec(text);
    if (!match?.[1] || !match[2]) continue;
    if (type === 'is-a') {
      if (/[吗嘛么呢]$/.test(match[2].trim())) return undefined;
      return { type, sides: [match[1], match[2]] };
    }
    const sides = [...splitSides(match[1]), ...splitSides(match[2])];
    return sides.length >= 2 && sides.length <= MAX_SIDES ? { type, sides } : undefined;
  }
  const pair = isHeading ? HEADING_PAIR.exec(text) : null;
  if (pair?.[1] && pair[2]) return { type: 'contrasts-with', sides: [pair[1], pair[2]], isBare: true };
  return undefined;
}

const QUESTION_WORDS = /什么|为什么|如何|怎么|怎样|哪些|哪个|是否|吗|呢|多少|why|how|what/i;
const LEADING = /^(?:为什么|什么是|请问|说说|简述|比较|对比|说一下|介绍一下)\s*/;

/**
 * The name one side of a comparison gives, or undefined when the side is a
 * phrase rather than a name. `RMSNorm 的公式` names RMSNorm; `DPO 路径`
 * names DPO; a Chinese side names itself when short (`交叉熵`, `KL散度`).
 */
export function readSide(raw: string, isKnown: (term: string) => boolean): string | undefined {
  let side = cleanTerm(raw.replace(LEADING, '').replace(/[（(][^）)]*[)）]?$/, ''));
  const of = side.indexOf('的');
  if (of > 0) side = side.slice(0, of).trim();
  if (!side || QUESTION_WORDS.test(side)) return undefined;
  if (isKnown(side)) return side;
  if (!hasCjk(side))
    return isTechnicalTerm(side) || /^[A-Z][A-Za-z0-9]*$/.test(side) || /^[a-z][a-z0-9]{2,}$/.test(side) ? side : undefined;
  const words = side.split(' ');
  const first = words[0] ?? '';
  if (words.length > 1 && !hasCjk(first)) return isTechnicalTerm(first) || isKnown(first) ? first : undefined;
  if (words.length > 1) return undefined;
  return [...side].length <= (/^[\u3400-\u9fff]+$/.test(side) ? 6 : 10) ? side : undefined;
}

/**
 * `L1 和 L2正则化`: the left side borrows the kind the right side names, so
 * it reads L1正则化. Only for a bare short term against one with a Chinese tail.
 */
export function shareKind(sides: string[]): string[] {
  const last = sides[sides.length - 1] ?? '';
  const tail = /^([A-Za-z]+\d*)([\u3400-\u9fff]{2,6})$/.exec(last);
  if (!tail?.[2]) return sides;
  return sides.map((s) => (/^[A-Za-z]+\d*$/.test(s) && s.length <= 4 ? `${s}${tail[2]}` : s));
}

/** The sides as names to resolve, with `shareKind` applied. */
export function comparedNames(comparison: Comparison, isKnown: (term: string) => boolean): NameRequest[] | undefined {
  const raw = comparison.sides.map((s) => s.trim());
  const names = shareKind(raw).map((s) => readSide(s, isKnown));
  if (names.some((n) => n === undefined)) return undefined;
  if (comparison.isBare && !names.every((n) => n !== undefined && (isKnown(n) || (!hasCjk(n) && isTechnicalTerm(n))))) return undefined;
  return (names as string[]).map((name) => ({ name, aliases: [] }));
}

/**
 * Numbered lines of a note (`1. 为什么…`, `11、如何…`), outside code: they
 * are questions too. Short lines only; an answer runs longer.
 */
export function numberedLines(source: string): string[] {
  const out: string[] = [];
  let fence = '';
  for (const line of source.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = marker;
      else if (marker.startsWith(fence[0] ?? '')) fence = '';
      continue;
    }
    if (!fence && /^\s*\d+\s*[.、．]\s*\S/.test(line) && line.length <= 100) out.push(line);
  }
  return out;
}
