import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { importPaths } from '../import/import-notes.js';
import { MAX_PLACES_PER_NOTE } from '../search/hits.js';
import { annotationHandlers } from './annotations.js';
import { conceptHandlers } from './concepts.js';
import { createContext } from './context.js';
import type { AppContext } from './context.js';
import type { ApiArgs, SearchHit } from './contract.js';
import { searchHandlers } from './search.js';

/**
 * Search shows every place: real SQLite, notes through the real importer.
 * The interview note is written the way many people keep them: no headings,
 * YAML front matter with odd keys, top-level numbered items (`16.KV缓存…`, no
 * space after the number, `11、` enumerations) whose answers are tab-indented
 * lines — each item is a section of its own.
 */

const INTERVIEW = `---
layout: post
title: interview_note
tags: [note]
data: 2025-04-11 18:01 +0800
---
1. 为什么大模型大部分是decoder only
因为decoder-only结构模型在没有任何微调数据的情况下，zero-shot的表现能力最好。

8.llama如何优化注意力机制的计算的
自回归模型生成回答时，需要前面生成的KV缓存起来，来加速计算。

11、如何优化rag
\t1.优化模型，使用更加大的模型

14.transformer中为什么对KV进行缓存
transformer中文本是逐个生成的，需要使用之前的每个KV，这样可以不用计算，直接读取

16.KV缓存有什么问题
\t超长序列时，kv缓存占用显存过大

17.如何解决kv缓存占用过大问题
\t量化kv

18.大模型服务吞吐率太小怎么办
\t1. 降低模型的推理延迟
`;

const NOTES: Record<string, string> = {
  'interview_note.md': INTERVIEW,
  'attention.md': [
    '# 自注意力',
    '',
    '## 为什么要缩放',
    '',
    '点积的方差是 $d_k$，所以除以 $\\sqrt{d_k}$：$\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V$。',
    '',
    '## 为什么 $QK^\\top$ 要除以 $\\sqrt{d_k}$',
    '',
    '否则方差随维度增长。',
    '',
    '## 复杂度',
    '',
    '注意力矩阵是 $n\\times n$ 的，显存随长度平方增长。',
    '',
  ].join('\n'),
  'many.md': [
    '# 缓存大全',
    '',
    ...Array.from({ length: 12 }, (_, i) => `## 第 ${i + 1} 种 KV 缓存\n\n这一种 KV 缓存的做法 ${i + 1}。\n`),
  ].join('\n'),
};

let work: string;
let store: Store;
let ctx: AppContext;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-search-places-'));
  mkdirSync(join(work, 'notes'));
  for (const [name, content] of Object.entries(NOTES)) writeFileSync(join(work, 'notes', name), content);
  store = openStore(join(work, 'lattice.db'));
  ctx = createContext(store, work);
  expect(importPaths(store, [join(work, 'notes')]).failed).toEqual([]);
});

afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

async function search(q: string, extra: Partial<ApiArgs<'search.query'>> = {}): Promise<SearchHit[]> {
  const entry = searchHandlers(ctx)['search.query'];
  return (await entry.run(entry.schema.parse({ q, limit: 50, ...extra }))).hits;
}

const noteIdOf = (title: string): number => ctx.notes.list().find((n) => n.title === title)?.id ?? -1;

