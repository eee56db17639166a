import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { createContext } from '../api/context.js';
import { createCaller } from '../api/dispatch.js';
import { createHandlerTable } from '../api/handlers.js';
import { importPaths } from '../import/import-notes.js';

/** Interview notes in the styles of real collections: Mermaid pipelines, front matter, comparison questions, numbered questions. */
const RLHF = `---
concepts: [RLHF, SFT, Reward Model, PPO]
aliases: [RLHF, 人类反馈强化学习, PPO 对齐]
---
# RLHF 流程

\`\`\`mermaid
flowchart LR
  PT[预训练 Pretrain] --> SFT[监督微调 SFT]
  SFT --> RM[奖励模型 RM]
  RM --> PPO[强化学习 PPO]
  PPO --> C[逐个接受判断]
  C -->|接受| POL[对齐后的策略 Policy]
\`\`\`

## 奖励模型

奖励模型给一对回答打分，学会人类更喜欢哪一个。

## PPO vs DPO

1. 计算资源：DPO是PPO的一半
`;

const DPO = `# DPO

\`\`\`mermaid
flowchart LR
  SFT[SFT 模型] --> RM[训练奖励模型 RM]
  RM --> A[对齐模型 RLHF]
  SFT --> D[DPO 直接优化偏好]
  D --> B[对齐模型 DPO]
\`\`\`
`;

const PARALLEL = `---
concepts: [Data Parallel, Tensor Parallel, Pipeline Parallel, ZeRO, Masked LM]
aliases: [分布式训练, 3D 并行, ZeRO, Distributed Training, 并行方法]
---
# 分布式训练

\`\`\`mermaid
graph TD
  M[大模型训练 Training] --> DP[数据并行 DP 切数据]
  M --> TP[张量并行 TP 切矩阵]
  M --> PP[流水线并行 PP 切层]
  TP --> NV[机内 NVLink 高带宽]
  NV --> Z[ZeRO 切冗余状态]
  E[Encoder] --> BERT[BERT 掩码语言模型 MLM]
\`\`\`

### DP、TP、PP 分别切的是什么？

数据并行切数据。
`;

const QUESTIONS = `# 面试题

1. 为什么大模型大部分是decoder only
11、KL散度和交叉熵的差别
12. GQA 和 MQA 有什么区别
13. 交叉熵 vs KL散度

## SFT和RLHF有什么不同

SFT 学格式，RLHF 学偏好。

### RoPE 是一种相对位置编码

旋转。
`;

let store: Store;
let work: string;
let call: ReturnType<typeof createCaller>;

beforeEach(() => {
  store = openStore(':memory:');
  work = mkdtempSync(join(tmpdir(), 'lattice-derive-rules-'));
  call = createCaller(createHandlerTable(createContext(store, work)));
});
afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

function importNotes(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(work, name), text);
  const report = importPaths(store, [work]);
  expect(report.failed).toEqual([]);
}

async function names(): Promise<string[]> {
  return (await call('concepts.list', {})).map((c) => c.name);
}

async function aliasesOf(name: string): Promise<string[]> {
  return (await call('concepts.get', { name })).aliases.map((a) => a.alias).sort();
}

describe('diagram labels', () => {
  it('make concepts of names only; steps stay in the picture and links run through them', async () => {
    importNotes({ 'parallel.md': PARALLEL });
    const all = await names();
    for (const step of ['大模型训练', '大模型训练 Training', '机内 NVLink 高带宽', '机内', '张量并行 TP 切矩阵'])
      expect(all).not.toContain(step);
    // 张量并行 → (机内 NVLink 高带宽) → ZeRO: the step is skipped, the link stays.
    const tp = await call('concepts.get', { name: '张量并行' });
    expect(tp.name).toBe('Tensor Parallel');
    expect(tp.outgoing['leads-to']?.map((l) => l.to.name)).toEqual(['ZeRO']);
  });
});

