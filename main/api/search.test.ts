import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../db/migrate.js';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { importPaths } from '../import/import-notes.js';
import { annotationHandlers } from './annotations.js';
import { conceptHandlers } from './concepts.js';
import { createContext } from './context.js';
import type { AppContext } from './context.js';
import type { ApiArgs, SearchHit } from './contract.js';
import { searchHandlers } from './search.js';

/** Real SQLite, real Markdown through the importer, the real handlers. */

let work: string;
let store: Store;
let ctx: AppContext;

const NOTES: Record<string, string> = {
  'hallucination.md':
    '# 大模型幻觉\n\n## 幻觉的原因\n\n幻觉是模型生成了与事实不符的内容。温度过高会放大幻觉。\n\n## 显存\n\nKV cache 占用显存。\n',
  'inference.md':
    '# 推理优化\n\n## KV Cache\n\nKV 缓存让解码更快；PagedAttention 管理显存。\n\n$$\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V$$\n\n## 量化\n\n量化把权重压到 4 bit。\n',
  'other.md': '# 其他\n\n这是大模型，幻想不是重点。\n',
  'hostile.md': '# Hostile\n\n<img src=x onerror=alert(1)> 幻觉 <script>alert(1)</script>\n',
};

function write(name: string, content: string): void {
  writeFileSync(join(work, 'notes', name), content);
}

function importAll(): void {
  const report = importPaths(store, [join(work, 'notes')]);
  expect(report.failed).toEqual([]);
}

async function search(q: string, extra: Partial<ApiArgs<'search.query'>> = {}): Promise<SearchHit[]> {
  const entry = searchHandlers(ctx)['search.query'];
  return (await entry.run(entry.schema.parse({ q, ...extra }))).hits;
}

const titles = (hits: SearchHit[]): string[] => [...new Set(hits.map((h) => h.noteTitle))].sort();
const noteIdOf = (title: string): number => ctx.notes.list().find((n) => n.title === title)?.id ?? -1;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-search-'));
  mkdirSync(join(work, 'notes'));
  for (const [name, content] of Object.entries(NOTES)) write(name, content);
  store = openStore(join(work, 'lattice.db'));
  ctx = createContext(store, work);
  importAll();
});

afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

