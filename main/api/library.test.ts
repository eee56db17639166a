import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import type { ImportProgress } from './contract.js';

let work: string;
let app: Lattice;
const progress: ImportProgress[] = [];

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-library-'));
  mkdirSync(join(work, 'notes'));
  for (let i = 0; i < 700; i++) writeFileSync(join(work, 'notes', `q-${i}.md`), `# 问题 ${i}\n\n### 为什么？\n答案 ${i}：$x_${i}$。\n`);
  progress.length = 0;
  app = openLattice({
    dataDir: join(work, 'data'),
    withStarter: false,
    emit: (event, payload) => event === 'import.progress' && progress.push(payload as ImportProgress),
  });
});
afterEach(() => {
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('library.import', () => {
  it('answers other calls while a large import runs, and reports progress as it goes', async () => {
    const order: string[] = [];
    const importing = app.call('library.import', { paths: [join(work, 'notes')] }).then((r) => {
      order.push('import');
      return r;
    });
    const turnsSeen: number[] = [];
    // Between batches the event loop turns: a call made now is answered before the import ends.
    await new Promise<void>((resolve) => setImmediate(resolve));
    turnsSeen.push(progress.length);
    const stats = await app.call('stats.get', {}).then((s) => {
      order.push('stats');
      return s;
    });
    const report = await importing;
    expect(order).toEqual(['stats', 'import']);
    expect(stats.notes).toBeLessThan(700);
    expect(report.added).toBe(700);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 700, total: 700 });
    expect(turnsSeen[0]).toBeGreaterThan(0);
  });

  it('runs imports one at a time, so a folder imported twice at once is not stored twice', async () => {
    const [first, second] = await Promise.all([
      app.call('library.import', { paths: [join(work, 'notes')] }),
      app.call('library.import', { paths: [join(work, 'notes')] }),
    ]);
    expect(first).toMatchObject({ added: 700, failed: [] });
    expect(second).toMatchObject({ added: 0, unchanged: 700, failed: [] });
    expect((await app.call('notes.list', {})).length).toBe(700);
  });
});

describe('library.importUpload', () => {
  it('updates the same notes when the folder is uploaded again, and marks notes deleted from it removed', async () => {
    const files = [
      { path: 'rl/ppo.md', content: '# PPO\n\n裁剪目标。' },
      { path: 'rl/dpo.md', content: '# DPO\n\n直接偏好优化。' },
    ];
    expect(await app.call('library.importUpload', { name: '面试笔记', files, allPaths: files.map((f) => f.path) })).toMatchObject({
      added: 2,
    });
    const again = await app.call('library.importUpload', {
      name: '面试笔记',
      files: [{ path: 'rl/ppo.md', content: '# PPO\n\n裁剪目标，加 KL。' }],
      allPaths: ['rl/ppo.md'],
    });
    expect(again).toMatchObject({ added: 0, updated: 1, removed: 1 });
    expect((await app.call('notes.list', {})).map((n) => n.title)).toEqual(['PPO']);
  });

  it('imports files that are not UTF-8 from the bytes the browser sent, naming their encoding', async () => {
    const gbk = Buffer.from([0x23, 0x20, 0xd7, 0xa2, 0xd2, 0xe2, 0xc1, 0xa6, 0xbb, 0xfa, 0xd6, 0xc6, 0x0a]); // "# 注意力机制\n" in GBK
    const utf16 = Buffer.from('# 显存估算\n\n$M = 2Ld$\n', 'utf16le');
    const files = [
      { path: 'gbk.md', content: gbk.toString('base64'), encoding: 'base64' as const },
      { path: 'utf16.md', content: Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]).toString('base64'), encoding: 'base64' as const },
    ];
    const report = await app.call('library.importUpload', { name: 'windows', files });
    expect(report).toMatchObject({
      added: 2,
      failed: [],
      warnings: [{ path: expect.stringMatching(/gbk\.md$/), warning: 'decoded as GBK: the file is not UTF-8' }],
    });
    expect((await app.call('notes.list', {})).map((n) => n.title).sort()).toEqual(['显存估算', '注意力机制']);
  });

  it('refuses paths that climb out of the upload folder', async () => {
    await expect(app.call('library.importUpload', { name: 'x', files: [{ path: '../../escape.md', content: '# no' }] })).rejects.toThrow(
      'outside the upload folder',
    );
    await expect(app.call('library.importUpload', { name: 'x', files: [{ path: '/etc/escape.md', content: '# no' }] })).rejects.toThrow(
      'outside the upload folder',
    );
  });

  it('refuses a NUL in a file name with a reason, and names failed files as the folder has them, never the data directory', async () => {
    await expect(app.call('library.importUpload', { name: 'x', files: [{ path: 'a\u0000b.md', content: '# no' }] })).rejects.toMatchObject({
      type: 'Invalid',
      message: 'a file name in the upload holds a control character',
    });
    const report = await app.call('library.importUpload', {
      name: '面试笔记',
      files: [{ path: 'sub/binary.md', content: Buffer.from([0x23, 0x20, 0, 1, 2]).toString('base64'), encoding: 'base64' }],
    });
    expect(report.failed).toEqual([{ path: '面试笔记/sub/binary.md', error: expect.stringContaining('binary') }]);
    expect(JSON.stringify(report)).not.toContain(work);
  });
});
