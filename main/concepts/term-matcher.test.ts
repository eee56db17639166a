import { describe, expect, it } from 'vitest';
import { isCommonWord } from './common-words.js';
import { TermMatcher } from './term-matcher.js';

const terms = [
  { conceptId: 1, term: '奖励模型' },
  { conceptId: 2, term: '训练奖励模型' },
  { conceptId: 1, term: 'RM' },
  { conceptId: 3, term: 'KV Cache' },
  { conceptId: 4, term: '模' },
  { conceptId: 5, term: 'ZeRO' },
  { conceptId: 6, term: 'tuning' },
  { conceptId: 7, term: 'GQA' },
  { conceptId: 8, term: 'Transformer' },
  { conceptId: 9, term: 'Reference' },
  { conceptId: 10, term: 'softmax' },
  { conceptId: 11, term: 'Decoder-only' },
  { conceptId: 12, term: 'MoE' },
  { conceptId: 13, term: '输入' },
  { conceptId: 13, term: 'Input' },
  { conceptId: 14, term: '用户问题' },
  { conceptId: 15, term: 'Answer' },
  { conceptId: 16, term: 'PPO' },
  { conceptId: 17, term: 'DPO' },
  { conceptId: 18, term: 'ZeRO-1' },
  { conceptId: 19, term: 'RAG' },
];

const found = (text: string): string[] => new TermMatcher(terms).find(text).map((m) => `${m.conceptId}:${text.slice(m.start, m.end)}`);

describe('TermMatcher: Chinese terms', () => {
  it('finds Chinese terms with no spaces around them', () => {
    expect(found('先训练一个奖励模型再做PPO')).toEqual(['1:奖励模型', '16:PPO']);
  });

  it('does not find a name inside a longer concept name', () => {
    expect(found('第二步是训练奖励模型。')).toEqual(['2:训练奖励模型']);
  });

  it('skips one-character terms, which would match everywhere', () => {
    expect(found('模型')).toEqual([]);
  });
});

describe('TermMatcher: Latin terms are whole words', () => {
  it('matches a term standing as a word, beside spaces, punctuation or Chinese', () => {
    expect(found('RM 打分; LayerNorm and RMSNorm; 用RM打分')).toEqual(['1:RM', '1:RM']);
    expect(found('(GQA) and GQA, GQA. 用GQA')).toEqual(['7:GQA', '7:GQA', '7:GQA', '7:GQA']);
  });

  it('never matches inside a longer word joined by a hyphen', () => {
    expect(found('Prefix-tuning 和 P-tuning 阶段')).toEqual([]);
    expect(found('tuning-free methods; re_tuning')).toEqual([]);
    expect(found('the tuning step; Tuning')).toEqual(['6:tuning', '6:Tuning']);
  });

  it('never matches inside a note name written as a slug', () => {
    expect(found('多头、MQA、GQA 的区别见 multi-head-mqa-gqa-kv-cache。')).toEqual(['7:GQA']);
    expect(found('基础公式见 transformer-self-attention；完整流程见 dpo-and-alignment。')).toEqual([]);
  });

  it('never matches a dotted name in code, but a full stop ends a word', () => {
    expect(found('probs = torch.softmax(logits / t)')).toEqual([]);
    expect(found('if self.tuning: pass')).toEqual([]);
    expect(found('最后过 softmax. Then')).toEqual(['10:softmax']);
  });

  it('keeps hyphenated terms whole and does not take a prefix of them', () => {
    expect(found('Decoder-only 架构；decoder-only结构')).toEqual(['11:Decoder-only', '11:decoder-only']);
    expect(found('ZeRO-1 shards the optimizer state')).toEqual(['18:ZeRO-1']);
  });

  it('treats a slash or a space as a word break', () => {
    expect(found('选 PPO/DPO 还是')).toEqual(['16:PPO', '17:DPO']);
  });

  it('reads a hyphen between two acronyms as naming both, but not an acronym joined to another word', () => {
    expect(found('维度 | RLHF-PPO | DPO')).toEqual(['16:PPO', '17:DPO']);
    expect(found('PPO-DPO 对比')).toEqual(['16:PPO', '17:DPO']);
    expect(found('TensorRT-PPO, PPO-style, PPO-2')).toEqual([]);
  });

  it('reads a dot after a digit as numbering a list item, not joining a word', () => {
    expect(found('value model：1.PPO 训练中 2.ZeRO-1 切分')).toEqual(['16:PPO', '18:ZeRO-1']);
    expect(found('torch.PPO; 2.PPO')).toEqual(['16:PPO']);
  });
});

