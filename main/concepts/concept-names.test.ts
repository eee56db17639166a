import { describe, expect, it } from 'vitest';
import { initialsOf, isTermHeading, readLabel } from './concept-names.js';

const nothingKnown = (): boolean => false;
const knows =
  (...terms: string[]) =>
  (term: string): boolean =>
    terms.some((t) => t.toLowerCase() === term.toLowerCase());

function names(label: string, isKnown: (term: string) => boolean = nothingKnown): string[][] | 'node' {
  const reading = readLabel(label, isKnown);
  return reading.kind === 'node' ? 'node' : reading.names.map((n) => [n.name, ...n.aliases]);
}

describe('Mermaid labels that describe a step are nodes, not concepts', () => {
  it.each([
    '缩放 除以根号 dk',
    '机内 NVLink 高带宽',
    '跨机 低通信量',
    '逐个接受判断',
    '门控加权求和',
    '从修正分布重新采样',
    '保留草稿 token',
    '打分 QK 转置',
    '输入 X',
    '用户问题 Query',
    '拼接提示 Prompt',
    'Query 投影',
    'Actor 生成回答',
    'Token 隐藏状态',
    '混合召回 BM25 与 Dense',
    '偏好数据 chosen 与 rejected',
    '大模型训练 Training',
  ])('%s', (label) => {
    expect(names(label)).toBe('node');
  });
});

describe('labels that name a concept', () => {
  it('a Chinese name with its abbreviation, and an explanation after it', () => {
    expect(names('张量并行 TP 切矩阵')).toEqual([['张量并行', 'TP']]);
    expect(names('数据并行 DP 切数据')).toEqual([['数据并行', 'DP']]);
    expect(names('奖励模型 RM')).toEqual([['奖励模型', 'RM']]);
    expect(names('共享专家 Shared Expert')).toEqual([['共享专家', 'Shared Expert']]);
  });

  it('an English term followed by what it does or what kind of thing it is', () => {
    expect(names('ZeRO 切冗余状态')).toEqual([['ZeRO']]);
    expect(names('SFT 模型')).toEqual([['SFT']]);
    expect(names('Causal LM 因果解码器')).toEqual([['Causal LM']]);
    expect(names('Transformer 架构')).toEqual([['Transformer']]);
    expect(names('PPO 更新 Actor 与 Critic')).toEqual([['PPO']]);
    expect(names('Softmax 归一化', knows('Softmax'))).toEqual([['Softmax']]);
  });

  it('a word that is only English becomes a name once the notes know it', () => {
    expect(names('切分 Chunking')).toBe('node');
    expect(names('切分 Chunking', knows('Chunking'))).toEqual([['切分', 'Chunking']]);
  });

  it('an abbreviation the table knows is named only by its own Chinese names', () => {
    expect(names('强化学习 PPO')).toEqual([['PPO']]);
    expect(names('对齐模型 RLHF')).toEqual([['RLHF']]);
    expect(names('训练奖励模型 RM')).toEqual([['RM']]);
    expect(names('大模型生成 LLM')).toEqual([['LLM']]);
    expect(names('监督微调 SFT')).toEqual([['监督微调', 'SFT']]);
  });

  it('two terms joined by 与 are two concepts; a numbered instance is the thing itself', () => {
    expect(names('T5 与 BART')).toEqual([['T5'], ['BART']]);
    expect(names('专家 Expert 2')).toEqual([['专家']]);
    expect(names('Big 12')).toEqual([['Big 12']]);
    expect(names('Topic42 Stage7')).toEqual([['Topic42 Stage7']]);
  });

  it('a short Chinese noun stands alone; a known name always does', () => {
    expect(names('草稿模型 Draft 连续生成 k 个 token')).toEqual([['草稿模型']]);
    expect(names('预训练 Pretrain')).toEqual([['预训练']]);
    expect(names('逐个接受判断', knows('逐个接受判断'))).toEqual([['逐个接受判断']]);
  });

  it('an abbreviation inside the explanation gives a known concept its names', () => {
    const reading = readLabel('BERT 掩码语言模型 MLM', knows('MLM'));
    expect(reading).toEqual({
      kind: 'concepts',
      names: [{ name: 'BERT', aliases: [] }],
      extraAliases: [{ name: 'MLM', aliases: ['掩码语言模型'] }],
    });
    expect(readLabel('BERT 掩码语言模型 MLM', nothingKnown)).toMatchObject({ extraAliases: [] });
  });
});

describe('initials', () => {
  it('of names of several words, all-capital words giving all their letters', () => {
    expect(initialsOf('Masked LM')).toEqual(['MLM']);
    expect(initialsOf('Data Parallel')).toEqual(['DP']);
    expect(initialsOf('Mixture of Experts')).toEqual(['MOE', 'ME']);
    expect(initialsOf('Retrieval-Augmented Generation')).toEqual(['RAG']);
  });

  it('not of one word, nor of names with one-letter parts (Top-p is no TP)', () => {
    expect(initialsOf('Transformer')).toEqual([]);
    expect(initialsOf('Top-p')).toEqual([]);
    expect(initialsOf('Top-k Sampling')).toEqual([]);
    expect(initialsOf('Pre-Norm')).toEqual([]);
  });
});

describe('term headings', () => {
  it('are bare terms, not phrases or comparisons', () => {
    expect(isTermHeading('RMSNorm')).toBe(true);
    expect(isTermHeading('dropout')).toBe(true);
    expect(isTermHeading('KV Cache')).toBe(true);
    expect(isTermHeading('PPO vs DPO')).toBe(false);
    expect(isTermHeading('from js')).toBe(false);
  });
});