describe('one concept per thing', () => {
  it('Reward Model / 奖励模型 / RM / 训练奖励模型 are one concept, whichever note comes first', async () => {
    importNotes({ 'a-dpo.md': DPO, 'b-rlhf.md': RLHF });
    const all = await names();
    expect(all.filter((n) => ['RM', '奖励模型', 'Reward Model', '训练奖励模型'].includes(n))).toHaveLength(1);
    expect(await aliasesOf('训练奖励模型').catch(() => 'none')).toBe('none');
    const rm = await call('concepts.get', { name: 'Reward Model' });
    expect([rm.name, ...rm.aliases.map((a) => a.alias)].sort()).toEqual(['RM', 'Reward Model', '奖励模型']);
  });

  it('Data Parallel / 数据并行 / DP, and Masked LM / MLM / 掩码语言模型', async () => {
    importNotes({ 'parallel.md': PARALLEL });
    expect(await aliasesOf('Data Parallel')).toEqual(['DP', '数据并行']);
    expect(await aliasesOf('MLM')).toEqual(['MLM', '掩码语言模型']);
    expect((await call('concepts.get', { name: 'MLM' })).name).toBe('Masked LM');
  });

  it('front matter aliases name the note: another concept listed there stays itself, a category is no alias', async () => {
    importNotes({ 'parallel.md': PARALLEL, 'rlhf.md': RLHF });
    expect(await aliasesOf('分布式训练')).toEqual(['Distributed Training']);
    expect((await call('concepts.get', { name: 'ZeRO' })).name).toBe('ZeRO');
    expect(await aliasesOf('RLHF')).toEqual(['人类反馈强化学习']);
  });

  it('a label about a concept links to it and does not rename it (强化学习 PPO, 对齐模型 RLHF)', async () => {
    importNotes({ 'a-dpo.md': DPO, 'b-rlhf.md': RLHF });
    const all = await names();
    expect(all).not.toContain('强化学习');
    expect(all).not.toContain('对齐模型');
    expect(await aliasesOf('PPO')).toEqual([]);
    const rm = await call('concepts.get', { name: 'RM' });
    expect(rm.outgoing['leads-to']?.map((l) => l.to.name).sort()).toEqual(['PPO', 'RLHF']);
  });
});

describe('comparisons and classifications', () => {
  it('give typed links between the concepts they name, never a concept named after the question', async () => {
    importNotes({ 'q.md': QUESTIONS, 'rlhf.md': RLHF });
    const all = await names();
    expect(all).not.toContain('PPO vs DPO');
    expect(all).toEqual(expect.arrayContaining(['KL散度', '交叉熵', 'GQA', 'MQA', 'RoPE', '相对位置编码']));
    const sft = await call('concepts.get', { name: 'SFT' });
    expect(sft.outgoing['contrasts-with']?.map((l) => l.to.name)).toEqual(['RLHF']);
    const ppo = await call('concepts.get', { name: 'PPO' });
    expect(ppo.outgoing['contrasts-with']?.map((l) => l.to.name)).toEqual(['DPO']);
    const kl = await call('concepts.get', { name: 'KL散度' });
    expect(kl.outgoing['contrasts-with']?.map((l) => l.to.name)).toEqual(['交叉熵']);
    // Asked both ways in one note, it is one link.
    expect(kl.incoming['contrasts-with']).toBeUndefined();
    const rope = await call('concepts.get', { name: 'RoPE' });
    expect(rope.outgoing['is-a']?.map((l) => l.to.name)).toEqual(['相对位置编码']);
  });

  it('DP、TP、PP 分别… links the three to one another, by the names the note gives them', async () => {
    importNotes({ 'parallel.md': PARALLEL });
    const dp = await call('concepts.get', { name: 'DP' });
    expect(dp.outgoing['contrasts-with']?.map((l) => l.to.name).sort()).toEqual(['Pipeline Parallel', 'Tensor Parallel']);
  });

  it('a numbered line that is an answer links nothing', async () => {
    importNotes({ 'rlhf.md': RLHF });
    const dpo = await call('concepts.list', { q: 'DPO' });
    expect(dpo.map((c) => c.name)).toEqual(['DPO']);
    expect((await call('concepts.get', { name: 'DPO' })).incoming['contrasts-with']?.map((l) => l.from.name)).toEqual(['PPO']);
  });
});

