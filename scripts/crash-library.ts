import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { UploadedFile } from '../main/api/contract.js';
import { seededRng } from './anchoring-edits.js';

/**
 * The notes the crash checks import, in two versions of each file, so every
 * import after the first has real work to do (notes updated, their cards kept,
 * made and orphaned, their search rows replaced) wherever it is killed.
 * Every note carries a word of its own per version (`probe12va`), for asking
 * the search index which version of the note it holds. The notes look like the
 * users': Chinese with English terms, front matter, `### 问题？` headings,
 * formulas inline and in display, a Mermaid map, a table, wikilinks and
 * `1.xxx` enumerations.
 */

export type CrashVersion = 'a' | 'b';

const TOPICS = ['注意力', 'KV 缓存', '位置编码', 'LoRA 微调', '奖励模型', 'PPO', '量化', '投机解码', 'MoE 路由', 'RAG 检索'];
const TERMS = ['显存', '吞吐', '延迟', '梯度', '困惑度', '温度', '采样', '归一化', '长度外推', '对齐'];
const FORMULAS = [
  '\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V',
  'W = W_0 + \\frac{\\alpha}{r}BA',
  'r_t(\\theta) = \\frac{\\pi_\\theta(a_t|s_t)}{\\pi_{old}(a_t|s_t)}',
  '2 n_{layers} n_{kv} d_{head} L b',
];

/** The word only version `version` of note `index` holds. */
export function probeWord(index: number, version: CrashVersion): string {
  return `probe${index}v${version}`;
}

/** Where note `index` sits in the library ('/' separated, as the store keeps it). */
export function crashNotePath(index: number): string {
  return `crash/topic-${index % 6}/note-${index}.md`;
}

function note(index: number, version: CrashVersion, questions: number): string {
  const rand = seededRng(1400 + index);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T;
  const topic = TOPICS[index % TOPICS.length] as string;
  const lines = [
    '---',
    `title: ${topic} 笔记 ${index}`,
    `tags: [crash, ${pick(TERMS)}]`,
    'data: 2025-04-11 18:01 +0800',
    '---',
    `# ${topic} ${index}`,
    '',
    `检索用词 ${probeWord(index, version)}，见 [[note-${(index + 1) % 50}]]。`,
    '',
  ];
  const count = version === 'a' ? questions : questions + 1;
  for (let q = 1; q <= count; q++) {
    // Version b renames question 2 and rewrites every third answer: the question's card is orphaned and a new one made, the others kept.
    const renamed = version === 'b' && q === 2;
    lines.push(`### ${q}. ${renamed ? '换个问法：' : '为什么'}${topic}${pick(TERMS)}（${index}-${q}）？`, '');
    const rewritten = version === 'b' && q % 3 === 0;
    lines.push(`${rewritten ? '改写后的回答：' : ''}${topic}会影响${pick(TERMS)}和${pick(TERMS)}，公式为 $${pick(FORMULAS)}$。`, '');
    const roll = q % 4;
    if (roll === 0) lines.push('$$', pick(FORMULAS), '$$', '');
    else if (roll === 1)
      lines.push('```mermaid', 'flowchart LR', `  A[${topic}] --> B[${pick(TERMS)}]`, `  B --> C[${pick(TERMS)}]`, '```', '');
    else if (roll === 2) lines.push('| 方法 | 优点 | 缺点 |', '| --- | --- | --- |', `| ${topic} | ${pick(TERMS)} | ${pick(TERMS)} |`, '');
    else lines.push(`\t1.${pick(TERMS)}下降`, `\t2.${pick(TERMS)}上升`, '');
  }
  return `${lines.join('\n')}\n`;
}

/** The library's files at `version`: `notes` notes of about 4 KB. */
export function crashLibraryFiles(notes: number, version: CrashVersion): UploadedFile[] {
  return Array.from({ length: notes }, (_, index) => ({ path: crashNotePath(index), content: note(index, version, 12) }));
}

/** Writes the library at `version` into `dir`, replacing what was there. */
export function writeCrashLibrary(dir: string, notes: number, version: CrashVersion): void {
  rmSync(dir, { recursive: true, force: true });
  for (const file of crashLibraryFiles(notes, version)) {
    const target = join(dir, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}
