import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRng } from './anchoring-edits.js';

/**
 * A deterministic synthetic note library for benchmarks: the same seed gives
 * byte-identical files on every machine. Notes look like the users' notes —
 * Chinese with English terms, YAML or JSON front matter, `### 问题？` headings,
 * `$…$` / `$$…$$` formulas (some in code fences), Mermaid maps, tables,
 * callouts, `1.xxx` enumerations and wikilinks.
 */

const GENERATOR_VERSION = 1;

const ZH = [
  '注意力',
  '显存',
  '幻觉',
  '缓存',
  '模型',
  '训练',
  '推理',
  '梯度',
  '损失函数',
  '归一化',
  '位置编码',
  '量化',
  '蒸馏',
  '检索',
  '重排',
  '向量',
  '奖励模型',
  '强化学习',
  '微调',
  '预训练',
  '解码',
  '采样',
  '温度',
  '困惑度',
  '参数',
  '专家',
  '路由',
  '负载均衡',
  '并行',
  '通信',
  '算子',
  '吞吐',
  '延迟',
  '长度外推',
  '对齐',
  '偏好',
  '数据',
  '分词',
  '词表',
  '上下文',
];
const VERBS = ['可以降低', '会导致', '用来缓解', '需要考虑', '主要解决', '能够提升', '容易出现', '依赖于', '等价于', '取决于'];
const EN = [
  'KV cache',
  'FlashAttention',
  'LoRA',
  'QLoRA',
  'RoPE',
  'ALiBi',
  'RMSNorm',
  'LayerNorm',
  'SwiGLU',
  'GELU',
  'MoE',
  'RAG',
  'BM25',
  'PPO',
  'DPO',
  'SFT',
  'RLHF',
  'GQA',
  'MQA',
  'ZeRO',
  'top-p',
  'beam search',
  'PagedAttention',
  'speculative decoding',
  'continuous batching',
  'tokenizer',
  'BPE',
  'softmax',
  'Adam',
  'warmup',
];
const FORMULAS = [
  '\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V',
  '\\mathrm{RMSNorm}(x) = \\frac{x}{\\sqrt{\\frac{1}{d}\\sum_i x_i^2 + \\epsilon}} \\odot g',
  'W = W_0 + \\frac{\\alpha}{r} BA',
  'p_i = \\frac{\\exp(z_i / T)}{\\sum_j \\exp(z_j / T)}',
  '\\mathcal{L} = -\\log \\sigma\\left(\\beta \\log \\frac{\\pi_\\theta(y_w|x)}{\\pi_{ref}(y_w|x)} - \\beta \\log \\frac{\\pi_\\theta(y_l|x)}{\\pi_{ref}(y_l|x)}\\right)',
  '2 \\cdot n_{layers} \\cdot n_{kv} \\cdot d_{head} \\cdot L \\cdot b',
  'r_t(\\theta) = \\frac{\\pi_\\theta(a_t|s_t)}{\\pi_{old}(a_t|s_t)}',
  'd_k',
];

export interface SyntheticLibraryOptions {
  notes: number;
  seed?: number;
  /** Target average note size in bytes. */
  averageBytes?: number;
}

function makeNote(rand: () => number, index: number, averageBytes: number, total: number): string {
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T;
  const sentence = (): string => {
    const parts: string[] = [];
    const n = 2 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) parts.push(rand() < 0.35 ? pick(EN) : pick(ZH), pick(VERBS));
    parts.push(pick(ZH));
    if (rand() < 0.25) parts.push(`，公式为 $${pick(FORMULAS)}$`);
    return `${parts.join('')}。`;
  };
  const topic = `${pick(EN)} 与${pick(ZH)}`;
  const lines: string[] = [];
  if (rand() < 0.8) {
    lines.push(
      '---',
      `title: ${topic} 笔记 ${index}`,
      `tags: [${pick(EN).replace(/\s/g, '-')}, ${pick(ZH)}]`,
      'data: 2025-04-11 18:01 +0800',
      '---',
    );
  } else {
    lines.push('---', JSON.stringify({ 'dg-publish': true, permalink: `/notes/${index}/`, tags: [pick(ZH)] }), '---');
  }
  lines.push(`# ${topic}`, '');
  let size = Buffer.byteLength(lines.join('\n'));
  let q = 0;
  while (size < averageBytes * (0.5 + rand())) {
    q++;
    const block: string[] = [`### ${q}. 为什么${pick(ZH)}${pick(VERBS)}${pick(EN)}？`, ''];
    block.push(sentence() + sentence(), '');
    const roll = rand();
    if (roll < 0.25) {
      block.push('```', `$$ ${pick(FORMULAS)} $$`, '```', '');
    } else if (roll < 0.45) {
      block.push('$$', pick(FORMULAS), '$$', '');
    } else if (roll < 0.55) {
      block.push(
        '```mermaid',
        'flowchart LR',
        `  A[${pick(ZH)}] --> B[${pick(EN)}]`,
        `  B -->|${pick(VERBS)}| C[${pick(ZH)} ${pick(EN)}]`,
        '```',
        '',
      );
    } else if (roll < 0.65) {
      block.push(
        '| 方法 | 优点 | 缺点 |',
        '| --- | --- | --- |',
        `| ${pick(EN)} | ${pick(ZH)} | ${pick(ZH)} |`,
        `| ${pick(EN)} | ${pick(ZH)} | ${pick(ZH)} |`,
        '',
      );
    } else if (roll < 0.75) {
      block.push(`> [!tip] ${pick(ZH)}`, `> ${sentence()}`, '');
    } else {
      block.push(`\t1.${sentence()}`, `\t2.${sentence()}`, `\t3. 参考 [[note-${Math.floor(rand() * total)}]]`, '');
    }
    size += Buffer.byteLength(block.join('\n'));
    lines.push(...block);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the library under `dir` unless a complete one with the same
 * parameters is already there; returns its total size in bytes.
 */
export function ensureSyntheticLibrary(dir: string, options: SyntheticLibraryOptions): { bytes: number; notes: number } {
  const seed = options.seed ?? 20261123;
  const averageBytes = options.averageBytes ?? 6400;
  const marker = join(dir, '.complete.json');
  const signature = JSON.stringify({ version: GENERATOR_VERSION, notes: options.notes, seed, averageBytes });
  if (existsSync(marker)) {
    const stored = JSON.parse(readFileSync(marker, 'utf8')) as { signature: string; bytes: number };
    if (stored.signature === signature) return { bytes: stored.bytes, notes: options.notes };
  }
  rmSync(dir, { recursive: true, force: true });
  const rand = seededRng(seed);
  let bytes = 0;
  for (let i = 0; i < options.notes; i++) {
    const folder = join(dir, `topic-${String(i % 50).padStart(2, '0')}`);
    if (i < 50) mkdirSync(folder, { recursive: true });
    const content = Buffer.from(makeNote(rand, i, averageBytes, options.notes), 'utf8');
    bytes += content.byteLength;
    writeFileSync(join(folder, `note-${i}.md`), content);
  }
  writeFileSync(marker, JSON.stringify({ signature, bytes }));
  return { bytes, notes: options.notes };
}