describe('every matching section of a note is a hit, under its note', () => {
  it('KV 缓存 finds each numbered item that holds it, in reading order, together', async () => {
    const id = noteIdOf('interview_note');
    const hits = await search('KV 缓存', { kinds: ['note', 'section'] });
    const mine = hits.filter((h) => h.noteId === id);
    expect(mine.map((h) => h.title)).toEqual([
      'llama如何优化注意力机制的计算的',
      'transformer中为什么对KV进行缓存',
      'KV缓存有什么问题',
      '如何解决kv缓存占用过大问题',
    ]);
    expect(mine.every((h) => h.kind === 'section' && h.noteTitle === 'interview_note')).toBe(true);
    // Together: no other note's hit falls between two places of one note.
    const first = hits.findIndex((h) => h.noteId === id);
    expect(hits.slice(first, first + mine.length).every((h) => h.noteId === id)).toBe(true);
    // Each place opens at its own match, and its snippet marks the words there.
    const text = ctx.notes.get(id)?.text ?? '';
    for (const hit of mine) expect(text.slice(hit.match?.start, hit.match?.end).toLowerCase()).toMatch(/^(kv|缓存)$/);
    expect(mine[2]?.snippet).toBe('超长序列时，<mark>kv</mark><mark>缓存</mark>占用显存过大');
    expect(new Set(mine.map((h) => h.sectionSlug)).size).toBe(4);
  });

  it('the words joined (kv缓存) are a phrase: the places where they stand together', async () => {
    const id = noteIdOf('interview_note');
    const joined = (await search('kv缓存', { kinds: ['section'] })).filter((h) => h.noteId === id).map((h) => h.title);
    expect(joined).toEqual(['llama如何优化注意力机制的计算的', 'KV缓存有什么问题', '如何解决kv缓存占用过大问题']);
  });

  it('a section holding only some of the words is not a place', async () => {
    const kvOnly = (await search('KV 读取', { kinds: ['section', 'note'] })).filter((h) => h.noteId === noteIdOf('interview_note'));
    expect(kvOnly.map((h) => h.title)).toEqual(['transformer中为什么对KV进行缓存']);
  });

  it(`lists at most ${MAX_PLACES_PER_NOTE} places of one note, those naming the query in their heading first`, async () => {
    const id = noteIdOf('缓存大全');
    const mine = (await search('KV 缓存')).filter((h) => h.noteId === id);
    // The note's title names 缓存 but not KV: its sections that name both are its places.
    expect(mine.filter((h) => h.kind === 'section')).toHaveLength(MAX_PLACES_PER_NOTE);
    expect(mine.filter((h) => h.kind === 'section').map((h) => h.title)).toEqual(
      Array.from({ length: MAX_PLACES_PER_NOTE }, (_, i) => `第 ${i + 1} 种 KV 缓存`),
    );
    // The rest are counted on the last place shown, and searching the note lists every one.
    expect(mine.map((h) => h.morePlaces ?? 0)).toEqual([
      ...Array.from({ length: MAX_PLACES_PER_NOTE - 1 }, () => 0),
      12 - MAX_PLACES_PER_NOTE,
    ]);
    expect((await search('KV 缓存', { noteId: id })).filter((h) => h.title.includes('KV 缓存'))).toHaveLength(12);
  });

  it('a note whose title answers the query is one note hit, then its sections whose headings name it', async () => {
    const id = noteIdOf('缓存大全');
    const mine = (await search('缓存')).filter((h) => h.noteId === id);
    expect(mine[0]).toMatchObject({ kind: 'note', title: '缓存大全' });
    // Its snippet shows where the word is used, not the title again.
    expect(mine[0]?.snippet.startsWith('第 1 种 KV <mark>缓存</mark>')).toBe(true);
    expect(mine.slice(1).every((h) => h.kind === 'section' && h.title.includes('缓存'))).toBe(true);
  });
});

describe('a concept named by the query', () => {
  it('ranks first when its name or an alias is the query, however the words are spaced or cased', async () => {
    const concepts = conceptHandlers(ctx);
    const named = await concepts['concepts.create'].run({ name: 'KV Cache', aliases: ['KV 缓存'], definition: '缓存已算过的 K、V。' });
    const longer = await concepts['concepts.create'].run({
      name: 'KV 缓存量化',
      definition: '把 KV 缓存压到 int8，KV 缓存省一半，KV 缓存。',
    });
    for (const q of ['KV 缓存', 'kv缓存', 'kv cache', 'KV Cache']) {
      const hits = await search(q);
      expect(hits[0]).toMatchObject({ kind: 'concept', conceptId: named.id, isExactName: true });
      expect(hits.slice(1).some((h) => h.isExactName)).toBe(false);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    }
    const viaConcepts = await search('KV 缓存', { kinds: ['concept'] });
    expect(viaConcepts.map((h) => h.conceptId)).toEqual([named.id, longer.id]);
    // A part of a name is not the name: no concept comes first for KV alone or for a prefix.
    expect((await search('KV')).some((h) => h.isExactName)).toBe(false);
    expect((await search('KV 缓')).some((h) => h.isExactName)).toBe(false);
    expect((await search('KV OR 缓存')).some((h) => h.isExactName)).toBe(false);
  });
});

