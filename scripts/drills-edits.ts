import { pick, randInt } from './anchoring-edits.js';
import type { Rng } from './anchoring-edits.js';
import { withCrlf, withFrontMatterEdits } from './anchoring-source-edits.js';

/**
 * Notes of questions as a model the re-anchoring benchmark of bench:drills
 * edits at random and renders to Markdown, so it knows at every step which
 * question is which: each question has an id that the text never shows.
 * Edits are those a person makes to a question bank between two imports:
 * a question reworded by up to a fifth of its characters, paragraphs
 * inserted and deleted, sections reordered, questions deleted and added,
 * plus the source-level edits of bench:anchoring (CRLF, front matter).
 */

export interface ModelQuestion {
  id: number;
  text: string;
  /** Answer paragraphs (none: still to answer). */
  answer: string[];
}

export interface ModelSection {
  title: string;
  /** Questions and prose paragraphs, in order. */
  items: ({ kind: 'question'; question: ModelQuestion } | { kind: 'prose'; text: string })[];
  /** How the section asks: `###` headings or numbered paragraphs (`3. …`, `11、…`). */
  style: 'heading' | 'numbered';
}

export interface ModelNote {
  frontMatter: string;
  title: string;
  sections: ModelSection[];
}

export type DrillEdit = 'reword' | 'insert' | 'delete-paragraph' | 'reorder' | 'delete-question' | 'add-question' | 'crlf' | 'frontmatter';
export const DRILL_EDITS: DrillEdit[] = [
  'reword',
  'insert',
  'delete-paragraph',
  'reorder',
  'delete-question',
  'add-question',
  'crlf',
  'frontmatter',
];

const TOPICS = [
  '注意力',
  '显存',
  '幻觉',
  'KV cache',
  '位置编码',
  '量化',
  '蒸馏',
  '检索',
  '重排',
  '奖励模型',
  '微调',
  '预训练',
  '解码',
  '采样',
  '专家路由',
  '负载均衡',
  '张量并行',
  '长度外推',
  '对齐',
  '分词',
];
const TERMS = [
  'LoRA',
  'QLoRA',
  'RoPE',
  'ALiBi',
  'RMSNorm',
  'LayerNorm',
  'SwiGLU',
  'MoE',
  'RAG',
  'BM25',
  'PPO',
  'DPO',
  'GQA',
  'MQA',
  'ZeRO',
  'FlashAttention',
  'PagedAttention',
  'beam search',
  'top-p',
  'speculative decoding',
];
const ASKS = [
  (a: string, b: string) => `为什么${a}会影响${b}？`,
  (a: string, b: string) => `${a}和${b}有什么区别`,
  (a: string, b: string) => `如何用${b}降低${a}的开销？`,
  (a: string, b: string) => `讲解一下${b}在${a}中的作用`,
  (a: string, b: string) => `${b}的原理是什么？${a}场景下有什么问题`,
  (a: string, b: string) => `在${a}里，${b}怎么实现`,
];
const CLAUSES = [
  '可以降低显存占用',
  '会导致训练不稳定',
  '用来缓解长文本的问题',
  '需要考虑通信开销',
  '主要解决推理延迟',
  '能够提升吞吐',
  '容易出现数值溢出',
  '依赖于数据质量',
];
const FILLER = '的在是了和与及或而且但因为所以如果那么这个一种方法模型训练推理数据';

function sentence(rng: Rng): string {
  const parts: string[] = [];
  for (let i = randInt(rng, 2, 4); i > 0; i--) parts.push(`${pick(rng, rng() < 0.4 ? TERMS : TOPICS)}${pick(rng, CLAUSES)}`);
  return `${parts.join('，')}。`;
}

/** Makes question texts unique across the benchmark's library: same question in two notes would be one card. */
export class QuestionMaker {
  private next = 1;
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  make(): ModelQuestion {
    for (;;) {
      const rng = this.rng;
      const text =
        pick(rng, ASKS)(pick(rng, TOPICS), pick(rng, TERMS)) + (rng() < 0.5 ? '' : `（${pick(rng, TOPICS)}${randInt(rng, 1, 99)}）`);
      if (this.used.has(text)) continue;
      this.used.add(text);
      const answer = Array.from({ length: randInt(rng, 0, 3) === 0 ? 0 : randInt(rng, 1, 3) }, () => sentence(rng) + sentence(rng));
      return { id: this.next++, text, answer };
    }
  }
}

export function makeNote(rng: Rng, questions: QuestionMaker, index: number): ModelNote {
  const sections: ModelSection[] = [];
  for (let s = randInt(rng, 2, 4); s > 0; s--) {
    const items: ModelSection['items'] = [];
    for (let q = randInt(rng, 2, 5); q > 0; q--) {
      if (rng() < 0.2) items.push({ kind: 'prose', text: sentence(rng) });
      items.push({ kind: 'question', question: questions.make() });
    }
    sections.push({ title: `${pick(rng, TOPICS)}${sections.length + 1}`, items, style: rng() < 0.6 ? 'heading' : 'numbered' });
  }
  return { frontMatter: `---\ntitle: 面试题 ${index}\ntags: [面试]\n---\n`, title: `面试题 ${index}`, sections };
}

