import { describe, expect, it } from 'vitest';
import { parseMarkdown, renderMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';

/*
 * Fixtures written in the styles of real interview notes: one thought per
 * line with labels (`其他：…`), pasted references, and paragraphs an editor
 * hard-wrapped mid-sentence. Every case is checked in the reader's HTML and in
 * the text projection (search, annotations, sheets), which must agree.
 */

const textOf = (markdown: string): string => projectTokens(parseMarkdown(markdown)).text;
/** The reader's HTML as plain lines: `<br>` and a new paragraph start a line; tags and the source's own newlines do not. */
const shownLines = (markdown: string): string[] =>
  renderMarkdown(markdown)
    .replace(/<br>\n|<\/p>\n<p>/g, '\u0000')
    .replace(/<[^>]+>/g, '')
    .replace(/\n$/, '')
    .replace(/\n/g, ' ')
    .split('\u0000')
    .map((line) => line.trim());

/** The author's lines stay lines, in the reader and in the projection. */
function expectApart(markdown: string, lines = markdown.split('\n')): void {
  expect(shownLines(markdown)).toEqual(lines);
  expect(textOf(markdown)).toBe(lines.join('\n'));
}

/** A hard-wrapped paragraph reads as one line, joined as `expected` says. */
function expectJoined(markdown: string, expected: string): void {
  expect(shownLines(markdown)).toEqual([expected]);
  expect(textOf(markdown)).toBe(expected);
}

describe('lines the author kept apart stay apart', () => {
  it('keeps a question apart from the label line that answers it, though the question is long', () => {
    expectApart(
      '在 Transformer 模型（特别是大语言模型）的推理过程中，Prefill 和 Decoding 是自回归生成（Autoregressive Generation）的两个关键阶段\n' +
        'prefill阶段：Prefill（预填充）是指在生成任务开始前，模型一次性处理完整的输入序列。',
    );
  });

  it('keeps a line that lists terms apart from the next label', () => {
    expectApart(
      '服务并发优化：continues batching、dynamic batching、async serveing\n其他：投机采样、medusa heads、lookahead decoding、eagle',
    );
  });

  it('keeps a long line apart from a next line that opens with a label, Chinese or English', () => {
    expectApart(
      '如何降低推理延时：权重+激活量化，比如GPU利用率有空余，可以采用投机采样（小模型猜测+大模型验证）；访存优化：flashattention\n' +
        '如何提高模型的并发数：1. batch_size增加；业务允许的情况下做水平扩展',
    );
    expectApart(
      '降低推理延时：优化单个请求的体验；提高并行度，但对每个请求可能会导致10%-30%左右的延时增加\ncontinuous batching：LLM场景下不能假定请求的输入序列长度',
    );
    expectApart(
      '为什么有了奖励模型还需要value model：根据贝尔曼方程，RL中需要一个对句子未来收益的预估\npg_loss 和 value_loss：pg_loss 是policy model的损失',
    );
  });

  it('keeps a line that starts with bold apart from the sentence before it', () => {
    const markdown =
      '幻觉定义为：内在幻觉（生成内容与源数据相互矛盾）；外在幻觉（生成内容无法从源数据中进行验证，可能正确或者错误）\n**幻觉的原因**';
    expectApart(markdown, [
      '幻觉定义为：内在幻觉（生成内容与源数据相互矛盾）；外在幻觉（生成内容无法从源数据中进行验证，可能正确或者错误）',
      '幻觉的原因',
    ]);
    expect(renderMarkdown(markdown)).toContain('可能正确或者错误）<br>\n<strong>幻觉的原因</strong>');
  });

  it('keeps a line that starts with italics apart, even after a long line with commas', () => {
    expectApart(
      '*修改prompt*：不要求时效性前提下，比如对输出的关键词有要求、对人设遵循能力、一致性等啊啊啊啊啊啊\n*模型微调*：成本比较高',
      ['修改prompt：不要求时效性前提下，比如对输出的关键词有要求、对人设遵循能力、一致性等啊啊啊啊啊啊', '模型微调：成本比较高'],
    );
  });

  it('keeps two short English lines apart (`Accuracy` then `TODO`)', () => {
    expectApart('Accuracy\nTODO');
    expectApart('BLEU\nROUGE\nperplexity');
  });

  it('keeps a bare URL on its own line, before and after', () => {
    expectApart('https://zhuanlan.zhihu.com/p/636784644\nllama1 使用多头注意力机制(MHA), llama2,llama3 使用分组查询注意力机制(GQA)');
    expectApart(
      '为什么大模型会「说胡话」？如何解决大模型的「幻觉」问题？ - 平凡的回答 - 知乎\nhttps://www.zhihu.com/question/635776684/answer/3336439291',
    );
    expectApart('https://arxiv.org/abs/2305.13245\nGQA: Training Generalized Multi-Query Transformer Models');
  });

  it('keeps a date apart from the URL that follows it', () => {
    expectApart('2024-03-01\nhttps://example.com/posts/kv-cache');
    expectApart('2024年3月1日 读过的文章，讲的是分组查询注意力和多查询注意力之间的取舍\nhttps://example.com/posts/gqa');
  });

  it('keeps an image on its own line apart from the sentence before it', () => {
    const markdown =
      '高效微调粗略分为三类：加额外参数 A + 选取一部分参数更新 S + 引入重参数化 R\n![finetune](https://pic.example.com/f.webp)';
    expect(renderMarkdown(markdown)).toContain('引入重参数化 R<br>\n<span class="image-placeholder"');
    expect(textOf(markdown)).toBe('高效微调粗略分为三类：加额外参数 A + 选取一部分参数更新 S + 引入重参数化 R\nfinetune');
  });

  it('keeps a line that starts with a number or a circled number apart', () => {
    // In a quote the list rewrite does not apply: `2.强化学习` stays a line of the paragraph.
    const first = '主要是防止ref模型采样到的生成文本超出了奖励模型的判断范围，经过冷启动数据微调之后就可以';
    for (const second of ['2.强化学习可以采样构造出无限的样本', '②强化学习可以采样构造出无限的样本', '3、奖励模型来判断好坏']) {
      expectApart(`> ${first}\n> ${second}`, [first, second]);
    }
  });

  it('keeps wikilinks on their own lines apart', () => {
    expectApart('相关笔记：\n[[rlhf-pipeline]]\n[[dpo-notes]]', ['相关笔记：', 'rlhf-pipeline', 'dpo-notes']);
  });

  it('keeps a long line that ends with a closing bracket apart', () => {
    expectApart(
      'llama1 使用多头注意力机制(MHA), llama2,llama3 使用分组查询注意力机制(GQA)\n自回归模型生成回答时，需要前面生成的KV缓存起来',
    );
    expectApart(
      '所以使用continuous batching迭代调度（当一个序列出现一个结束生成的标记，就可以在这个序列后面插入新的序列）\n服务上也需要根据是不是流式输出来进行优化。',
    );
  });

  it('keeps an example that opens a new sentence apart from the long line before it', () => {
    expectApart(
      '主要是方式ref模型采样到的生成文本超出了奖励模型的判断范围，经过冷启动数据微调之后可以保障在分布范围之内\n比如 r1-zero，没有经过冷启动，就RL之后出现了可读性差的问题',
    );
  });

  it('keeps short lines and lines that end a sentence apart, as before', () => {
    expectApart('泛化能力：对没见过的数据也能预测\n提高方法：');
    expectApart(
      '这样的计算效率是很低的，因为每次计算都是重复的计算。为了提高计算效率，提出了KV Cache和MQA。\n虽然相比原本的multi head方法降低了参数，但同时也会导致精度降低',
    );
  });
});

describe('lines an editor wrapped mid-sentence still join', () => {
  it('joins Chinese with nothing between (`…则` + `需要…` reads `则需要`)', () => {
    expectJoined(
      '因为decoder-only结构模型在没有任何微调数据的情况下，zero-shot的表现能力最好。而encoder-decoder则\n需要在一定量的标注数据上做multitask-finetuning才能够激发最佳性能。',
      '因为decoder-only结构模型在没有任何微调数据的情况下，zero-shot的表现能力最好。而encoder-decoder则需要在一定量的标注数据上做multitask-finetuning才能够激发最佳性能。',
    );
  });

  it('joins a word cut in two, and a line that ends with a comma', () => {
    expectJoined(
      '很显然zero-shot性能更好的decoder-only架构在大规模语料上做自监督学习的时候更能发挥作用，所以decoder-only架\n构才能更好的利用这些无标注的数据。',
      '很显然zero-shot性能更好的decoder-only架构在大规模语料上做自监督学习的时候更能发挥作用，所以decoder-only架构才能更好的利用这些无标注的数据。',
    );
    expectJoined(
      '故提出了位置编码来解决这个问题，表达的是绝对位置信息，同时包含相对位置信息。但是经过后续的self-attention，\n相对位置信息消失。',
      '故提出了位置编码来解决这个问题，表达的是绝对位置信息，同时包含相对位置信息。但是经过后续的self-attention，相对位置信息消失。',
    );
  });

  it('joins with a space between Latin words', () => {
    expectJoined(
      '在理论上因为Encoder的双向注意力会存在低秩的问题，就生成任务而言，引入双向注意力并无实质的好处。而Encoder\ndecoder模型架构之所以能够表现更好',
      '在理论上因为Encoder的双向注意力会存在低秩的问题，就生成任务而言，引入双向注意力并无实质的好处。而Encoder decoder模型架构之所以能够表现更好',
    );
  });

  it('joins English prose that wraps before an italic title', () => {
    expectJoined(
      'The encoder-decoder design and its attention were introduced by the paper\n*Attention Is All You Need* in 2017.',
      'The encoder-decoder design and its attention were introduced by the paper Attention Is All You Need in 2017.',
    );
  });

  it('joins English prose with a space, short lines included', () => {
    expectJoined('English words\nhere', 'English words here');
    expectJoined(
      'Grouped-query attention shares each key and value head among a group\nof query heads, which keeps quality close to multi-head attention.',
      'Grouped-query attention shares each key and value head among a group of query heads, which keeps quality close to multi-head attention.',
    );
  });

  it('does not mistake a URL scheme, a time or a ratio in a wrapped line for a label', () => {
    expectJoined(
      'The paper compares several ways to share the key and value heads, see the\nratio 8:1 used by the largest model.',
      'The paper compares several ways to share the key and value heads, see the ratio 8:1 used by the largest model.',
    );
  });
});

describe('agreement', () => {
  it('gives the HTML and the projection the same lines on a whole note in these styles', () => {
    const note = [
      '归纳为6类：分布式优化、低比特优化、算子优化、访存优化、服务并发优化、其他',
      '分布式优化：通信层面的优化（TP、DP、PP + nccl通信优化）',
      '访存优化：减少gpu对hbm的读写（flashattention）',
      '其他：投机采样、medusa heads、lookahead decoding、eagle',
      '',
      '因为decoder-only结构模型在没有任何微调数据的情况下，zero-shot的表现能力最好。而encoder-decoder则',
      '需要在一定量的标注数据上做multitask-finetuning才能够激发最佳性能。',
    ].join('\n');
    expect(shownLines(note).join('\n')).toBe(textOf(note));
    expect(textOf(note).split('\n')).toHaveLength(5);
  });
});
