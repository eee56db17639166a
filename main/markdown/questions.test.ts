import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from './front-matter.js';
import { parseMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';
import { findQuestions, type FoundQuestion } from './questions.js';

interface Found {
  questions: FoundQuestion[];
  text: string;
}

/** Runs the finder as import will: front matter split off, the body parsed and projected once. */
function find(source: string, title?: string): Found {
  const front = splitFrontMatter(source);
  const tokens = parseMarkdown(front.body);
  const projection = projectTokens(tokens);
  return { questions: findQuestions({ tokens, projection, source, body: front.body, title }), text: projection.text };
}

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/questions/${name}`, import.meta.url), 'utf8');

interface Expected {
  line: number;
  text: string;
  answerFirstLine: number | null;
  answerLastLine: number | null;
}

const answerOf = (found: Found, question: FoundQuestion | undefined): string | undefined =>
  question?.answer ? found.text.slice(question.answer.start, question.answer.end) : undefined;

const texts = (found: Found): string[] => found.questions.map((q) => q.text);

describe('findQuestions on fixtures in each style', () => {
  const exact = ['heading-bank', 'numbered', 'gqa-units', 'inline-qa', 'bare-bullets', 'mixed-blind', 'heading-run'];
  for (const name of exact) {
    it(`${name}.md: the questions a person would drill, with the file's line numbers`, () => {
      const expected = (JSON.parse(fixture(`${name}.expected.json`)) as { questions: Expected[] }).questions;
      const found = find(fixture(`${name}.md`));
      expect(
        found.questions.map((q) => ({ line: q.line, text: q.text, answerFirstLine: q.answerFirstLine, answerLastLine: q.answerLastLine })),
      ).toEqual(expected);
    });
  }

  it('bare-bullets.md: nested bullets of bare questions (a bare topic among them too), with their category as context and no answer', () => {
    const found = find(fixture('bare-bullets.md'));
    expect(texts(found)).toEqual([
      '为什么要除以根号dk？',
      '讲解一下 RoPE',
      'LayerNorm 和 BatchNorm 有什么不同',
      'Self-attention 的时间复杂度',
      '如何优化检索',
      'RAG vs 微调',
      '向量数据库的原理',
      '为什么大模型会出现幻觉',
    ]);
    expect(found.questions[3]?.context).toEqual(['面试题', 'Transformer']);
    expect(found.questions[0]?.answer).toBeNull();
    expect(found.questions.slice(0, 7).every((q) => q.answer === null && q.kind === 'bullet')).toBe(true);
    const last = found.questions[7];
    expect([last?.answerFirstLine, last?.answerLastLine]).toEqual([25, 27]);
    expect(answerOf(found, last)).toBe('幻觉来自训练数据和解码策略。\n数据中有错误\n采样带来随机性');
  });
});

describe('heading-run.md: a run of questions still to answer, and a section of topics', () => {
  it('a bare question among unanswered ones is a card, and not the parent of the questions under it', () => {
    const found = find(fixture('heading-run.md'));
    const bare = found.questions.find((q) => q.text === '长文本怎么降显存');
    expect(bare?.answer).toBeNull();
    expect(found.questions.find((q) => q.text === '推理时为什么要用 KV cache')?.context).toEqual([]);
  });

  it('a question word in a bracketed aside does not make a heading ask: the section it heads is the card', () => {
    const found = find(fixture('heading-run.md'));
    expect(texts(found)).not.toContain('Switch Transformer 的路由（对比基线）');
    const section = found.questions[0];
    expect(section?.text).toBe('MoE 的改进');
    expect(answerOf(found, section)).toContain('路由专家更专注');
  });

  it('an asking heading whose questions need it stays their category (`### 原因` under a question)', () => {
    const found = find('# 笔记\n\n## 为什么 SFT 会遗忘\n## 复读机问题怎么解决\n### 原因\n数据重复。\n\n### 怎么解决\n加重复惩罚。\n');
    expect(found.questions.map((q) => [q.text, q.context])).toEqual([
      ['为什么 SFT 会遗忘', []],
      ['原因', ['复读机问题怎么解决']],
      ['怎么解决', ['复读机问题怎么解决']],
    ]);
  });

  it('an asking heading with its own text before its sub-questions stays their category', () => {
    const found = find(
      '# 笔记\n\n## 为什么 SFT 会遗忘\n## 如何优化 RAG？\n分两步看。\n\n### 检索阶段怎么优化\n重排。\n\n### 生成阶段怎么优化\n引用约束。\n',
    );
    expect(texts(found)).toEqual(['为什么 SFT 会遗忘', '检索阶段怎么优化', '生成阶段怎么优化']);
  });
});