describe('definitions', () => {
  const named = (body: string): string => `# 笔记\n\n## DPO\n\n${body}\n`;

  it('come from a heading naming the concept, with prose under it; not from a label line or a list', async () => {
    importNotes({ 'a.md': named('训练中需要：policy model + value model'), 'b.md': named('1. 计算资源：DPO是PPO的一半') });
    expect((await call('concepts.get', { name: 'DPO' })).definition).toBe('');
  });

  it('are replaced by a better one, never by another sentence of a newly imported note', async () => {
    // A question names a concept only once the notes know it.
    importNotes({ 'a.md': '# 笔记\n\n### 什么是 DPO？\n\n直接用偏好数据优化策略，不训练奖励模型。\n' });
    expect(await names()).not.toContain('DPO');
    importNotes({ 'b.md': '---\nconcepts: [DPO]\n---\n# 对齐\n\n### 什么是 DPO？\n\n直接用偏好数据优化策略，不训练奖励模型。\n' });
    expect((await call('concepts.get', { name: 'DPO' })).definition).toBe('直接用偏好数据优化策略，不训练奖励模型。');
    importNotes({ 'c.md': '---\nconcepts: [DPO]\n---\n# 另一篇\n\n### 什么是 DPO？\n\n一句别的笔记里的话，也很长很长。\n' });
    expect((await call('concepts.get', { name: 'DPO' })).definition).toBe('直接用偏好数据优化策略，不训练奖励模型。');
    importNotes({ 'd.md': named('DPO 把 RLHF 的目标改写成一个分类损失，直接在偏好对上训练。') });
    expect((await call('concepts.get', { name: 'DPO' })).definition).toBe('DPO 把 RLHF 的目标改写成一个分类损失，直接在偏好对上训练。');
  });

  it('the person’s own is never replaced', async () => {
    importNotes({ 'a.md': '---\nconcepts: [DPO]\n---\n# 笔记\n' });
    await call('concepts.define', { name: 'DPO', definition: '我自己的话。' });
    importNotes({ 'b.md': named('DPO 把 RLHF 的目标改写成一个分类损失，直接在偏好对上训练。') });
    expect((await call('concepts.get', { name: 'DPO' })).definition).toBe('我自己的话。');
  });
});

describe('defining headings', () => {
  it('a question about something of a concept does not define it; one about the concept does', async () => {
    importNotes({
      'a.md':
        '---\nconcepts: [PPO, Capacity Factor]\n---\n# PPO\n\n### PPO 的 clipped objective 是什么？\n\n裁剪概率比，限制每一步更新的幅度。\n\n### 什么是容量因子 Capacity Factor？\n\n每个专家最多接收的 token 数与平均数之比。\n',
    });
    const ppo = await call('concepts.get', { name: 'PPO' });
    expect(ppo.definition).toBe('');
    expect(ppo.mentions.filter((m) => m.kind === 'defines')).toEqual([]);
    expect((await call('concepts.get', { name: 'Capacity Factor' })).definition).toBe('每个专家最多接收的 token 数与平均数之比。');
    expect(await aliasesOf('Capacity Factor')).toEqual(['容量因子']);
  });
});

describe('names in parentheses', () => {
  it('add the spelled-out name to a known concept, and make none', async () => {
    importNotes({
      'glu.md': '---\nconcepts: [GLU]\n---\n# 激活\n\nGLU（Gated Linear Unit）把输入分成两路。最简单的并行是 Data Parallel (DP)。\n',
    });
    expect(await aliasesOf('GLU')).toEqual(['Gated Linear Unit']);
    const all = await names();
    expect(all).not.toContain('DP');
    expect(all).not.toContain('Data Parallel');
  });
});

describe('what reads as a definition', () => {
  it('a sentence before `公式如下：` is kept; a line announcing a list or a fragment is not', async () => {
    importNotes({
      'a.md':
        '# 笔记\n\n## RMSNorm\n\nRMSNorm是在Layer Norm之上的改进，它通过舍弃中心不变性来降低计算量。公式如下：\n\n## DPO\n\nDeepSeekMoE 提出两点改进：\n\n## BatchNorm\n\n利用优化器的momentum进行\n',
    });
    expect((await call('concepts.get', { name: 'RMSNorm' })).definition).toBe(
      'RMSNorm是在Layer Norm之上的改进，它通过舍弃中心不变性来降低计算量。',
    );
    expect((await call('concepts.get', { name: 'DPO' })).definition).toBe('');
    expect((await call('concepts.get', { name: 'BatchNorm' })).definition).toBe('');
  });
});
