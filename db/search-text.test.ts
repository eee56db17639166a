import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BREAK_TOKEN, diagramLabels, foldFullWidth, indexText, registerSearchFunctions, wordPartsOf } from './search-text.js';

const B = BREAK_TOKEN;

/** The tokens the index sees, one space apart (white space is the tokenizer's to drop). */
const tokens = (text: string): string => indexText(text).split(/\s+/).filter(Boolean).join(' ');

describe('indexText', () => {
  it('spaces Han characters apart, also next to Latin words, and leaves Latin words whole', () => {
    expect(tokens('大模型幻觉')).toBe('大 模 型 幻 觉');
    expect(tokens('KV缓存和LoRA原理')).toBe('KV 缓 存 和 LoRA 原 理');
    expect(tokens('top-p 采样')).toBe('top-p 采 样');
  });

  it('turns clause punctuation and line ends into one break token, but not punctuation inside a word or formula', () => {
    expect(tokens('大模型，幻觉')).toBe(`大 模 型 ${B} 幻 觉`);
    expect(tokens('第一行\n\n第二行')).toBe(`第 一 行 ${B} 第 二 行`);
    expect(tokens('a\tb')).toBe(`a ${B} b`);
    expect(tokens('End. Next')).toBe(`End ${B} Next`);
    expect(tokens('3.5 and a.b')).toBe('3.5 and a.b');
    expect(tokens('\\sqrt{d_k}')).toBe('\\sqrt{d_k}');
    expect(tokens('min(d,k)')).toBe(`min(d ${B} k)`);
  });

  it('drops private-use characters, which would otherwise glue words to the break token', () => {
    expect(tokens('ab\uE000cd')).toBe('ab cd');
  });

  it('appends the parts of compound words after a break', () => {
    expect(tokens('PagedAttention and RMSNorm, not LoRA or plain words')).toBe(
      `PagedAttention and RMSNorm ${B} not LoRA or plain words ${B} paged attention rms norm`,
    );
    expect(tokens('用 PagedAttention')).toBe(`用 PagedAttention ${B} paged attention`);
    expect(wordPartsOf('DeepSeek').map((p) => p.part)).toEqual(['Deep', 'Seek']);
    expect(wordPartsOf('QLoRA')).toEqual([]);
  });

  it('indexes full-width letters and digits as ASCII, leaving full-width punctuation a break', () => {
    expect(tokens('ＫＶ缓存和ＧＰＴ４，ｔｏｐ')).toBe(`KV 缓 存 和 GPT4 ${B} top`);
    expect(foldFullWidth('ＫＶ cache ＫＶ')).toBe('KV cache KV');
    expect(foldFullWidth('幻觉')).toBe('幻觉');
  });

  it('keeps supplementary-plane Han characters whole', () => {
    expect(tokens('𠀀字')).toBe('𠀀 字');
  });
});

describe('diagramLabels', () => {
  it('keeps the text of nodes and edges, not Mermaid syntax', () => {
    const source = 'flowchart LR\n  S[打分] --> SC[缩放 除以根号 dk]\n  SC -->|归一化| P(softmax)\n  D{"是否 mask"}';
    expect(diagramLabels(source).split('\n')).toEqual(['打分', '缩放 除以根号 dk', '归一化', 'softmax', '是否 mask']);
  });
});

describe('the SQL functions', () => {
  it('feed a unicode61 FTS5 table so that 2-character words and phrases are found, not across a break', () => {
    const db = new BetterSqlite3(':memory:');
    registerSearchFunctions(db);
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, content='', tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co'")`);
    const insert = db.prepare('INSERT INTO t (rowid, body) VALUES (?, lattice_search_text(?))');
    insert.run(1, '大模型的幻觉问题');
    insert.run(2, '大模型，幻觉是另一回事');
    const hits = (query: string): number[] =>
      db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').pluck().all(query) as number[];
    expect(hits('"幻 觉"')).toEqual([1, 2]);
    expect(hits('"型 的 幻"')).toEqual([1]);
    expect(hits('"型 幻"')).toEqual([]);
    expect(hits('"幻"')).toEqual([1, 2]);
    db.close();
  });
});