describe('TermMatcher: case', () => {
  it('matches a lower-case or capitalised term in any case', () => {
    expect(found('the transformer block; Transformer; TRANSFORMER')).toEqual(['8:transformer', '8:Transformer', '8:TRANSFORMER']);
    expect(found('Softmax and softmax')).toEqual(['10:Softmax', '10:softmax']);
  });

  it('matches a term whose capitals mean something only as written in English text', () => {
    expect(found('ZeRO shards state; zero shot; Zero Redundancy; ZERO')).toEqual(['5:ZeRO']);
    expect(found('run rm -rf to clean; the RM scores it')).toEqual(['1:RM']);
    expect(found('a moe of experts; the MoE layer')).toEqual(['12:MoE']);
  });

  it('matches mixed-case words of a term exactly, other words in any case', () => {
    expect(found('the KV cache grows; KV CACHE; kv-cache')).toEqual(['3:KV cache', '3:KV CACHE']);
  });

  it('matches any case beside Chinese, where authors type terms in lower case', () => {
    expect(found('rag是一种结合检索的方法')).toEqual(['19:rag']);
    expect(found('推理上可以更好的使用kv cache。')).toEqual(['3:kv cache']);
    expect(found('（moe）更加稀疏')).toEqual(['12:moe']);
    expect(found('a rag doll')).toEqual([]);
  });
});

describe('TermMatcher: links and labels', () => {
  it('finds nothing inside a URL', () => {
    expect(found('Reference:https://www.zhihu.com/question/588325646/answer/3357252612')).toEqual([]);
    expect(found('见 https://example.com/rag/ppo-and-dpo 和 PPO')).toEqual(['16:PPO']);
  });

  it('does not take a citation label before a link for a concept', () => {
    expect(found('Reference:https://zhuanlan.zhihu.com/p/1')).toEqual([]);
    expect(found('Reference：https://zhuanlan.zhihu.com/p/1')).toEqual([]);
    expect(found('Reference: https://zhuanlan.zhihu.com/p/1')).toEqual([]);
    expect(found('Reference:\n\n为什么大模型会说胡话 - 知乎')).toEqual([]);
    expect(found('reference:\nhttps://spaces.ac.cn/archives/8620')).toEqual([]);
  });

  it('still finds the same word as a concept when it is not a label', () => {
    expect(found('四个模型：Actor、Critic、RM、Reference')).toEqual(['1:RM', '9:Reference']);
    expect(found('the Reference model stays frozen')).toEqual(['9:Reference']);
  });

  it('does not take any term before a colon and a URL for a mention', () => {
    expect(found('PPO: https://arxiv.org/abs/1707.06347')).toEqual([]);
    expect(found('PPO：用 RM 作为环境奖励')).toEqual(['16:PPO', '1:RM']);
  });
});

describe('TermMatcher: common words', () => {
  it('never matches a common word, whoever named the concept', () => {
    expect(found('输入序列和输出序列；根据搜索结果回答用户问题')).toEqual([]);
    expect(found('Input: x; Answer Relevance')).toEqual([]);
  });

  it('still matches a concept whose name is longer than a common word', () => {
    expect(found('训练奖励模型的输入')).toEqual(['2:训练奖励模型']);
  });
});

describe('isCommonWord', () => {
  it('knows generic words in Chinese and English, in any case', () => {
    for (const word of ['输入', '输出', '用户问题', '方法', '问题', 'input', 'Output', 'MODEL', 'data', ' token ', 'Query']) {
      expect(isCommonWord(word), word).toBe(true);
    }
  });

  it('leaves terms that only contain a common word alone', () => {
    for (const word of ['输出层', '奖励模型', 'Output Layer', 'Reward Model', 'Tokenizer', 'attention', '专家', 'Reference']) {
      expect(isCommonWord(word), word).toBe(false);
    }
  });
});

describe('a library with many terms sharing a first letter', () => {
  it('costs about the same with a hundred times the terms, and matches longest first as before', () => {
    // A diagram naming 20,000 nodes A0…A19999 makes 20,000 terms starting with "a".
    const terms = Array.from({ length: 20_000 }, (_, i) => ({ conceptId: i + 1, term: `A${i}` }));
    const matcher = new TermMatcher([...terms, { conceptId: 90_001, term: 'A1 block' }, { conceptId: 90_002, term: '注意力😀' }]);
    expect(matcher.find('see A12 and A1 block, not A1x; 注意力😀。').map((m) => m.conceptId)).toEqual([13, 90_001, 90_002]);
    const few = new TermMatcher(terms.slice(0, 200));
    const time = (on: TermMatcher): number => {
      const text = '*a '.repeat(100_000);
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        on.find(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(few);
    // A hundred times the terms costs about the same (was 26 s for 150,000 repetitions against 20,000 terms:
    // one comparison per term for every "a").
    const ratio = time(matcher) / Math.max(time(few), 1);
    expect(ratio).toBeLessThan(5);
  });
});