describe('an answer that only cites where to read it', () => {
  it('leaves the question to be answered: a reference label, a link title over its URL', () => {
    const found = find(
      '# 幻觉\n\n#### 产生幻觉的原因\n\n* 数据不对齐\n\n#### 解决幻觉的方法\n\n\nReference:\n\n为什么大模型会「说胡话」？如何解决？ - 某人的回答 - 知乎\nhttps://www.zhihu.com/question/1/answer/2\n',
    );
    expect(found.questions.map((q) => [q.text, q.answerFirstLine])).toEqual([
      ['产生幻觉的原因', 5],
      ['解决幻觉的方法', null],
    ]);
  });

  it('knows a citation however it opens: spaces of any kind, a bullet, bold, angle brackets, a Markdown link, capitals', () => {
    const citations = [
      '\u3000\u00a0- **参考资料**：',
      '  * <HTTPS://example.com/a>',
      '+ [一篇综述](https://example.com/b)',
      '\ufeffrefs: https://example.com/c',
      '出处',
      'https://example.com/d',
    ];
    for (const citation of citations) {
      const found = find(`# 笔记\n\n### 为什么用 RoPE？\n\n${citation}\nhttps://example.com/e\n`);
      expect(found.questions[0]?.answer, JSON.stringify(citation)).toBeNull();
    }
    // A line that opens with anything else is an answer of its own.
    for (const line of ['\u3000相对位置，外推更好。', '> https://example.com/f', '1. https://example.com/g']) {
      const found = find(`# 笔记\n\n### 为什么用 RoPE？\n\n${line}\n`);
      expect(found.questions[0]?.answerFirstLine, JSON.stringify(line)).toBe(5);
    }
  });

  it('keeps an answer that has words of its own besides the citation', () => {
    const found = find('# 笔记\n\n### 为什么用 RoPE？\n\n相对位置，外推更好。\n\nReference: https://arxiv.org/abs/2104.09864\n');
    expect(found.questions[0]?.answerFirstLine).toBe(5);
    expect(found.questions[0]?.answerLastLine).toBe(7);
  });
});

