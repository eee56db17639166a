import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { createContext } from '../api/context.js';
import { createCaller } from '../api/dispatch.js';
import { createHandlerTable } from '../api/handlers.js';
import { importPaths } from '../import/import-notes.js';

const starter = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'notes');
let store: Store;
let work: string;
let call: ReturnType<typeof createCaller>;

beforeEach(() => {
  store = openStore(':memory:');
  work = mkdtempSync(join(tmpdir(), 'lattice-concepts-'));
  call = createCaller(createHandlerTable(createContext(store, work)));
});
afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

const PIPELINE = `---
concepts: [RMSNorm]
aliases: [对齐, Alignment]
---
# 对齐流程

\`\`\`mermaid
flowchart LR
  PT[预训练 Pretrain] --> SFT[监督微调 SFT]
  SFT --> RM[奖励模型 RM]
  RM --> PPO[强化学习 PPO]
  SFT -->|替代 RM 与 PPO| DPO[DPO 直接优化偏好]
\`\`\`

奖励模型给回答打分，再用 PPO 优化。训练奖励模型需要偏好数据。

## RMSNorm

RMSNorm 去掉了减均值，只按均方根缩放。

## 为什么要 KL 约束？

防止策略偏离 SFT 太远。
`;

function importNote(text: string): void {
  writeFileSync(join(work, 'align.md'), text);
  const report = importPaths(store, [work]);
  expect(report.failed).toEqual([]);
}

describe('concepts derived from the starter library', () => {
  beforeEach(() => importPaths(store, [starter], { kind: 'starter' }));

  it('links pretrain → SFT → RM → PPO, found by names or aliases', async () => {
    for (const [from, to] of [
      ['预训练', 'PPO'],
      ['监督微调', 'PPO'],
      ['SFT', 'PPO'],
    ] as const) {
      const path = await call('concepts.path', { from, to });
      expect(path.steps.every((s) => s.direction === 'forward' && s.link.type === 'leads-to')).toBe(true);
      const aliases = await Promise.all(
        path.concepts.map(async (c) => (await call('concepts.get', { id: c.id })).aliases.map((a) => a.alias).concat(c.name)),
      );
      expect(aliases.some((names) => names.includes('RM'))).toBe(true);
    }
    // `训练奖励模型 RM` and `奖励模型 RM` are one concept, with Reward Model from front matter.
    const path = await call('concepts.path', { from: '预训练', to: 'PPO' });
    expect(path.concepts.map((c) => c.name)).toEqual(['预训练', 'SFT', 'RM', 'PPO']);
    const rm = await call('concepts.get', { name: 'Reward Model' });
    expect(rm.aliases.map((a) => a.alias).sort()).toEqual(['Reward Model', '奖励模型']);
  });

  it('makes one graph of the pipeline notes', async () => {
    await expect(call('concepts.path', { from: 'DPO', to: '预训练' })).resolves.toBeDefined();
    // Across the DPO and RLHF notes, through concepts only (no step of a diagram in between).
    await expect(call('concepts.path', { from: 'ORPO', to: 'Reward Model' })).resolves.toBeDefined();
    const concepts = await call('concepts.list', {});
    expect(concepts.length).toBeGreaterThan(50);
    expect(concepts.find((c) => c.name === 'PPO')?.mentionCount).toBeGreaterThan(0);
  });
});