describe('search.query over notes', () => {
  it('finds Chinese words of 1, 2 and 3+ characters from the index', async () => {
    expect(titles(await search('幻'))).toEqual(['Hostile', '其他', '大模型幻觉']);
    expect(titles(await search('幻觉'))).toEqual(['Hostile', '大模型幻觉']);
    expect(titles(await search('大模型'))).toEqual(['其他', '大模型幻觉']);
  });

  it('never matches a phrase across punctuation', async () => {
    expect(await search('型幻想')).toEqual([]);
    expect(titles(await search('幻想'))).toEqual(['其他']);
  });

  it('needs every term of a mixed query, in any case, with prefixes and parts of compound words', async () => {
    expect(titles(await search('KV 缓存'))).toEqual(['推理优化']);
    expect(titles(await search('kv cache'))).toEqual(['大模型幻觉', '推理优化']);
    expect(titles(await search('atten'))).toEqual(['推理优化']);
    expect(titles(await search('Attention'))).toEqual(['推理优化']);
    expect(await search('zzqxv')).toEqual([]);
  });

  it('finds formulas by their TeX', async () => {
    expect(titles(await search('\\sqrt{d_k}'))).toEqual(['推理优化']);
    expect(titles(await search('d_k'))).toEqual(['推理优化']);
  });

  it('says where a match is: the note for a title match, else the section, with its path and offsets', async () => {
    const [note] = await search('幻觉', { kinds: ['note'] });
    expect(note).toMatchObject({ kind: 'note', title: '大模型幻觉', noteTitle: '大模型幻觉' });
    const [section] = await search('缓存');
    expect(section).toMatchObject({ kind: 'section', title: 'KV Cache', sectionPath: ['推理优化', 'KV Cache'], sectionSlug: 'kv-cache' });
    const text = ctx.notes.get(section?.noteId ?? 0)?.text ?? '';
    expect(text.slice(section?.match?.start, section?.match?.end)).toBe('缓存');
    expect(section?.snippet).toBe('KV <mark>缓存</mark>让解码更快；PagedAttention 管理显存。');
  });

  it('escapes hostile note text in snippets', async () => {
    const [hit] = await search('幻觉', { kinds: ['section', 'note'], limit: 5 }).then((hits) =>
      hits.filter((h) => h.noteTitle === 'Hostile'),
    );
    expect(hit?.snippet).toContain('<mark>幻觉</mark> &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hit?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('ranks titles and headings above the body and honours limit and kinds', async () => {
    const hits = await search('显存');
    expect(hits[0]?.noteTitle).toBe('大模型幻觉');
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(await search('显存', { limit: 1 })).toHaveLength(1);
    expect((await search('显存', { kinds: ['concept'] })).every((h) => h.kind === 'concept')).toBe(true);
  });

  it('searches one note: a section hit for every section the terms occur in, in reading order', async () => {
    const hits = await search('幻觉', { noteId: noteIdOf('大模型幻觉') });
    expect(hits.map((h) => h.sectionPath.at(-1))).toEqual(['大模型幻觉', '幻觉的原因']);
    expect(hits.every((h) => h.kind === 'section')).toBe(true);
    expect(await search('量化', { noteId: noteIdOf('大模型幻觉') })).toEqual([]);
  });

  it('finds full-width letters and digits by their ASCII and the other way round; 0006 re-indexes a store written before', async () => {
    write('full-width.md', '# 全角\n\nＫＶ 缓存与 ＧＰＴ４ 的上下文。\n');
    importAll();
    expect(titles(await search('KV 缓存'))).toContain('全角');
    expect(titles(await search('ｋｖ'))).toContain('全角');
    expect(titles(await search('gpt4'))).toContain('全角');
    const hit = (await search('KV')).find((h) => h.noteTitle === '全角');
    expect(hit?.snippet).toContain('<mark>ＫＶ</mark>');

    // A store indexed before the fold kept ＫＶ as a word of its own, which no query reached.
    const id = noteIdOf('全角');
    store.db.prepare('DELETE FROM search_notes WHERE rowid = ?').run(id);
    store.db
      .prepare('INSERT INTO search_notes (rowid, title, headings, body) VALUES (?, ?, ?, ?)')
      .run(id, '全 角', '全 角', 'ＫＶ 缓 存 与 ＧＰＴ４ 的 上 下 文');
    expect(titles(await search('KV'))).not.toContain('全角');
    const migration = loadMigrations().find((m) => m.name.startsWith('0006_'));
    store.db.exec(migration?.sql ?? 'SELECT missing_migration_0006()');
    expect(titles(await search('KV'))).toContain('全角');
    expect(titles(await search('幻觉'))).toEqual(['Hostile', '大模型幻觉']);
  });

  it('takes any string as a query', async () => {
    for (const q of [
      '',
      '"',
      'AND',
      '*',
      '-',
      'NOT',
      '(',
      'a"b',
      '显存"',
      'x'.repeat(10_000),
      '幻觉 '.repeat(2000),
      '显存'.repeat(200_000),
    ]) {
      await expect(search(q)).resolves.toBeInstanceOf(Array);
    }
    expect(titles(await search('显存"'))).toEqual(['大模型幻觉', '推理优化']);
  });
});

describe('the index stays in step', () => {
  it('with re-imports: changed, removed and restored notes', async () => {
    write('inference.md', '# 推理优化\n\n## 蒸馏\n\n蒸馏把大模型的知识交给小模型。\n');
    importAll();
    expect(await search('缓存')).toEqual([]);
    expect(titles(await search('蒸馏'))).toEqual(['推理优化']);

    unlinkSync(join(work, 'notes', 'other.md'));
    importAll();
    expect(await search('幻想')).toEqual([]);
    write('other.md', NOTES['other.md'] as string);
    importAll();
    expect(titles(await search('幻想'))).toEqual(['其他']);
  });

  it('with annotation edits: quote, comment and tags are searchable, and gone when deleted', async () => {
    const annotations = annotationHandlers(ctx);
    const noteId = noteIdOf('推理优化');
    const text = ctx.notes.get(noteId)?.text ?? '';
    const start = text.indexOf('KV 缓存');
    const created = await annotations['annotations.create'].run({ noteId, start, end: start + 5, comment: '省显存的窍门', tags: ['面试'] });
    const [hit] = await search('窍门');
    expect(hit).toMatchObject({
      kind: 'annotation',
      annotationId: created.id,
      noteId,
      title: 'KV 缓存',
      sectionPath: ['推理优化', 'KV Cache'],
    });
    expect(hit?.snippet).toBe('省显存的<mark>窍门</mark>');
    expect((await search('面试')).map((h) => h.annotationId)).toEqual([created.id]);

    await annotations['annotations.update'].run({ id: created.id, comment: '另一个说法' });
    expect(await search('窍门')).toEqual([]);
    expect((await search('说法')).map((h) => h.annotationId)).toEqual([created.id]);

    await annotations['annotations.delete'].run({ id: created.id });
    expect(await search('说法')).toEqual([]);
  });

  it('with concept edits: names, aliases, renames and definitions', async () => {
    const concepts = conceptHandlers(ctx);
    const created = await concepts['concepts.create'].run({
      name: '投机解码',
      aliases: ['speculative decoding'],
      definition: '小模型起草，大模型验证。',
    });
    const conceptHits = async (q: string): Promise<(number | null)[]> => (await search(q, { kinds: ['concept'] })).map((h) => h.conceptId);
    expect(await conceptHits('speculative')).toEqual([created.id]);
    expect(await conceptHits('起草')).toEqual([created.id]);
    await concepts['concepts.rename'].run({ id: created.id, newName: 'Speculative Sampling' });
    expect(await conceptHits('投机解码')).toEqual([created.id]);
    expect(await conceptHits('sampling')).toEqual([created.id]);
    await concepts['concepts.removeAlias'].run({ id: created.id, alias: 'speculative decoding' });
    expect(await conceptHits('decoding')).toEqual([]);
    expect(await conceptHits('sampling')).toEqual([created.id]);
  });
});