describe('findQuestions: answer spans in the projection', () => {
  it('a heading question answers with everything under it, formulas included, up to the next question', () => {
    const found = find(fixture('heading-bank.md'));
    const answer = answerOf(found, found.questions[0]);
    expect(answer?.startsWith('点积的方差随 d_k 增大')).toBe(true);
    expect(answer?.endsWith('\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V')).toBe(true);
    expect(answer).not.toContain('Multi-Head');
  });

  it('the question repeated as the first line of its answer is left out of the answer', () => {
    const found = find(fixture('heading-bank.md'));
    const answer = answerOf(found, found.questions[1]);
    expect(answer?.startsWith('多个子空间并行关注不同模式。')).toBe(true);
    expect(found.questions[1]?.answerFirstLine).toBe(22);
  });

  it('a numbered question answers with its continuation lines and its tab-indented points', () => {
    const found = find(fixture('numbered.md'));
    expect(answerOf(found, found.questions[0])).toBe(
      '因为decoder-only结构在没有微调数据时zero-shot表现最好。\n而encoder-decoder需要多任务微调才能激发最佳性能。',
    );
    const points = answerOf(found, found.questions[2]);
    expect(points?.startsWith('使用消息队列来缓冲高峰压力')).toBe(true);
    expect(points?.endsWith('设置每秒请求上限')).toBe(true);
  });

  it('an inline Q：A line answers with its A part; a 问 line with the lines up to the next question', () => {
    const found = find(fixture('inline-qa.md'));
    expect(answerOf(found, found.questions[0])).toBe('A：缓存历史 token 的 K 和 V，避免重复计算。');
    expect(answerOf(found, found.questions[1])).toContain('答：新 token 的 Q 只用一次');
    expect(answerOf(found, found.questions[1])).toContain('Q 的计算量很小。');
    expect(answerOf(found, found.questions[2])).toBe('A: The smallest set of tokens whose probability adds up to p.');
  });

  it('a heading that writes its answer after a colon answers with the rest of its line', () => {
    const found = find(
      '## 题库\n\n## L1 和 L2正则化差别：L1 让参数稀疏，L2 让参数变小\n\n## MOE为什么比dense难训练\n路由和专家的目标冲突。\n',
    );
    expect(found.questions.map((q) => [q.text, q.line, q.answerFirstLine, q.answerLastLine])).toEqual([
      ['L1 和 L2正则化差别', 3, 3, 3],
      ['MOE为什么比dense难训练', 5, 6, 6],
    ]);
    expect(answerOf(found, found.questions[0])).toBe('L1 让参数稀疏，L2 让参数变小');
  });

  it('bare topics among headings that mostly ask are questions to be answered; a bare statement is not', () => {
    const found = find(
      '## 摘要生成模型怎么训练\n## 位置编码：RoPE、ALiBi、YaRN\n## flashattention V1、V2\n## sigmoid为什么会导致梯度消失\n## KL散度和交叉熵的差别\n## 注意：这一节还没有整理完，先跳过。\n',
    );
    expect(found.questions.map((q) => [q.text, q.answer])).toEqual([
      ['摘要生成模型怎么训练', null],
      ['位置编码：RoPE、ALiBi、YaRN', null],
      ['flashattention V1、V2', null],
      ['sigmoid为什么会导致梯度消失', null],
      ['KL散度和交叉熵的差别', null],
    ]);
  });

  it('a question with nothing under it is to be answered: no answer, no answer lines', () => {
    const found = find('## 题库\n\n### 为什么 decode 是 memory-bound？\n\n### 如何估算 KV cache？\n\n按层数、头数和长度相乘。\n');
    expect(found.questions.map((q) => [q.text, q.answer === null, q.answerFirstLine, q.answerLastLine])).toEqual([
      ['为什么 decode 是 memory-bound？', true, null, null],
      ['如何估算 KV cache？', false, 7, 7],
    ]);
  });
});

describe('findQuestions: line numbers as on disk', () => {
  it('counts front matter lines and the blank lines the list pass inserts', () => {
    // `3.` right under a paragraph makes normalizeEnumerations insert a blank line before it.
    const source =
      '---\ntitle: 行号\ntags: [a]\n---\n前言一句话\n3. 为什么要做 warmup？\n学习率从小到大。\n4. 如何选择 batch size？\n\t1.看显存\n\t2.看收敛\n';
    const found = find(source);
    expect(found.questions.map((q) => [q.text, q.line, q.answerFirstLine, q.answerLastLine])).toEqual([
      ['为什么要做 warmup？', 6, 7, 7],
      ['如何选择 batch size？', 8, 9, 10],
    ]);
  });

  it('counts JSON front matter, and no front matter, alike', () => {
    const json = find('---\n{"title": "x"}\n---\n### 为什么要归一化？\n因为分布漂移。\n');
    expect([json.questions[0]?.line, json.questions[0]?.answerFirstLine]).toEqual([4, 5]);
    const none = find('### 为什么要归一化？\n因为分布漂移。\n');
    expect([none.questions[0]?.line, none.questions[0]?.answerFirstLine]).toEqual([1, 2]);
  });
});

