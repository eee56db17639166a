import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { registerSearchFunctions } from '../../db/search-text.js';
import { exactNameKey, nameKey, namePhraseQuery, parseQuery, toFtsQuery } from './query-parse.js';

const fts = (q: string): string | null => toFtsQuery(parseQuery(q));

describe('parseQuery and toFtsQuery', () => {
  it('makes a phrase of a Chinese word, one character per token, for 1, 2 and 3+ characters', () => {
    expect(fts('幻')).toBe('"幻"');
    expect(fts('幻觉')).toBe('"幻 觉"');
    expect(fts('注意力机制')).toBe('"注 意 力 机 制"');
  });

  it('requires every space-separated word, across scripts, and phrases mixed words', () => {
    expect(fts('KV 缓存')).toBe('"kv" AND "缓 存"');
    expect(fts('go 命令')).toBe('"go" AND "命 令"');
    expect(fts('LoRA原理')).toBe('"lora 原 理"');
  });

  it('matches Latin words of three letters or more as prefixes, case-insensitively', () => {
    expect(fts('atten')).toBe('"atten"*');
    expect(fts('Attention')).toBe('"attention"*');
    expect(fts('kv')).toBe('"kv"');
    expect(fts('kv*')).toBe('"kv"*');
  });

  it('reads formulas by their TeX tokens', () => {
    expect(fts('\\sqrt{d_k}')).toBe('"sqrt d k"');
    expect(fts('d_k')).toBe('"d k"');
  });

  it('treats quotes as an exact phrase, also when left open', () => {
    expect(fts('"kv cache"')).toBe('"kv cache"');
    expect(fts('"kv cache')).toBe('"kv cache"');
    expect(fts('"')).toBeNull();
    expect(fts('""')).toBeNull();
  });

  it('splits words at clause punctuation the way the index breaks phrases', () => {
    expect(fts('幻觉，显存')).toBe('"幻 觉" AND "显 存"');
    expect(fts('min(d,k)')).toBe('"min d" AND "k"');
  });

  it('understands OR, ignores AND, and excludes with NOT or a leading - only when something else is searched', () => {
    expect(fts('LoRA OR QLoRA')).toBe('("lora"* OR "qlora"*)');
    expect(fts('KV AND cache')).toBe('"kv" AND "cache"*');
    expect(fts('缓存 -显存')).toBe('("缓 存") NOT "显 存"');
    expect(fts('缓存 NOT 显存')).toBe('("缓 存") NOT "显 存"');
    expect(fts('-显存')).toBeNull();
    expect(fts('AND')).toBeNull();
    expect(fts('OR')).toBeNull();
    expect(fts('top-p')).toBe('"top p"');
  });

  it('gives no query for empty input or punctuation and operators alone', () => {
    for (const q of ['', '   ', '*', '-', '"', '()', '^', ':', '，。', '{}[]', '\\']) expect(fts(q), q).toBeNull();
    // FTS5's own operators are words like any other.
    expect(fts('NEAR(幻觉')).toBe('"near 幻 觉"');
  });

  it('reads a 10,000-character query by its beginning', () => {
    const long = '显存 '.repeat(5000);
    const parsed = parseQuery(long);
    expect(parsed.groups.length).toBeLessThanOrEqual(24);
    expect(fts('幻'.repeat(10_000))?.split(' ').length).toBeLessThanOrEqual(32);
  });
});

describe('any string is a valid query', () => {
  it('never makes FTS5 raise a syntax error, whatever is typed', () => {
    const db = new BetterSqlite3(':memory:');
    registerSearchFunctions(db);
    db.exec(
      `CREATE VIRTUAL TABLE t USING fts5(title, headings, body, content='', tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co'")`,
    );
    db.prepare('INSERT INTO t (rowid, title, headings, body) VALUES (1, lattice_search_text(?), ?, lattice_search_text(?))').run(
      '注意力',
      '',
      'KV cache 的显存 d_k',
    );
    const search = db.prepare('SELECT rowid FROM t WHERE t MATCH ?');
    const alphabet = [
      '"',
      "'",
      '*',
      '-',
      '+',
      '(',
      ')',
      '{',
      '}',
      ':',
      '^',
      'AND',
      'OR',
      'NOT',
      'NEAR',
      ' ',
      '幻',
      '觉',
      'kv',
      'a',
      '，',
      '\\',
      '\uE000',
      '\u0000',
      '🙂',
      'é',
    ];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 2000; i++) {
      const length = 1 + (next() % 12);
      const q = Array.from({ length }, () => alphabet[next() % alphabet.length]).join(next() % 2 ? ' ' : '');
      const expression = fts(q);
      if (expression !== null) expect(() => search.all(expression), q).not.toThrow();
    }
    db.close();
  });
});

describe('names a query equals', () => {
  it('compares names by their words, whatever the spacing, case or width', () => {
    expect(nameKey('KV缓存')).toBe(nameKey('kv 缓存'));
    expect(nameKey('ＫＶ Cache')).toBe(nameKey('kv cache'));
    expect(nameKey('Top-p')).toBe(nameKey('top p'));
    expect(exactNameKey(parseQuery('KV 缓存'))).toBe(nameKey('KV缓存'));
  });

  it('has no name to equal for OR, an exclusion or an empty query', () => {
    expect(exactNameKey(parseQuery('KV OR 缓存'))).toBeNull();
    expect(exactNameKey(parseQuery('KV -缓存'))).toBeNull();
    expect(exactNameKey(parseQuery('，。'))).toBeNull();
  });

  it('looks for candidates in names and aliases only, as a valid FTS5 query', () => {
    const db = new BetterSqlite3(':memory:');
    registerSearchFunctions(db);
    db.exec('CREATE VIRTUAL TABLE t USING fts5(title, headings, body, tokenize = "unicode61 remove_diacritics 2 categories \'L* N* Co\'")');
    db.prepare(
      'INSERT INTO t (rowid, title, headings, body) VALUES (1, lattice_search_text(?), lattice_search_text(?), lattice_search_text(?))',
    ).run('KV Cache', 'KV缓存', '');
    db.prepare('INSERT INTO t (rowid, title, headings, body) VALUES (2, lattice_search_text(?), ?, lattice_search_text(?))').run(
      '显存',
      '',
      'KV 缓存很大',
    );
    const key = exactNameKey(parseQuery('kv 缓存')) ?? '';
    expect(db.prepare('SELECT rowid FROM t WHERE t MATCH ?').pluck().all(namePhraseQuery(key))).toEqual([1]);
    db.close();
  });
});
