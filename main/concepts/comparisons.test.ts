import { describe, expect, it } from 'vitest';
import { comparedNames, numberedLines, readComparison } from './comparisons.js';

const nothingKnown = (): boolean => false;

function compared(line: string, isHeading = true): [string, string[]] | undefined {
  const comparison = readComparison(line, isHeading);
  if (!comparison) return undefined;
  const names = comparedNames(comparison, nothingKnown);
  return names ? [comparison.type, names.map((n) => n.name)] : undefined;
}

describe('questions that compare or classify', () => {
  it.each([
    ['### PPO vs DPO', 'contrasts-with', ['PPO', 'DPO']],
    ['## SFT和RLHF有什么不同', 'contrasts-with', ['SFT', 'RLHF']],
    ['## KL散度和交叉熵的差别', 'contrasts-with', ['KL散度', '交叉熵']],
    ['## L1 和 L2正则化差别：L1（增加的权重是权重向量的绝对值之和）', 'contrasts-with', ['L1正则化', 'L2正则化']],
    ['### Pre-Norm 和 Post-Norm 有什么区别？', 'contrasts-with', ['Pre-Norm', 'Post-Norm']],
    ['### 稀疏检索和稠密检索有什么区别？为什么要做混合检索？', 'contrasts-with', ['稀疏检索', '稠密检索']],
    ['### DPO 相比 PPO 有什么优缺点？', 'contrasts-with', ['DPO', 'PPO']],
    ['### LayerNorm 和 RMSNorm 的公式分别是什么？', 'contrasts-with', ['LayerNorm', 'RMSNorm']],
    ['### DP、TP、PP 分别切的是什么？', 'contrasts-with', ['DP', 'TP', 'PP']],
    ['### Prefix Tuning、Prompt Tuning、P-Tuning 有什么区别？', 'contrasts-with', ['Prefix Tuning', 'Prompt Tuning', 'P-Tuning']],
    ['## 预训练、SFT、RLHF（DPO vs PPO）', 'contrasts-with', ['DPO', 'PPO']],
    ['## RLHF 与 DPO 路径对比', 'contrasts-with', ['RLHF', 'DPO']],
    ['### Swish 和 SiLU 是什么关系？', 'related', ['Swish', 'SiLU']],
    ['### What is the difference between BatchNorm and LayerNorm?', 'contrasts-with', ['BatchNorm', 'LayerNorm']],
    ['RoPE 是一种相对位置编码', 'is-a', ['RoPE', '相对位置编码']],
    ['## Pre-Norm and Post-Norm difference', 'contrasts-with', ['Pre-Norm', 'Post-Norm']],
    ['RMSNorm is a kind of LayerNorm', 'is-a', ['RMSNorm', 'LayerNorm']],
    ['11、GQA 和 MQA 的区别', 'contrasts-with', ['GQA', 'MQA']],
  ])('%s', (line, type, sides) => {
    expect(compared(line)).toEqual([type, sides]);
  });

  it('a bare heading `X 与 Y` links two names, never two words', () => {
    expect(compared('## MQA 与 GQA')).toEqual(['contrasts-with', ['MQA', 'GQA']]);
    expect(compared('## 定义与分类')).toBeUndefined();
    expect(compared('## 训练与推理')).toBeUndefined();
    expect(compared('1. MQA 与 GQA', false)).toBeUndefined();
  });

  it.each([
    '### GLU 和 SwiGLU 是什么？',
    '#### KV Cache 和 MQA',
    '### SentencePiece 是一种算法吗？',
    '### 为什么 Transformer 用 LayerNorm 而不用 BatchNorm？',
    '3. 设立baseline：对比微调前的模型，不同微调方法对比',
    '2. 训练稳定性上：DPO高于PPO，DPO只有一个超参数 beta',
    '1. rag是一种结合LLM生成能力和外部知识库的检索能力的技术，来解决LLM潜在的问题',
    '### 如何检测和缓解幻觉的不同方法',
    '1. 对齐税的存在，sft泛化能力上限是比较差的；sft的数据大多是人工构造的',
    '3. 初始化困难，如果初始化差别过大，导致gate过早固化路径，就会导致各专家分工不均',
  ])('no link from %s', (line) => {
    expect(compared(line)).toBeUndefined();
  });
});

describe('numbered questions', () => {
  it('are the short numbered lines outside code', () => {
    const source = [
      '1. 为什么大模型大部分是decoder only',
      '正文',
      '11、如何优化rag',
      '```',
      '2. not a question',
      '```',
      `3. ${'长'.repeat(120)}`,
    ].join('\n');
    expect(numberedLines(source)).toEqual(['1. 为什么大模型大部分是decoder only', '11、如何优化rag']);
  });
});