export function renderNote(note: ModelNote): string {
  const out: string[] = [`${note.frontMatter}# ${note.title}`, ''];
  for (const section of note.sections) {
    out.push(`## ${section.title}`, '');
    let n = 0;
    for (const item of section.items) {
      if (item.kind === 'prose') {
        out.push(item.text, '');
        continue;
      }
      const { question } = item;
      n++;
      if (section.style === 'heading') {
        out.push(`### ${question.text}`, '');
        for (const paragraph of question.answer) out.push(paragraph, '');
      } else {
        // Numbered questions: the answer is the item's own lines (indented past the first).
        const mark = n % 3 === 0 ? `${n}、` : `${n}. `;
        out.push(`${mark}${question.text}`);
        for (const paragraph of question.answer) out.push(`   ${paragraph}`, '');
        if (question.answer.length === 0) out.push('');
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function questionsOf(note: ModelNote): ModelQuestion[] {
  return note.sections.flatMap((section) => section.items.flatMap((item) => (item.kind === 'question' ? [item.question] : [])));
}

/** Changes at most a fifth of the characters of `text` (substitutions, insertions, deletions); never its last `？`. */
export function reword(text: string, rng: Rng): string {
  const chars = Array.from(text);
  const budget = Math.max(1, Math.floor(chars.length / 5));
  for (let edits = randInt(rng, 1, budget); edits > 0; edits--) {
    const at = randInt(rng, 0, Math.max(0, chars.length - 2));
    const roll = rng();
    const filler = pick(rng, Array.from(FILLER));
    if (roll < 0.4) chars[at] = filler;
    else if (roll < 0.7) chars.splice(at, 0, filler);
    else if (chars.length > 4) chars.splice(at, 1);
  }
  return chars.join('');
}

/** What an edit did to the questions: which ids it deleted. */
export interface EditOutcome {
  deleted: number[];
}

/** Applies one edit of `type` to the note model, in place. */
export function applyDrillEdit(note: ModelNote, type: DrillEdit, rng: Rng, questions: QuestionMaker): EditOutcome {
  const outcome: EditOutcome = { deleted: [] };
  const all = questionsOf(note);
  const section = pick(rng, note.sections);
  switch (type) {
    case 'reword': {
      const question = all.length > 0 ? pick(rng, all) : undefined;
      if (question) question.text = reword(question.text, rng);
      break;
    }
    case 'insert': {
      const at = randInt(rng, 0, section.items.length);
      if (rng() < 0.5 || section.items.length === 0) section.items.splice(at, 0, { kind: 'prose', text: sentence(rng) });
      else {
        const item = section.items[Math.min(at, section.items.length - 1)];
        if (item?.kind === 'question') item.question.answer.splice(randInt(rng, 0, item.question.answer.length), 0, sentence(rng));
        else section.items.splice(at, 0, { kind: 'prose', text: sentence(rng) });
      }
      break;
    }
    case 'delete-paragraph': {
      const prose = section.items.findIndex((item) => item.kind === 'prose');
      const answered = section.items.filter((item) => item.kind === 'question' && item.question.answer.length > 0);
      if (prose >= 0 && (rng() < 0.5 || answered.length === 0)) section.items.splice(prose, 1);
      else if (answered.length > 0) {
        const item = pick(rng, answered);
        if (item.kind === 'question') item.question.answer.splice(randInt(rng, 0, item.question.answer.length - 1), 1);
      }
      break;
    }
    case 'reorder': {
      if (note.sections.length < 2) break;
      const a = randInt(rng, 0, note.sections.length - 1);
      let b = randInt(rng, 0, note.sections.length - 2);
      if (b >= a) b++;
      const moved = note.sections[a] as ModelSection;
      note.sections[a] = note.sections[b] as ModelSection;
      note.sections[b] = moved;
      break;
    }
    case 'delete-question': {
      const at = section.items.findIndex((item) => item.kind === 'question' && rng() < 0.5);
      const index = at >= 0 ? at : section.items.findIndex((item) => item.kind === 'question');
      const item = section.items[index];
      if (item?.kind === 'question') {
        section.items.splice(index, 1);
        outcome.deleted.push(item.question.id);
      }
      break;
    }
    case 'add-question':
      section.items.splice(randInt(rng, 0, section.items.length), 0, { kind: 'question', question: questions.make() });
      break;
    case 'crlf':
    case 'frontmatter':
      // Source-level edits: applied to the rendered Markdown (sourceEdit).
      break;
  }
  return outcome;
}

/** The source-level edits of bench:anchoring, on the rendered Markdown. */
export function sourceEdit(source: string, type: DrillEdit, rng: Rng): string {
  if (type === 'crlf') return withCrlf(source, randInt(rng, 1, 5), rng);
  if (type === 'frontmatter') return withFrontMatterEdits(source, randInt(rng, 1, 3), rng);
  return source;
}
