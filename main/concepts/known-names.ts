/**
 * Names of the same thing in this domain that the notes use but never state
 * as equal. Read against the starter library and the seeds: the notes write
 * `奖励模型 RM` and `数据并行 DP` themselves (those need no entry here), but
 * never say that 多头注意力 is Multi-Head Attention, that KV 缓存 is the KV
 * Cache, that 稠密检索 is Dense Retrieval, or that PPO is not 强化学习 (`强化学习 PPO` is a diagram node
 * saying "the RL step, done with PPO"). Kept small on purpose: an entry
 * only merges names that notes bring in, it never creates a concept, and an
 * acronym listed here is named by the Chinese names listed with it only.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['奖励模型', 'Reward Model', 'RM'],
  ['监督微调', 'Supervised Fine-Tuning', 'SFT'],
  ['人类反馈强化学习', 'RLHF'],
  ['直接偏好优化', 'Direct Preference Optimization', 'DPO'],
  ['近端策略优化', 'Proximal Policy Optimization', 'PPO'],
  ['强化学习', 'Reinforcement Learning', 'RL'],
  ['大语言模型', '大模型', 'Large Language Model', 'LLM'],
  ['多头注意力', '多头注意力机制', 'Multi-Head Attention', 'MHA'],
  ['自注意力', '自注意力机制', 'Self-Attention', 'Self Attention'],
  ['KV Cache', 'KV 缓存', 'KV缓存'],
  ['稠密检索', 'Dense Retrieval'],
];

const byTerm = new Map<string, readonly string[]>();
for (const group of GROUPS) for (const term of group) byTerm.set(term.toLowerCase(), group);

/** The other names the table gives a term (empty when the term is not listed). */
export function knownEquivalents(term: string): readonly string[] {
  const group = byTerm.get(term.toLowerCase());
  return group ? group.filter((t) => t.toLowerCase() !== term.toLowerCase()) : [];
}

/** Whether the table lists this term at all. */
export function isKnownName(term: string): boolean {
  return byTerm.has(term.toLowerCase());
}
