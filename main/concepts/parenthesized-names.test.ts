import { describe, expect, it } from 'vitest';
import { parenthesizedNames } from './parenthesized-names.js';

describe('names in parentheses', () => {
  it('pairs an abbreviation with the words its letters spell, either way round', () => {
    expect(parenthesizedNames('门控线性单元 GLU（Gated Linear Unit）把输入分两路。')).toEqual([
      { abbreviation: 'GLU', expansion: 'Gated Linear Unit' },
    ]);
    expect(parenthesizedNames('最简单的是 Data Parallel (DP)，每张卡一份模型。')).toEqual([
      { abbreviation: 'DP', expansion: 'Data Parallel' },
    ]);
    expect(parenthesizedNames('检索增强 Retrieval-Augmented Generation（RAG）。')).toEqual([
      { abbreviation: 'RAG', expansion: 'Retrieval-Augmented Generation' },
    ]);
    // CoVe takes two letters of a word: no rule can prove that.
    expect(parenthesizedNames('先验证再回答：Chain-of-Verification（CoVe）。')).toEqual([]);
  });

  it('gives nothing when the letters do not match or the name cannot be bounded', () => {
    expect(parenthesizedNames('算子优化（FlashAttention）、调度（continuous batching）')).toEqual([]);
    expect(parenthesizedNames('使用多头注意力机制(MHA)；ReGLU（ReLU）、Key（K）')).toEqual([]);
    expect(parenthesizedNames('we use the model (RM) here')).toEqual([]);
  });
});
