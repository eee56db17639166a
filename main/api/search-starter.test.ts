import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { SearchRepository } from '../../db/repositories/search.js';
import { starterNotesDir } from '../app-paths.js';
import { createContext } from './context.js';
import type { AppContext } from './context.js';
import { ensureStarterLibrary } from './library.js';
import { searchHandlers } from './search.js';

/**
 * The starter library, loaded as a fresh data directory loads it. Expected
 * notes come from reading every note's text (and diagram labels) directly:
 * search must find exactly the notes a person would find by reading them.
 */

let dir: string;
let store: Store;
let ctx: AppContext;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lattice-starter-search-'));
  store = openStore(join(dir, 'lattice.db'));
  ctx = createContext(store, dir);
  ensureStarterLibrary(ctx, starterNotesDir());
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function notePaths(q: string): Promise<string[]> {
  const entry = searchHandlers(ctx)['search.query'];
  const { hits } = await entry.run(entry.schema.parse({ q, limit: 200, kinds: ['note', 'section'] }));
  return [...new Set(hits.map((h) => ctx.notes.get(h.noteId ?? 0)?.path ?? '?'))].sort();
}

/** The notes whose text or diagram labels pass every test, by reading them. */
function readingFinds(...tests: ((text: string) => boolean)[]): string[] {
  const repo = new SearchRepository(store.db);
  return ctx.notes
    .list()
    .map((summary) => {
      const note = ctx.notes.get(summary.id);
      const text = `${note?.title ?? ''}\n${note?.text ?? ''}\n${repo
        .diagramLabels(summary.id)
        .map((d) => d.labels)
        .join('\n')}`;
      return { path: summary.path, text };
    })
    .filter(({ text }) => tests.every((test) => test(text)))
    .map(({ path }) => path)
    .sort();
}

const word = (w: string, isPrefix = false): ((text: string) => boolean) => {
  const pattern = new RegExp(`(?<![A-Za-z0-9])${w}${isPrefix ? '' : '(?![A-Za-z0-9])'}`, 'i');
  return (text) => pattern.test(text);
};

describe('search on the starter library', () => {
  it('has the starter notes', () => {
    expect(ctx.notes.list().length).toBeGreaterThanOrEqual(16);
  });

  it('幻觉 finds every note about or mentioning hallucination, the hallucination note first', async () => {
    const expected = readingFinds((t) => t.includes('幻觉'));
    expect(expected).toContain('hallucination.md');
    expect(await notePaths('幻觉')).toEqual(expected);
    const entry = searchHandlers(ctx)['search.query'];
    const { hits } = await entry.run({ q: '幻觉', kinds: ['note', 'section'] });
    expect(ctx.notes.get(hits[0]?.noteId ?? 0)?.path).toBe('hallucination.md');
  });

  it('显存 finds every note that mentions GPU memory', async () => {
    const expected = readingFinds((t) => t.includes('显存'));
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(await notePaths('显存')).toEqual(expected);
  });

  it('KV and kv cache find the notes with those words, KV cache notes included', async () => {
    const kv = readingFinds(word('kv'));
    expect(kv).toContain('multi-head-mqa-gqa-kv-cache.md');
    expect(await notePaths('KV')).toEqual(kv);
    expect(await notePaths('kv cache')).toEqual(readingFinds(word('kv'), word('cache', true)));
  });

  it('注意力 根号 finds the self-attention note, whose diagram says 除以根号 dk', async () => {
    const expected = readingFinds(
      (t) => t.includes('注意力'),
      (t) => t.includes('根号'),
    );
    expect(expected).toEqual(['transformer-self-attention.md']);
    expect(await notePaths('注意力 根号')).toEqual(expected);
  });

  it('a word that appears nowhere finds nothing', async () => {
    expect(readingFinds((t) => t.includes('量子纠缠'))).toEqual([]);
    expect(await notePaths('量子纠缠')).toEqual([]);
    expect(await notePaths('zzqxv')).toEqual([]);
  });
});
