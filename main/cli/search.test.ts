import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './test-support.js';
import type { CliRun } from './test-support.js';
import { formatHits, snippetText } from './search.js';

let work: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-cli-search-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const lattice = (...argv: string[]): Promise<CliRun> => runCli(argv, { dataDir: join(work, 'data'), cwd: work });

describe('lattice search', () => {
  it('prints ranked hits as JSON with kind, noteId, title, section, snippet and score', async () => {
    mkdirSync(join(work, 'notes'));
    writeFileSync(join(work, 'notes', 'kv.md'), '# 推理笔记\n\n## KV Cache\n\nKV 缓存省掉重复计算，但占显存。\n');
    expect((await lattice('import', join(work, 'notes'))).code).toBe(0);
    const { code, stdout } = await lattice('search', 'KV', '缓存', '--limit', '50', '--json');
    expect(code).toBe(0);
    const hits = JSON.parse(stdout) as Record<string, unknown>[];
    expect(JSON.parse((await lattice('search', 'KV', '缓存', '--limit', '2', '--json')).stdout)).toHaveLength(2);
    for (const hit of hits) expect(Object.keys(hit).sort()).toEqual(['kind', 'noteId', 'score', 'section', 'snippet', 'title']);
    expect(hits).toContainEqual({
      kind: 'section',
      noteId: expect.any(Number),
      title: 'KV Cache',
      section: '推理笔记 › KV Cache',
      snippet: '<mark>KV</mark> <mark>缓存</mark>省掉重复计算，但占显存。',
      score: expect.any(Number),
    });
  });

  it('searches the starter library of a fresh data directory, in words a terminal shows', async () => {
    const { code, stdout } = await lattice('search', '幻觉');
    expect(code).toBe(0);
    expect(stdout).toContain('大模型幻觉');
    expect(stdout).not.toContain('<mark>');
    expect((await lattice('search', 'zzqxv')).stdout.trim()).toBe('No matches.');
  });

  it('refuses a missing query or a bad --limit as bad usage', async () => {
    expect((await lattice('search')).code).toBe(2);
    expect((await lattice('search', 'kv', '--limit', 'lots')).code).toBe(2);
  });
});

describe('terminal output', () => {
  it('turns snippet HTML back into text', () => {
    expect(snippetText('&lt;b&gt; <mark>幻觉</mark> &amp;', false)).toBe('<b> 幻觉 &');
    expect(snippetText('<mark>幻觉</mark>', true)).toBe('\x1b[1m幻觉\x1b[22m');
    expect(formatHits([], false)).toBe('No matches.');
  });
});
