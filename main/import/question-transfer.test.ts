import { describe, expect, it } from 'vitest';
import { buildNoteContent } from './note-content.js';
import type { ParseResult } from './parse-file.js';
import { fromWire, toWire } from './question-transfer.js';

// Every question form, with and without an answer, a context path, an
// elliptical prompt (no key), and a front matter that shifts every line.
const NOTE = `---
tags: [rag]
---
# RAG 复习

## 检索

### 为什么要重排？

召回的候选太多，**重排**用交叉编码器打分。

## 吞吐

1. 大模型服务吞吐率太小怎么办
continuous batching，$b \\cdot L$ 的 KV cache。
2. 如何提高
量化与投机解码。

## 待答

- 如何优化rag
- 讲解一下 BM25 和向量检索的区别

## 速记

Q：什么是 HyDE？ A：先生成假设答案再检索。
`;

describe('questions crossing from the parse worker', () => {
  it('arrive exactly as found, with their card fields', () => {
    const result: ParseResult = { kind: 'parsed', content: buildNoteContent(Buffer.from(NOTE), 'rag.md') };
    const { questions, cardFields } = result.kind === 'parsed' ? result.content : { questions: [], cardFields: [] };
    expect(questions.map((question) => question.kind)).toEqual(['heading', 'numbered', 'numbered', 'bullet', 'bullet', 'inline']);
    expect(questions.some((question) => question.answer === null)).toBe(true);
    expect(questions.some((question) => question.context.length > 1)).toBe(true);
    expect(cardFields.some((fields) => fields.key === null)).toBe(true);

    const wire = toWire(result);
    expect(wire.kind === 'parsed' && wire.content.packedQuestions.numbers).toBeInstanceOf(Int32Array);
    // As postMessage copies it.
    expect(fromWire(structuredClone(wire))).toEqual(result);
  });

  it('leave other results alone', () => {
    const failed: ParseResult = { kind: 'failed', error: 'cannot be read: EACCES' };
    expect(fromWire(toWire(failed))).toEqual(failed);
    expect(fromWire(toWire({ kind: 'unchanged' }))).toEqual({ kind: 'unchanged' });
  });
});
