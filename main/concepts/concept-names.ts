import type { LinkType } from '../../db/repositories/concepts.js';
import { isKnownName, knownEquivalents } from './known-names.js';

/**
 * What a name written in a note says, before the store is asked. Decided
 * from every Mermaid diagram of the starter library (the seeds have none):
 *
 * - A label `中文 ABBR …` (奖励模型 RM, 张量并行 TP 切矩阵) names one concept:
 *   the Chinese part is its name, the abbreviation an alias, and the rest
 *   explains it. The Chinese part must be a name of three characters or
 *   more (`打分 QK 转置` is a step), and an abbreviation the built-in table
 *   knows is named only by its own Chinese names (`强化学习 PPO` and
 *   `对齐模型 RLHF` are nodes about PPO and RLHF).
 * - A label `English 中文…` (SFT 模型, ZeRO 切冗余状态) names the English
 *   term when it is technical (an abbreviation, a digit, a hyphen, an inner
 *   capital, several words), already known, or followed by the kind of
 *   thing it is (`Transformer 架构`); `Query 投影`, `Actor 生成回答` are steps.
 * - `A 与 B` of two terms (`T5 与 BART`) names both.
 * - A Chinese label alone (`逐个接受判断`, `门控加权求和`) is a step unless it
 *   is known or is a noun of at most four characters ending in what concepts
 *   end in (草稿模型, 预训练; not 大模型训练, the root of a diagram).
 * - Anything else is a diagram node: it keeps its place in the picture but
 *   is no concept.
 */
export interface NameRequest {
  /** The name to create the concept under when nothing known matches. */
  name: string;
  /** Other names of the same thing written beside it. */
  aliases: string[];
}

export type LabelReading =
  | { kind: 'node' }
  | {
      kind: 'concepts';
      names: NameRequest[];
      /** Names found in the explanation that belong to concepts already known (`掩码语言模型 MLM`). */
      extraAliases: NameRequest[];
    };

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_ONLY = /^[\u3400-\u9fff\uf900-\ufaff]+$/;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Collapses whitespace and strips decoration a label carries around a term. */
export function cleanTerm(raw: string): string {
  return raw
    .replace(/\s+/g, ' ')
    .replace(/^[\s*_`'"“”‘’]+|[\s*_`'"“”‘’:：,，。.;；?？!！]+$/g, '')
    .trim();
}

/** RM, SFT, MoE, ZeRO, GPT4: two or more capitals, no run of lowercase letters. */
export function isAcronym(term: string): boolean {
  return /^[A-Z][A-Za-z0-9]{1,7}$/.test(term) && !/[a-z]{2}/.test(term) && (term.match(/[A-Z]/g)?.length ?? 0) >= 2;
}

/** A Latin term that reads as a name of something technical, not an English word. */
export function isTechnicalTerm(term: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.\-/@ ]*$/.test(term)) return false;
  if (isAcronym(term) || /\d/.test(term) || /-/.test(term)) return true;
  // LayerNorm, FlashAttention, NVLink: a capital after a lowercase letter.
  if (/[a-z][A-Z]/.test(term)) return true;
  // Shared Expert, Mixture of Experts: several words, the first capitalised.
  return /^[A-Z]/.test(term) && term.includes(' ');
}

/** `Expert 1`, `Expert 2`: instances of one thing drawn as several nodes. */
export function withoutInstanceNumber(term: string): string {
  return term.replace(/\s+\d+$/, '');
}

const SMALL_WORDS = /^(of|and|the|for|with|to|in|on|a|an)$/i;

/**
 * The initials of a name of several words (Masked LM → MLM, Mixture of
 * Experts → MOE and ME, Retrieval-Augmented Generation → RAG), upper case;
 * an all-capitals word gives all its letters. Empty for a single word and
 * for names with one-letter parts.
 */
export function initialsOf(name: string): string[] {
  // Several words, each a word: `Top-p` (T, p) or `Top-k Sampling` are no abbreviation of anything.
  const words = name.split(/[\s\-‐]+/).filter(Boolean);
  if (!name.includes(' ') || words.length < 2 || !words.every((w) => /^[A-Za-z][A-Za-z0-9]+$/.test(w))) return [];
  const letters = (list: string[]): string =>
    list
      .map((w) => (/^[A-Z0-9]{2,}$/.test(w) ? w : (w[0] ?? '')))
      .join('')
      .toUpperCase();
  const all = letters(words);
  const content = letters(words.filter((w) => !SMALL_WORDS.test(w)));
  return all === content ? [all] : [all, content];
}

/** Where a Chinese name ends when it names a thing rather than a step (模型, 并行, 注意力…). */
const CONCEPT_ENDINGS = /(模型|并行|微调|专家|编码|注意力|归一化|机制|算法|函数|网络|损失|蒸馏|检索|缓存|分词|架构|训练|器|层)$/;
/** What an English term is said to be right after it (`Transformer 架构`). */
const KIND_WORDS = /^(架构|模型|算法|方法|机制|结构|函数|网络|框架|技术)/;
const CONJUNCTION = /^(与|和|及|跟|&|and|vs\.?|VS)$/;

interface Run {
  text: string;
  isCjk: boolean;
}