describe('deriving one note', () => {
  it('turns Mermaid edges into typed links and label parts into aliases', async () => {
    importNote(PIPELINE);
    const sft = await call('concepts.get', { name: 'sft' });
    expect(sft.name).toBe('监督微调');
    expect(sft.aliases.map((a) => a.alias)).toEqual(['SFT']);
    expect(sft.outgoing['leads-to']?.map((l) => l.to.name)).toEqual(['奖励模型']);
    expect(sft.outgoing['variant-of']?.map((l) => [l.to.name, l.label])).toEqual([['DPO', '替代 RM 与 PPO']]);
    expect((await call('concepts.get', { name: 'DPO' })).aliases).toEqual([]);
  });

  it('reads front matter and headings: the topic, its aliases, definitions', async () => {
    importNote(PIPELINE);
    const topic = await call('concepts.get', { name: 'Alignment' });
    expect(topic.name).toBe('对齐');
    expect(topic.outgoing.related?.map((l) => l.to.name)).toEqual(['RMSNorm']);
    const norm = await call('concepts.get', { name: 'RMSNorm' });
    expect(norm.definition).toBe('RMSNorm 去掉了减均值，只按均方根缩放。');
    expect(norm.mentions.find((m) => m.kind === 'defines')?.sectionTitle).toBe('RMSNorm');
  });

  it('finds mentions in Chinese text, not inside a longer name', async () => {
    // 训练奖励模型 in the text is the reward model itself (a step naming it), 奖励模型集成 is another concept.
    importNote(
      `${PIPELINE.replace('SFT --> RM[奖励模型 RM]', 'SFT --> RM[奖励模型 RM]\n  X[奖励模型集成 RM Ensemble] --> RM')}\n奖励模型集成更稳。\n`,
    );
    const rm = await call('concepts.get', { name: '奖励模型' });
    const texts = (await call('notes.list', {})).length;
    expect(texts).toBe(1);
    const note = await call('notes.get', { path: 'align.md' });
    const quoted = rm.mentions.filter((m) => m.kind === 'mentions').map((m) => [note.text.slice(m.start ?? 0, m.end ?? 0), m.occurrences]);
    expect(quoted).toEqual([['奖励模型', 2]]);
    const longer = await call('concepts.get', { name: '奖励模型集成' });
    expect(longer.mentions.map((m) => [note.text.slice(m.start ?? 0, m.end ?? 0), m.occurrences])).toEqual([['奖励模型集成', 1]]);
  });

  it('keeps the person’s edits when the note is imported again', async () => {
    importNote(PIPELINE);
    const sft = await call('concepts.get', { name: 'SFT' });
    const variant = sft.outgoing['variant-of']?.[0];
    const toRm = sft.outgoing['leads-to']?.[0];
    if (!variant || !toRm) throw new Error('derived links missing');
    await call('links.update', { id: variant.id, type: 'contrasts-with' });
    await call('links.delete', { id: toRm.id });
    await call('concepts.rename', { name: '预训练', newName: 'Pre-training' });
    await call('concepts.removeAlias', { name: '奖励模型', alias: 'RM' });
    await call('concepts.create', { name: 'Reward Hacking', definition: '策略钻奖励模型的空子。' });
    await call('links.create', { from: '奖励模型', to: 'Reward Hacking', type: 'related' });

    importNote(`${PIPELINE}\n多了一段：PPO 容易 reward hacking。\n`);

    const after = await call('concepts.get', { name: 'SFT' });
    expect(after.outgoing['contrasts-with']?.map((l) => [l.to.name, l.source])).toEqual([['DPO', 'user']]);
    expect(after.outgoing['variant-of']).toBeUndefined();
    expect(after.outgoing['leads-to']).toBeUndefined();
    const pretrain = await call('concepts.get', { name: '预训练' });
    expect(pretrain.name).toBe('Pre-training');
    expect(pretrain.outgoing['leads-to']?.map((l) => l.to.name)).toEqual(['监督微调']);
    const rm = await call('concepts.get', { name: '奖励模型' });
    expect(rm.aliases).toEqual([]);
    expect(rm.outgoing.related?.map((l) => l.to.name)).toEqual(['Reward Hacking']);
    const hacking = await call('concepts.get', { name: 'reward hacking' });
    expect(hacking.definition).toBe('策略钻奖励模型的空子。');
    expect(hacking.mentions.length).toBe(1);
  });

  it('takes a definition from the text of its own section, never from the heading of a subsection', async () => {
    importNote(
      '# 对齐\n\n## RMSNorm\n\n### RMSNorm 为什么更快？\n\n少算一次均值。\n\n## LayerNorm\n\n按均值和方差归一化。\n\n### 细节\n\n略。\n',
    );
    expect((await call('concepts.get', { name: 'RMSNorm' })).definition).toBe('');
    expect((await call('concepts.get', { name: 'LayerNorm' })).definition).toBe('按均值和方差归一化。');
  });

  it('merges concepts; the old name keeps matching', async () => {
    importNote(PIPELINE);
    await call('concepts.merge', { from: 'DPO', into: '奖励模型' });
    importNote(`${PIPELINE}\n`);
    const rm = await call('concepts.get', { name: 'DPO' });
    expect(rm.name).toBe('奖励模型');
    expect((await call('concepts.list', {})).some((c) => c.name === 'DPO')).toBe(false);
  });

  it('draws maps with safe ids and quoted labels, even from hostile notes', async () => {
    // A label like this is a node of the picture, not a concept; front matter can still name anything.
    importNote(
      `---\naliases: ['Ok"']\nconcepts: ['<img src=x onerror=alert(1)>', 'C']\n---\n# x\n\n\`\`\`mermaid\nflowchart LR\n  A["<img src=x onerror=alert(1)>"] --> B[ok"] --> C\n  click A call alert("x")\n\`\`\`\n`,
    );
    const [hostile] = await call('concepts.list', { q: 'img' });
    if (!hostile) throw new Error('hostile concept missing');
    const { mermaid } = await call('concepts.map', { id: hostile.id, depth: 2 });
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid).not.toMatch(/click|<|>(?!\|)|alert\(/);
    expect(mermaid).toContain(`class c${hostile.id} current`);
    for (const line of mermaid.split('\n').slice(1))
      expect(line).toMatch(
        /^ {2}(c\d+\["[^"<>]*"\]|c\d+ \S+\|[a-z …\u4e00-\u9fff-]+\| c\d+|classDef current [\w:;-]+|class c\d+ current)$/,
      );
  });
});
