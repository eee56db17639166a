import { describe, expect, it } from 'vitest';
import { chooseTitle, collectTags, splitFrontMatter } from './front-matter.js';

describe('YAML front matter', () => {
  it('keeps odd keys as written: `data:` stays a string under `data`', () => {
    const front = splitFrontMatter('---\nlayout: post\ntitle: face_llm_note\ntags: [note]\ndata: 2025-04-11 18:01 +0800\n---\n1. 为什么');
    expect(front).toEqual({
      data: { layout: 'post', title: 'face_llm_note', tags: ['note'], data: '2025-04-11 18:01 +0800' },
      body: '1. 为什么',
      format: 'yaml',
      warnings: [],
    });
  });

  it('keeps dates as strings (core schema, no timestamp type)', () => {
    expect(splitFrontMatter('---\ndate: 2025-04-11\n---\nx').data).toEqual({ date: '2025-04-11' });
  });

  it('accepts `...` as the closing line and an empty header', () => {
    expect(splitFrontMatter('---\ntitle: 标题\n...\n正文')).toMatchObject({ data: { title: '标题' }, body: '正文' });
    expect(splitFrontMatter('---\n---\n正文')).toMatchObject({ data: {}, body: '正文', format: 'yaml', warnings: [] });
  });

  it('handles a note that is only front matter', () => {
    expect(splitFrontMatter('---\ntitle: x\n---')).toMatchObject({ data: { title: 'x' }, body: '' });
  });

  it('treats a note with no header, or an unclosed `---`, as all body', () => {
    expect(splitFrontMatter('# 标题\n正文')).toEqual({ data: {}, body: '# 标题\n正文', format: 'none', warnings: [] });
    expect(splitFrontMatter('---\n分隔线之后没有闭合')).toMatchObject({ format: 'none', body: '---\n分隔线之后没有闭合' });
  });

  it('keeps the Markdown when the text between two `---` lines is not a mapping of keys', () => {
    // A note may open with a thematic break; what follows is note text, not a header.
    const note = '---\n这一段是正文，不是属性。\n---\n后面的内容';
    const front = splitFrontMatter(note);
    expect(front.body).toBe(note);
    expect(front.data).toEqual({});
    expect(splitFrontMatter('---\n- 列表一\n- 列表二\n---\n后文').body).toContain('- 列表一');
  });
});

describe('JSON front matter (Obsidian Digital Garden)', () => {
  it('reads a JSON object between `---` lines', () => {
    expect(splitFrontMatter('---\n{"dg-publish":true,"permalink":"/llm/rag/","tags":["rag"]}\n---\n# RAG')).toEqual({
      data: { 'dg-publish': true, permalink: '/llm/rag/', tags: ['rag'] },
      body: '# RAG',
      format: 'json',
      warnings: [],
    });
  });

  it('warns about broken JSON and keeps the body', () => {
    const front = splitFrontMatter('---\n{"a":1\n---\n正文');
    expect(front.body).toBe('正文');
    expect(front.data).toEqual({});
    expect(front.warnings).toHaveLength(1);
    expect(front.warnings[0]).toMatch(/^front matter is not valid JSON/);
  });
});

describe('hostile or broken YAML never throws, and says so', () => {
  it('does not run custom tags such as `!!js/function`', () => {
    const front = splitFrontMatter('---\ntitle: !!js/function "function () { return process.exit(1) }"\n---\n正文');
    expect(typeof front.data.title).toBe('string');
    expect(front.warnings.join(' ')).toMatch(/Unresolved tag/);
    expect(front.body).toBe('正文');
  });

  it('refuses a billion-laughs alias bomb, with a warning', () => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const lines = levels.map((name, i) => {
      const items = i === 0 ? Array(9).fill('"lol"') : Array(9).fill(`*${levels[i - 1]}`);
      return `${name}: &${name} [${items.join(', ')}]`;
    });
    // Expanded in full this would be 9^9 strings; the test timeout catches a hang.
    const front = splitFrontMatter(`---\n${lines.join('\n')}\n---\n正文`);
    expect(front.data).toEqual({});
    expect(front.warnings.join(' ')).toMatch(/alias/i);
    expect(front.body).toBe('正文');
  });

  it('ignores a 100 KB header with a warning', () => {
    const front = splitFrontMatter(`---\nbig: "${'啊'.repeat(100 * 1024)}"\n---\n正文`);
    expect(front.data).toEqual({});
    expect(front.warnings).toEqual(['front matter over 64 KB ignored']);
    expect(front.body).toBe('正文');
  });

  it('warns about invalid YAML and keeps the body', () => {
    const front = splitFrontMatter('---\ntitle: [没有闭合\n  bad: : :\n---\n正文保留');
    expect(front.body).toBe('正文保留');
    expect(front.data).toEqual({});
    expect(front.warnings).toHaveLength(1);
    expect(front.warnings[0]).toMatch(/^front matter is not valid YAML/);
  });

  it('keeps the last value of a duplicated key rather than failing', () => {
    expect(splitFrontMatter('---\ntitle: a\ntitle: b\n---\nx').data).toEqual({ title: 'b' });
  });
});

describe('chooseTitle', () => {
  it('prefers the front matter title', () => {
    expect(chooseTitle({ title: '  属性标题 ', permalink: '/a/b/' }, '正文 H1', 'file.md')).toBe('属性标题');
  });

  it('falls back to the first H1', () => {
    expect(chooseTitle({ title: '   ', permalink: '/a/b/' }, '正文 H1', 'file.md')).toBe('正文 H1');
  });

  it('then to the last segment of a permalink-like key, decoded', () => {
    expect(chooseTitle({ permalink: '/llm/rag/' }, undefined, 'file.md')).toBe('rag');
    expect(chooseTitle({ 'dg-permalink': 'notes/%E6%B3%A8%E6%84%8F%E5%8A%9B' }, undefined, 'file.md')).toBe('注意力');
    expect(chooseTitle({ slug: 'bad-%E0' }, undefined, 'file.md')).toBe('bad-%E0');
  });

  it('then to the file name without its extension', () => {
    expect(chooseTitle({}, undefined, 'face_llm_note.md')).toBe('face_llm_note');
    expect(chooseTitle({}, undefined, '笔记.markdown')).toBe('笔记');
    expect(chooseTitle({ permalink: '/' }, undefined, 'x.txt')).toBe('x');
  });

  it('accepts a numeric title', () => {
    expect(chooseTitle({ title: 2025 }, undefined, 'x.md')).toBe('2025');
  });
});

describe('collectTags', () => {
  it('reads a list', () => {
    expect(collectTags({ tags: ['note', 'rag', 42] })).toEqual(['note', 'rag', '42']);
  });

  it('reads a comma-, Chinese-comma- or space-separated string and drops `#`', () => {
    expect(collectTags({ tags: '#ml, 深度学习，rag  llm' })).toEqual(['ml', '深度学习', 'rag', 'llm']);
  });

  it('reads `tag:` too, removes duplicates and empty entries, ignores non-strings', () => {
    expect(collectTags({ tag: ['a', 'a', '', '#', { x: 1 }, null] })).toEqual(['a']);
    expect(collectTags({})).toEqual([]);
    expect(collectTags({ tags: 7 })).toEqual([]);
  });
});