describe('findQuestions: context for elliptical prompts', () => {
  it('`19.如何提高` under `18.大模型服务吞吐率太小怎么办` carries its parent question', () => {
    const found = find(fixture('numbered.md'));
    const elliptical = found.questions.find((q) => q.text === '如何提高');
    expect(elliptical?.context).toEqual(['大模型服务吞吐率太小怎么办']);
    expect(found.questions.find((q) => q.text === '如何优化rag')?.context).toEqual([]);
  });

  it('a note of `#` questions asks with every one of them; a single `#` is the title', () => {
    const many = find('# 为什么要用 RoPE？\n相对位置。\n\n# 如何外推？\nNTK 缩放。\n');
    expect(texts(many)).toEqual(['为什么要用 RoPE？', '如何外推？']);
    const one = find('# 为什么要用 RoPE？\n相对位置。\n');
    expect(one.questions).toEqual([]);
  });

  it('heading questions carry their parent headings, never the note title', () => {
    const found = find('# LLM 复读机\n\n## LLM复读机，口吃\n\n### 原因\n训练数据重复。\n\n### 怎么解决\n加重复惩罚。\n');
    expect(found.questions.map((q) => [q.text, q.context])).toEqual([
      ['原因', ['LLM复读机，口吃']],
      ['怎么解决', ['LLM复读机，口吃']],
    ]);
  });
});

describe('findQuestions: look-alikes are never questions', () => {
  it('front matter, the note title, callouts, category and reference headings, TODO and punctuation-only headings', () => {
    const found = find(fixture('heading-bank.md'));
    const all = texts(found).join('\n');
    expect(all).not.toContain('为什么要缩放'); // front matter and the callout
    expect(all).not.toContain('面试题库'); // the title
    expect(all).not.toContain('题库\n');
    expect(all).not.toContain('TODO');
    expect(all).not.toContain('？？？');
    expect(all).not.toContain('Attention Is All You Need');
    expect(found.questions.every((q) => q.context.join() === '题库')).toBe(true);
  });

  it('an example question quoted inside an answer stays part of the answer', () => {
    const found = find(fixture('heading-bank.md'));
    expect(texts(found)).not.toContain('为什么头之间有冗余？');
    expect(answerOf(found, found.questions[1])).toContain('为什么头之间有冗余？');
  });

  it('a numbered topic with an answer is a question when a numbered item under the same heading asks, before or after it', () => {
    const note = [
      '# 笔记',
      '',
      '## 部署',
      '',
      '1. KV cache',
      '   缓存每层的 K 和 V。',
      '2. 为什么要量化？',
      '   省显存。',
      '',
      '## 训练',
      '',
      '1. 数据配比',
      '   按领域混合。',
      '',
      '## 推理',
      '',
      '1. 投机解码',
      '   小模型先猜。',
      '2. 如何选草稿模型',
      '',
    ].join('\n');
    expect(find(note).questions.map((q) => q.text)).toEqual(['KV cache', '为什么要量化？', '投机解码', '如何选草稿模型']);
  });

  it('numbered answer points, link items and TODO items are not questions', () => {
    const found = find(fixture('numbered.md'));
    const all = texts(found).join('\n');
    expect(all).not.toContain('增加数据多样性');
    expect(all).not.toContain('使用投机采样');
    expect(all).not.toContain('github.com');
    expect(all).not.toContain('TODO');
  });

  it('statements in bullets (a comma clause, a label and colon, a checkbox, a link) are not questions', () => {
    const found = find(fixture('bare-bullets.md'));
    const all = texts(found).join('\n');
    for (const lookAlike of ['原理简单', '为什么它有效', '优点', '整理 MoE', 'FlashAttention']) expect(all).not.toContain(lookAlike);
  });

  it('Q lines inside a callout, and a Q with no words, are not questions', () => {
    const found = find(fixture('inline-qa.md'));
    expect(texts(found).join('\n')).not.toContain('RMSNorm');
    expect(texts(found)).not.toContain('TODO');
  });

  it('link titles with no answer are references, not questions', () => {
    const found = find(
      '## 延伸\n\n### [为什么大模型会说胡话？](https://www.zhihu.com/question/1)\n\n### 为什么会有幻觉？\n\n- [如何解决幻觉？](https://example.com/a)\n- 数据噪声\n',
    );
    expect(texts(found)).toEqual(['为什么会有幻觉？']);
    expect(answerOf(found, found.questions[0])).toBe('如何解决幻觉？\n数据噪声');
    const list = find('## 其他\n\n- [如何解决幻觉？](https://example.com/a)\n- [RAG 是什么？](https://example.com/b)\n');
    expect(list.questions).toEqual([]);
  });

  it('a heading whose children ask names a category, even when it asks itself', () => {
    const found = find('# PEFT\n\n## 为什么需要 PEFT\n\n### 全参数微调有什么问题？\n显存和存储。\n');
    expect(texts(found)).toEqual(['全参数微调有什么问题？']);
  });

  it('a bare topic in a list where fewer than half the items ask stays text', () => {
    const found = find('## 笔记\n\n- 为什么要归一化？\n- 残差连接\n- 位置编码\n- 优点：稳定\n');
    expect(texts(found)).toEqual(['为什么要归一化？']);
  });

  it('an expository note with headings but no questions gives no cards', () => {
    const found = find('# 归一化\n\n## 背景\n\n归一化让训练更稳定。\n\n## 公式\n\n$$y=x/\\sigma$$\n\n1. 先求均值\n2. 再求方差\n');
    expect(found.questions).toEqual([]);
  });
});