describe('snippets show formulas readable', () => {
  it('n\\times n reads n×n, \\sqrt{d_k} reads √d_k, and searching by TeX still finds and marks them', async () => {
    const id = noteIdOf('自注意力');
    const [size] = (await search('显存', { kinds: ['section'] })).filter((h) => h.noteId === id);
    expect(size?.snippet).toBe('注意力矩阵是 n×n 的，<mark>显存</mark>随长度平方增长。');

    const bySqrt = (await search('\\sqrt{d_k}')).filter((h) => h.noteId === id);
    expect(bySqrt.map((h) => h.title)).toEqual(['为什么要缩放', '为什么 QKᵀ 要除以 √d_k']);
    expect(bySqrt[0]?.snippet).toBe('点积的方差是 d_k，所以除以 <mark>√d_k</mark>：softmax(QKᵀ/<mark>√d_k</mark>)V。');
    const byDk = (await search('d_k')).filter((h) => h.noteId === id);
    expect(byDk[0]?.snippet).toBe('点积的方差是 <mark>d_k</mark>，所以除以 √<mark>d_k</mark>：softmax(QKᵀ/√<mark>d_k</mark>)V。');
    expect(byDk[0]?.snippet).not.toContain('\\');
  });

  it('a highlight of a formula reads as math in its hit, title and snippet', async () => {
    const noteId = noteIdOf('自注意力');
    const text = ctx.notes.get(noteId)?.text ?? '';
    const start = text.indexOf('除以');
    const end = text.indexOf('V', text.indexOf('softmax')) + 1;
    const created = await annotationHandlers(ctx)['annotations.create'].run({ noteId, start, end, comment: '面试必背' });
    const [byComment] = await search('必背', { kinds: ['annotation'] });
    expect(byComment).toMatchObject({ annotationId: created.id, title: '除以 √d_k：softmax(QKᵀ/√d_k)V' });
    const [byQuote] = await search('除以', { kinds: ['annotation'] });
    expect(byQuote?.snippet).toBe('<mark>除以</mark> √d_k：softmax(QKᵀ/√d_k)V');
  });

  it('a heading with formulas reads as math in the hit and in the paths below it', async () => {
    const [hit] = (await search('方差 增长', { kinds: ['section'] })).filter((h) => h.noteId === noteIdOf('自注意力'));
    expect(hit).toMatchObject({ title: '为什么 QKᵀ 要除以 √d_k', sectionPath: ['自注意力', '为什么 QKᵀ 要除以 √d_k'] });
    const inNote = await search('方差 增长', { noteId: noteIdOf('自注意力') });
    expect(inNote.map((h) => h.title)).toContain('为什么 QKᵀ 要除以 √d_k');
  });

  it('searching in one note shows its formulas readable too', async () => {
    const hits = await search('缩放', { noteId: noteIdOf('自注意力') });
    expect(hits[0]?.snippet).toContain('softmax(QKᵀ/√d_k)V');
  });
});

describe('a note named by the query', () => {
  it('is one note hit, not also a hit for its top heading', async () => {
    const hits = (await search('自注意力')).filter((h) => h.noteId === noteIdOf('自注意力'));
    expect(hits.map((h) => [h.kind, h.title])).toEqual([['note', '自注意力']]);
  });
});
