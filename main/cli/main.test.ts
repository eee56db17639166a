import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './test-support.js';
import type { CliRun } from './test-support.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let work: string;
let dataDir: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-cli-'));
  dataDir = join(work, 'data');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const lattice = (...argv: string[]): Promise<CliRun> => runCli(argv, { dataDir, cwd: work });

function writeNotes(folder: string, files: Record<string, string | Buffer>): string {
  const dir = join(work, folder);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const KV_NOTE = `---
title: KV Cache 笔记
tags: [inference, kv]
---
# KV Cache

### 为什么需要 KV cache？
自回归解码时每一步都要用到之前所有 token 的 K 和 V，缓存起来避免重复计算。

$$\\text{显存} = 2 \\cdot L \\cdot n_{kv} \\cdot d_{head} \\cdot s \\cdot b$$
`;

describe('lattice import', () => {
  it('imports a folder and reports counts as JSON; a second import reports all unchanged', async () => {
    const dir = writeNotes('notes', { 'kv.md': KV_NOTE, 'sub/rag.markdown': '# RAG\n\n检索增强生成。' });
    const first = await lattice('import', dir, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ added: 2, updated: 0, unchanged: 0, removed: 0, failed: [], warnings: [] });
    const second = await lattice('import', dir, '--json');
    expect(JSON.parse(second.stdout)).toMatchObject({ added: 0, updated: 0, unchanged: 2, removed: 0, failed: [] });
  });

  it('exits 1 and names the file and the reason when one file fails, importing the rest', async () => {
    const dir = writeNotes('notes', { 'good.md': KV_NOTE, 'binary.md': Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]) });
    const result = await lattice('import', dir, '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { added: number; failed: { path: string; error: string }[] };
    expect(report.added).toBe(1);
    expect(report.failed).toEqual([{ path: join(dir, 'binary.md'), error: expect.stringContaining('binary') }]);
    const human = await lattice('import', dir);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`failed: ${join(dir, 'binary.md')}`);
  });

  it('reports a path that does not exist', async () => {
    const result = await lattice('import', join(work, 'nope'), '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).failed[0].error).toBe('no such file or folder');
  });
});

describe('lattice notes', () => {
  it('lists notes as JSON with the documented keys, starter library included', async () => {
    const dir = writeNotes('notes', { 'kv.md': KV_NOTE });
    await lattice('import', dir);
    const result = await lattice('notes', 'list', '--json');
    expect(result.code).toBe(0);
    const notes = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(notes.length).toBeGreaterThanOrEqual(16);
    const kv = notes.find((n) => n.title === 'KV Cache 笔记');
    expect(kv).toEqual({
      id: expect.any(Number),
      title: 'KV Cache 笔记',
      path: join(dir, 'kv.md'),
      sections: 2,
      formulas: 1,
      diagrams: 0,
      tags: ['inference', 'kv'],
    });
  });

  it('shows a note by id or path as Markdown, text or HTML', async () => {
    const dir = writeNotes('notes', { 'kv.md': KV_NOTE });
    await lattice('import', dir);
    const byPath = await lattice('notes', 'show', join(dir, 'kv.md'), '--format', 'text');
    expect(byPath.code).toBe(0);
    expect(byPath.stdout).toContain('为什么需要 KV cache？');
    expect(byPath.stdout).toContain('\\text{显存}');
    const list = JSON.parse((await lattice('notes', 'list', '--json')).stdout) as { id: number; title: string }[];
    const id = String(list.find((n) => n.title === 'KV Cache 笔记')?.id);
    expect((await lattice('notes', 'show', id)).stdout).toContain('tags: [inference, kv]');
    const html = await lattice('notes', 'show', id, '--format', 'html');
    expect(html.stdout).toContain('<h3 id="为什么需要-kv-cache">');
    expect(html.stdout).toContain('class="katex-display"');
  });

  it("renames a note, and with no title gives it back the file's title", async () => {
    const dir = writeNotes('notes', { 'kv.md': KV_NOTE });
    await lattice('import', dir);
    const list = JSON.parse((await lattice('notes', 'list', '--json')).stdout) as { id: number; title: string }[];
    const id = String(list.find((n) => n.title === 'KV Cache 笔记')?.id);
    const renamed = await lattice('notes', 'rename', id, 'KV', '缓存', '复习', '--json');
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.stdout)).toEqual({ id: Number(id), title: 'KV 缓存 复习' });
    const titles = (JSON.parse((await lattice('notes', 'list', '--json')).stdout) as { title: string }[]).map((n) => n.title);
    expect(titles).toContain('KV 缓存 复习');
    expect((await lattice('notes', 'rename', id)).stdout).toContain('KV Cache 笔记');
    expect((await lattice('notes', 'rename', 'abc', 'x')).code).toBe(2);
  });

  it('says which note is missing and exits 1', async () => {
    const result = await lattice('notes', 'show', '424242');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no note with id 424242');
  });
});

describe('lattice stats and usage', () => {
  it('prints counts', async () => {
    const result = await lattice('stats', '--json');
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout) as Record<string, number | string>;
    expect(stats.dataDir).toBe(dataDir);
    expect(stats.notes).toBeGreaterThanOrEqual(15);
    expect(stats.databaseBytes).toBeGreaterThan(0);
  });

  it('exits 2 with a message on stderr for bad usage', async () => {
    for (const argv of [
      [],
      ['frobnicate'],
      ['import'],
      ['notes', 'show'],
      ['notes', 'list', '--bogus'],
      ['notes', 'show', '1', '--format', 'pdf'],
    ]) {
      const result = await lattice(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(/^lattice: .+/);
      expect(result.stdout).toBe('');
    }
  });

  it('runs as `lattice` from the bin entry with only Node', () => {
    const dir = writeNotes('notes', { 'kv.md': KV_NOTE });
    const out = execFileSync(process.execPath, [join(repoRoot, 'bin', 'lattice.js'), '--data-dir', dataDir, 'import', dir, '--json'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ added: 1 });
    const bad = spawnSync(process.execPath, [join(repoRoot, 'bin', 'lattice.js'), 'nonsense'], {
      encoding: 'utf8',
      env: { ...process.env, LATTICE_DATA_DIR: dataDir },
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command: nonsense');
  });
});

describe('lattice annotations export/import', () => {
  it('writes the collection to the file named, reads it back, and names a file that is not JSON without echoing it', async () => {
    const dir = writeNotes('notes', { 'kv.md': KV_NOTE });
    expect((await lattice('import', dir)).code).toBe(0);
    const exported = await lattice('annotations', 'export', 'marks.json');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`0 annotations written to ${join(work, 'marks.json')}`);
    expect(JSON.parse(readFileSync(join(work, 'marks.json'), 'utf8'))).toMatchObject({ type: 'AnnotationCollection' });
    expect(JSON.parse((await lattice('annotations', 'import', 'marks.json', '--json')).stdout)).toEqual({
      imported: 0,
      updated: 0,
      orphaned: 0,
      skipped: [],
    });

    writeFileSync(join(work, 'secret.txt'), 'root:x:0:0:root:/root:/bin/bash\n');
    const refused = await lattice('annotations', 'import', 'secret.txt');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('secret.txt is not JSON');
    expect(refused.stderr).not.toContain('root:x');
    expect((await lattice('annotations', 'import', 'missing.json')).stderr).toMatch(/cannot read .*missing\.json: ENOENT/);
  });
});
