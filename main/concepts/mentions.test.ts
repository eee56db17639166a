import { describe, expect, it } from 'vitest';
import { TermMatcher } from './mentions.js';

const terms = [
  { conceptId: 1, term: '奖励模型' },
  { conceptId: 2, term: '训练奖励模型' },
  { conceptId: 1, term: 'RM' },
  { conceptId: 3, term: 'KV Cache' },
  { conceptId: 4, term: '模' },
];

const found = (text: string): string[] => new TermMatcher(terms).find(text).map((m) => `${m.conceptId}:${text.slice(m.start, m.end)}`);

describe('TermMatcher', () => {
  it('finds Chinese terms with no spaces around them', () => {
    expect(found('先训练一个奖励模型再做PPO')).toEqual(['1:奖励模型']);
  });

  it('does not find a name inside a longer concept name', () => {
    expect(found('第二步是训练奖励模型。')).toEqual(['2:训练奖励模型']);
  });

  it('matches Latin terms as whole words, case-insensitively', () => {
    expect(found('RM 打分; rm too; LayerNorm and RMSNorm; 用RM打分')).toEqual(['1:RM', '1:rm', '1:RM']);
    expect(found('the kv cache grows')).toEqual(['3:kv cache']);
  });

  it('skips one-character terms, which would match everywhere', () => {
    expect(found('模型')).toEqual([]);
  });
});
