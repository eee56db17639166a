/**
 * Words too common to be concepts: they name a slot of any pipeline (input,
 * output, query, answer, document), a generic subject (model, data, method,
 * problem), or a unit every paragraph of an LLM note uses (token, prompt).
 * As a concept each one underlines most sentences of a note and lists every
 * note as "mentioned in", which tells a person nothing; and Mermaid diagrams
 * name their boxes with them (输入 → 编码器 → 输出), so each diagram would make
 * one. Derivation does not make concepts or aliases of them, and mention
 * finding never matches them, whoever made the concept (a person who names a
 * concept 输入 on purpose still gets the concept, only not its underlines).
 *
 * Chosen from the starter library and real notes: every entry was a derived
 * concept or alias there whose mentions were mostly not the thing (`Query`
 * matched search queries as often as attention queries; `切分` matched tensor
 * and word splitting as often as document chunking; `key`, `value` matched
 * code and "value model"). Domain terms that happen to be common in these
 * notes (attention, embedding, 专家, 归一化) are concepts and stay out.
 */

const CHINESE = [
  // Slots of a pipeline or a diagram.
  '输入',
  '输出',
  '结果',
  '答案',
  '回答',
  '问题',
  '用户问题',
  '用户输入',
  '查询',
  '文档',
  '原始文档',
  '上下文',
  '步骤',
  '流程',
  '阶段',
  '过程',
  '加权求和',
  '提示',
  '前缀',
  '索引',
  '切分',
  // Generic subjects and the words notes use to organise themselves.
  '方法',
  '模型',
  '数据',
  '训练',
  '推理',
  '任务',
  '目标',
  '参数',
  '效果',
  '原理',
  '思路',
  '作用',
  '目的',
  '背景',
  '定义',
  '概念',
  '公式',
  '代码',
  '实现',
  '示例',
  '例子',
  '优点',
  '缺点',
  '优缺点',
  '区别',
  '对比',
  '总结',
  '概述',
  '介绍',
  '其他',
  '参考',
  '参考资料',
  '笔记',
  '用户',
  '面试技巧',
  '一句话总结',
  '易错点',
  '相关笔记',
];

const ENGLISH = [
  'input',
  'inputs',
  'output',
  'outputs',
  'result',
  'results',
  'answer',
  'answers',
  'question',
  'questions',
  'problem',
  'problems',
  'query',
  'queries',
  'document',
  'documents',
  'doc',
  'docs',
  'index',
  'context',
  'step',
  'steps',
  'stage',
  'process',
  'prompt',
  'prompts',
  'prefix',
  'token',
  'tokens',
  'key',
  'keys',
  'value',
  'values',
  'model',
  'models',
  'data',
  'method',
  'methods',
  'training',
  'train',
  'task',
  'tasks',
  'target',
  'parameter',
  'parameters',
  'example',
  'examples',
  'summary',
  'overview',
  'note',
  'notes',
  'user',
  'todo',
];

const COMMON = new Set<string>([...CHINESE, ...ENGLISH]);

/**
 * Whether a term is a common word and so never a concept name, alias or
 * mention. Case, surrounding spaces and a plural-free match decide: `Output`,
 * ` 输出 ` and `TOKEN` are common; `Output Layer` and `输出层` are not.
 */
export function isCommonWord(term: string): boolean {
  return COMMON.has(term.trim().toLowerCase());
}