function runsOf(whole: string): Run[] {
  const runs: Run[] = [];
  for (const word of whole.split(' ')) {
    if (!word) continue;
    const isCjk = CJK.test(word);
    const last = runs[runs.length - 1];
    // A conjunction stays a run of its own: `BM25 与 Dense` is two terms, not one.
    if (last && last.isCjk === isCjk && !CONJUNCTION.test(word) && !CONJUNCTION.test(last.text)) last.text += ` ${word}`;
    else runs.push({ text: word, isCjk });
  }
  return runs;
}

/** A Chinese name and the abbreviation written after it, if the table does not give the abbreviation other names. */
function pairs(cjk: string, latin: string): boolean {
  const equivalents = knownEquivalents(latin);
  if (equivalents.length > 0 || isKnownName(latin)) return equivalents.some((e) => e === cjk);
  return true;
}

/**
 * Reads a Mermaid node label. `isKnown` says whether a term already names a
 * concept (by name, alias, initials or the table).
 */
export function readLabel(label: string, isKnown: (term: string) => boolean): LabelReading {
  const whole = cleanTerm(label);
  if (!whole || whole.length > 120) return { kind: 'node' };
  if (isKnown(whole)) return { kind: 'concepts', names: [{ name: whole, aliases: [] }], extraAliases: [] };
  const runs = runsOf(whole);
  const [first, second, third] = runs;
  if (!first) return { kind: 'node' };

  const both = runs.length === 3 && second && third && CONJUNCTION.test(second.text) && !first.isCjk && !third.isCjk;
  if (both && (isTechnicalTerm(first.text) || /^[A-Z]/.test(first.text)) && (isTechnicalTerm(third.text) || /^[A-Z]/.test(third.text))) {
    return {
      kind: 'concepts',
      names: [
        { name: first.text, aliases: [] },
        { name: third.text, aliases: [] },
      ],
      extraAliases: [],
    };
  }

  const extraAliases = explainedNames(runs.slice(1), isKnown);
  const found = (name: NameRequest): LabelReading => ({ kind: 'concepts', names: [name], extraAliases });

  if (!first.isCjk) {
    // Whole: `Big 12` and `Big 13` are two nodes of a tree; only after a Chinese name is a number an instance of it.
    const term = first.text;
    const isNamed =
      isTechnicalTerm(term) ||
      isKnown(term) ||
      (runs.length === 1 && /^[A-Z]/.test(term)) ||
      (second !== undefined && /^[A-Z]/.test(term) && KIND_WORDS.test(second.text));
    return isNamed ? found({ name: term, aliases: [] }) : { kind: 'node' };
  }

  const cjk = first.text;
  const isFollowedByConjunction = third !== undefined && CONJUNCTION.test(third.text);
  if (second && !second.isCjk && !isFollowedByConjunction) {
    const latin = withoutInstanceNumber(second.text);
    if (isKnownName(latin) && !pairs(cjk, latin)) return found({ name: latin, aliases: [] });
    const isName = (isTechnicalTerm(latin) && latin.length >= 2 && [...cjk].length >= 3) || isKnown(latin);
    if (isName && pairs(cjk, latin)) return found({ name: cjk, aliases: [latin] });
  }
  if (isKnown(cjk)) return found({ name: cjk, aliases: [] });
  if (CJK_ONLY.test(cjk) && [...cjk].length <= 4 && CONCEPT_ENDINGS.test(cjk)) return found({ name: cjk, aliases: [] });
  return { kind: 'node' };
}

/** `掩码语言模型 MLM` inside a longer label: aliases for a concept already known by the abbreviation. */
function explainedNames(runs: Run[], isKnown: (term: string) => boolean): NameRequest[] {
  const out: NameRequest[] = [];
  for (let i = 0; i + 1 < runs.length; i++) {
    const cjk = runs[i];
    const latin = runs[i + 1];
    if (!cjk?.isCjk || !latin || latin.isCjk || !isAcronym(latin.text)) continue;
    if ([...cjk.text].length >= 3 && isKnown(latin.text) && pairs(cjk.text, latin.text))
      out.push({ name: latin.text, aliases: [cjk.text] });
  }
  return out;
}

/** Words on an arrow that name a link type; anything else reads as the next stage (leads-to). */
const TYPE_WORDS: [RegExp, LinkType][] = [
  [/variant|alternative|变体|替代|改进/i, 'variant-of'],
  [/\bis[- ]a\b|是一种|属于/i, 'is-a'],
  [/part[- ]of|组成|组件|部分/i, 'part-of'],
  [/prerequisite|前置|前提|基础/i, 'prerequisite-of'],
  [/contrast|\bvs\.?\b|versus|对比|相对|区别/i, 'contrasts-with'],
  [/^related|相关/i, 'related'],
];

export function linkTypeOf(label: string): LinkType {
  return TYPE_WORDS.find(([pattern]) => pattern.test(label))?.[1] ?? 'leads-to';
}

/**
 * A heading that is a bare technical term (`### RMSNorm`, `## KV Cache`,
 * `### dropout`), not a question, a phrase (`## from js`) or a comparison
 * (`### PPO vs DPO`, which links two concepts instead).
 */
export function isTermHeading(title: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.\-/]*(?: [A-Za-z0-9+.\-/]+){0,2}$/.test(title) || title.length > 40) return false;
  if (/\b(vs\.?|versus|and|or)\b/i.test(title)) return false;
  return !title.includes(' ') || /[A-Z0-9]/.test(title);
}
