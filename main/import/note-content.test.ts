import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoteFileError } from './decode.js';
import { buildNoteContent, contentHash } from './note-content.js';

const fixtureBytes = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const build = (text: string, notePath = 'note.md'): ReturnType<typeof buildNoteContent> =>
  buildNoteContent(new TextEncoder().encode(text), notePath);

describe('titles', () => {
  it('takes the front matter title over the first H1', () => {
    expect(build('---\ntitle: 属性里的标题\n---\n# 正文标题').title).toBe('属性里的标题');
  });

  it('takes the first H1 over a permalink', () => {
    expect(build('---\n{"permalink":"/llm/rag/"}\n---\n## 二级\n\n# 第一个一级标题\n\n# 第二个').title).toBe('第一个一级标题');
  });

  it('takes the last segment of a permalink when there is no title or H1', () => {
    expect(build('---\n{"dg-publish":true,"permalink":"/llm/rag/"}\n---\n正文').title).toBe('rag');
  });

  it('falls back to the file name', () => {
    expect(build('没有标题的笔记', 'llm/face_llm_note.md').title).toBe('face_llm_note');
  });

  it('uses the H1 text as a reader sees it (formatting and formulas flattened)', () => {
    expect(build('# **Softmax** 与 $\\sqrt{d_k}$').title).toBe('Softmax 与 \\sqrt{d_k}');
  });
});

describe('fixtures as a reader would get them', () => {
  it('odd YAML with `data:` and numbered questions', () => {
    const note = buildNoteContent(fixtureBytes('odd-yaml-questions.md'), 'odd-yaml-questions.md');
    expect(note.title).toBe('大模型面试速记');
    expect(note.frontMatter).toEqual({ layout: 'post', title: '大模型面试速记', tags: ['note'], data: '2025-03-02 09:30 +0800' });
    expect(note.tags).toEqual(['note']);
    expect(note.sections).toHaveLength(5);
    expect(note.warnings).toEqual([]);
    expect(note.text.startsWith('为什么现在的大模型多是decoder-only\n')).toBe(true);
    expect(note.source.startsWith('---\nlayout: post\n')).toBe(true);
  });

  it('JSON front matter, callouts, wikilinks and a table', () => {
    const note = buildNoteContent(fixtureBytes('digital-garden.md'), 'llm/peft-lora.md');
    expect(note.title).toBe('peft-lora');
    expect(note.tags).toEqual(['peft', 'lora']);
    expect(note.frontMatter).toEqual({ 'dg-publish': true, permalink: '/llm/peft-lora/', tags: ['peft', 'lora'] });
    expect(note.links.map((l) => `${l.kind}:${l.target}`)).toEqual([
      'wikilink:rlhf-pipeline',
      'wikilink:peft-lora',
      'wikilink:transformer',
      'wikilink:lora-diagram',
    ]);
    expect(note.formulas.map((f) => f.tex)).toEqual(['\\Delta W = BA']);
    expect(note.text).toContain('一句话总结\nLoRA 在冻结的权重旁边加一个低秩更新 \\Delta W = BA。');
    expect(note.text).toContain('LoRA\t<1%\t合并后无');
  });

  it('CRLF + BOM: clean source, title from front matter, tags from a string', () => {
    const bytes = fixtureBytes('crlf-bom.md');
    const note = buildNoteContent(bytes, 'crlf-bom.md');
    expect(note.title).toBe('Windows 记事本笔记');
    expect(note.tags).toEqual(['记事本', 'windows']);
    expect(note.source).not.toMatch(/[\r\ufeff]/);
    expect(note.text).toBe('正文标题\n第一行\n第二行');
    expect(note.byteSize).toBe(bytes.byteLength);
    expect(note.sections).toEqual([
      { ord: 0, level: 1, title: '正文标题', slug: '正文标题', parentOrd: null, startOffset: 0, endOffset: 12 },
    ]);
  });

  it('fenced formulas and diagrams are counted', () => {
    expect(buildNoteContent(fixtureBytes('fenced-formulas.md'), 'a.md').formulas).toHaveLength(7);
    const qa = buildNoteContent(fixtureBytes('qa-headings.md'), 'b.md');
    expect(qa.formulas).toHaveLength(1);
    expect(qa.diagrams).toHaveLength(1);
  });
});

describe('warnings and failures', () => {
  it('collects decoding and front matter warnings together, and keeps the body', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('---\ntitle: [坏\n---\n正文'), 0xff]);
    const note = buildNoteContent(bytes, 'bad.md');
    expect(note.warnings).toHaveLength(2);
    expect(note.warnings[0]).toMatch(/^not valid UTF-8/);
    expect(note.warnings[1]).toMatch(/^front matter is not valid YAML/);
    expect(note.text).toBe('正文\ufffd');
    expect(note.title).toBe('bad');
  });

  it('refuses a binary file', () => {
    expect(() => buildNoteContent(Uint8Array.from([0x00, 0x01]), 'x.md')).toThrow(NoteFileError);
  });

  it('hashes the file bytes with sha256', () => {
    const bytes = fixtureBytes('crlf-bom.md');
    expect(contentHash(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(buildNoteContent(bytes, 'x.md').contentHash).toBe(contentHash(bytes));
  });
});

describe('questions', () => {
  const source =
    '---\ntitle: 面试题\n---\n# 面试题\n\n1. 为什么大模型大部分是decoder only\n因为训练效率高。\n\n11、如何优化rag\n先改检索。\n\n### 什么是 GQA？\n\n分组共享 KV。\n';

  it('come with the note, each with its file lines and its answer in the stored text', () => {
    const content = build(source);
    expect(content.questions.map((q) => [q.kind, q.text, q.line, q.answerFirstLine, q.answerLastLine])).toEqual([
      ['numbered', '为什么大模型大部分是decoder only', 6, 7, 7],
      ['numbered', '如何优化rag', 9, 10, 10],
      ['heading', '什么是 GQA？', 12, 14, 14],
    ]);
    const gqa = content.questions[2];
    expect(gqa?.answer && content.text.slice(gqa.answer.start, gqa.answer.end)).toBe('分组共享 KV。');
    expect(gqa && content.text.slice(gqa.span.start, gqa.span.end)).toBe('什么是 GQA？');
  });

  it('are plain data that survive the trip from the parse worker', () => {
    const content = build(source);
    expect(structuredClone(content.questions)).toEqual(content.questions);
  });

  it('are empty for a note that asks nothing', () => {
    expect(build('# 笔记\n\n只是一段说明。\n').questions).toEqual([]);
  });
});
