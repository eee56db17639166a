import type { LinkType } from '../../db/repositories/concepts.js';

/**
 * How a label written in a note names a concept. Notes in this library write
 * a term as `中文 English` (奖励模型 RM, 预训练 Pretrain): the Chinese part is
 * the name and the English part an alias. Written the other way round
 * (`SFT 模型`, `PPO 在线采样优化`) the English part is the term and the Chinese
 * part only describes it, so it is not kept as an alias. Labels of three or
 * more parts (`GPT 与 LLaMA`) stay whole.
 */
export interface NamedLabel {
  /** The name to create the concept under. */
  name: string;
  /** Other terms that name the same concept. */
  aliases: string[];
  /** Terms to look an existing concept up by, most specific first. */
  lookups: string[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Collapses whitespace and strips decoration a label carries around a term. */
export function cleanTerm(raw: string): string {
  return raw.replace(/\s+/g, ' ').replace(/^[\s*_`'"“”‘’]+|[\s*_`'"“”‘’:：,，。.;；?？!！]+$/g, '').trim();
}

export function nameLabel(label: string): NamedLabel {
  const whole = cleanTerm(label);
  const parts: { text: string; isCjk: boolean }[] = [];
  for (const word of whole.split(' ')) {
    const isCjk = CJK.test(word);
    const last = parts[parts.length - 1];
    if (last && last.isCjk === isCjk) last.text += ` ${word}`;
    else if (word) parts.push({ text: word, isCjk });
  }
  const [first, second] = parts;
  if (parts.length !== 2 || !first || !second) return { name: whole, aliases: [], lookups: [whole] };
  // A lowercase English word after a Chinese name (`保留草稿 token`) is part of the phrase, not another name.
  if (first.isCjk) {
    const isTerm = /[A-Z0-9]/.test(second.text);
    return { name: first.text, aliases: isTerm ? [second.text] : [], lookups: isTerm ? [whole, first.text, second.text] : [whole, first.text] };
  }
  return { name: first.text, aliases: [], lookups: [whole, first.text] };
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

/** A heading that is a bare technical term (`### RMSNorm`, `## KV Cache`), not a question or a phrase. */
export function isTermHeading(title: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.\-/]*(?: [A-Za-z0-9+.\-/]+){0,2}$/.test(title) && title.length <= 40;
}