describe('findQuestions: bad input', () => {
  it('a thousand numbered questions and a 10,000-character question heading are all found', () => {
    const items = Array.from({ length: 1000 }, (_, n) => `${n + 1}. 为什么第 ${n} 个问题重要？\n因为第 ${n} 个答案。\n`).join('\n');
    const long = `### 为什么${'长'.repeat(10_000)}？\n答。\n`;
    const numbered = find(items);
    expect(numbered.questions).toHaveLength(1000);
    expect([numbered.questions[999]?.line, numbered.questions[999]?.answerFirstLine, numbered.questions[999]?.answerLastLine]).toEqual([
      2998, 2999, 2999,
    ]);
    const heading = find(long);
    expect(heading.questions).toHaveLength(1);
    expect(heading.questions[0]?.text).toHaveLength(10_004);
  });

  it('an empty note and a note of only front matter have no questions', () => {
    expect(find('').questions).toEqual([]);
    expect(find('---\ntitle: 为什么？\n---\n').questions).toEqual([]);
  });
});

describe('findQuestions: where each question sits in the projection', () => {
  for (const name of ['heading-bank', 'numbered', 'gqa-units', 'inline-qa', 'bare-bullets', 'mixed-blind']) {
    it(`${name}.md: each span holds its question's text and ends before its answer`, () => {
      const found = find(fixture(`${name}.md`));
      expect(found.questions.length).toBeGreaterThan(0);
      for (const q of found.questions) {
        const quoted = found.text.slice(q.span.start, q.span.end);
        expect(quoted.trim()).toBe(quoted);
        // The span is the question as written: numbering and Q：-markers stay, so the text the card shows is inside it.
        expect(quoted.replace(/\s+/g, ' ')).toContain(q.text.replace(/\s+/g, ' ').slice(0, 8));
        if (q.answer) expect(q.span.start).toBeLessThanOrEqual(q.answer.start);
      }
    });
  }
});
