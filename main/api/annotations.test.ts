import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { main } from '../cli/main.js';
import type { Annotation, NoteDetail } from './contract.js';

let work: string;
const opened: Lattice[] = [];

function lattice(name = 'data'): Lattice {
  const instance = openLattice({ dataDir: join(work, name), withStarter: false });
  opened.push(instance);
  return instance;
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-annotations-'));
  mkdirSync(join(work, 'notes'));
});
afterEach(() => {
  for (const instance of opened.splice(0)) instance.close();
  rmSync(work, { recursive: true, force: true });
});

const NOTE = `# KV Cache

## 为什么需要 KV cache？

自回归解码时，每生成一个 token 都要用到之前所有位置的 K 和 V。把它们缓存起来，就不必每一步重新计算，这就是 KV cache。

## 代价是什么？

缓存随序列长度线性增长，长上下文时显存成为瓶颈，所以有了 MQA 和 GQA。
`;

async function setUp(instance: Lattice, content = NOTE): Promise<NoteDetail> {
  writeFileSync(join(work, 'notes', 'kv.md'), content);
  await instance.call('library.import', { paths: [join(work, 'notes')] });
  const [summary] = await instance.call('notes.list', {});
  return instance.call('notes.get', { id: summary?.id ?? 0 });
}

async function highlight(
  instance: Lattice,
  note: NoteDetail,
  phrase: string,
  extra: Partial<{ comment: string; color: Annotation['color']; tags: string[] }> = {},
): Promise<Annotation> {
  const start = note.text.indexOf(phrase);
  expect(start, `"${phrase}" is in the note`).toBeGreaterThanOrEqual(0);
  return instance.call('annotations.create', { noteId: note.id, start, end: start + phrase.length, ...extra });
}

describe('annotations', () => {
  it('are created from offsets, with the quote and context taken from the note', async () => {
    const app = lattice();
    const note = await setUp(app);
    const created = await highlight(app, note, '这就是 KV cache', { comment: '记住：**缓存 K 和 V**，$O(n)$ 显存', tags: ['inference'] });
    expect(created.quote.exact).toBe('这就是 KV cache');
    expect(created.quote.prefix.length).toBeGreaterThan(0);
    expect(created.state).toBe('anchored');
    expect(created.contentHash).toBe(note.contentHash);
    expect(created.sectionTitle).toBe('为什么需要 KV cache？');
    expect(created.commentHtml).toContain('<strong>缓存 K 和 V</strong>');
    expect(created.commentHtml).toContain('data-tex="O(n)"');
    expect(await app.call('annotations.get', { id: created.id })).toEqual(created);
  });

  it('refuse a span outside the note or made only of whitespace', async () => {
    const app = lattice();
    const note = await setUp(app);
    await expect(app.call('annotations.create', { noteId: note.id, start: 0, end: note.text.length + 5 })).rejects.toThrow(
      'not inside the note',
    );
    const gap = note.text.indexOf('\n');
    await expect(app.call('annotations.create', { noteId: note.id, start: gap, end: gap + 1 })).rejects.toThrow('no text');
  });

  it('list a note in reading order and filter by colour, tag, text and state', async () => {
    const app = lattice();
    const note = await setUp(app);
    const later = await highlight(app, note, '显存成为瓶颈', { color: 'pink', tags: ['memory'] });
    const earlier = await highlight(app, note, '自回归解码', { comment: 'decoder-only 的推理方式' });
    expect((await app.call('annotations.list', { noteId: note.id })).map((a) => a.id)).toEqual([earlier.id, later.id]);
    expect((await app.call('annotations.list', { color: 'pink' })).map((a) => a.id)).toEqual([later.id]);
    expect((await app.call('annotations.list', { tag: 'memory' })).map((a) => a.id)).toEqual([later.id]);
    expect((await app.call('annotations.list', { text: 'DECODER-ONLY' })).map((a) => a.id)).toEqual([earlier.id]);
    expect(await app.call('annotations.list', { state: 'orphan' })).toEqual([]);
  });

  it('render a hostile comment as text, never as markup', async () => {
    const app = lattice();
    const note = await setUp(app);
    const created = await highlight(app, note, '自回归解码', { comment: '<img src=x onerror=alert(1)><script>window.__pwned=1</script>' });
    expect(created.commentHtml).not.toMatch(/<img|<script/);
    expect(created.commentHtml).toContain('&lt;script&gt;');
    expect(created.comment).toContain('<script>');
  });

  it('update colour, comment and tags; delete is the only way to remove one', async () => {
    const app = lattice();
    const note = await setUp(app);
    const created = await highlight(app, note, '自回归解码');
    const updated = await app.call('annotations.update', { id: created.id, color: 'green', comment: '改了', tags: ['a', 'a', 'b'] });
    expect(updated).toMatchObject({ color: 'green', comment: '改了', tags: ['a', 'b'], quote: created.quote });
    expect(await app.call('annotations.delete', { id: created.id })).toEqual({ id: created.id });
    await expect(app.call('annotations.get', { id: created.id })).rejects.toThrow('no annotation');
    await expect(app.call('annotations.delete', { id: created.id })).rejects.toThrow('no annotation');
  });
});

describe('annotations when the note changes', () => {
  it('follow their text when a paragraph is inserted above', async () => {
    const app = lattice();
    const note = await setUp(app);
    const created = await highlight(app, note, '显存成为瓶颈');
    await setUp(app, NOTE.replace('## 代价是什么？', '## 插入的一节\n\n这里新加了一整段文字，把后面的内容往后推。\n\n## 代价是什么？'));
    const moved = await app.call('annotations.get', { id: created.id });
    const current = await app.call('notes.get', { id: note.id });
    expect(moved.state).toBe('anchored');
    expect(moved.start).toBeGreaterThan(created.start);
    expect(current.text.slice(moved.start, moved.end)).toBe('显存成为瓶颈');
    expect(moved.contentHash).toBe(current.contentHash);
  });

  it('become orphans, keeping the old quote, when their paragraph is deleted; and can be re-attached', async () => {
    const app = lattice();
    const note = await setUp(app);
    const created = await highlight(app, note, '缓存随序列长度线性增长', { comment: '重点' });
    await setUp(app, NOTE.replace('缓存随序列长度线性增长，长上下文时显存成为瓶颈，所以有了 MQA 和 GQA。\n', ''));
    const orphan = await app.call('annotations.get', { id: created.id });
    expect(orphan).toMatchObject({ state: 'orphan', quote: created.quote, comment: '重点', start: created.start });
    expect((await app.call('annotations.list', { state: 'orphan' })).map((a) => a.id)).toEqual([created.id]);

    const current = await app.call('notes.get', { id: note.id });
    const start = current.text.indexOf('KV cache。');
    const attached = await app.call('annotations.update', { id: created.id, start, end: start + 8 });
    expect(attached).toMatchObject({ state: 'anchored', comment: '重点', quote: { exact: 'KV cache' }, contentHash: current.contentHash });
  });

  it('are kept when the note file disappears', async () => {
    const app = lattice();
    const note = await setUp(app);
    const created = await highlight(app, note, '自回归解码');
    unlinkSync(join(work, 'notes', 'kv.md'));
    const report = await app.call('library.import', { paths: [join(work, 'notes')] });
    expect(report.removed).toBe(1);
    expect(await app.call('annotations.get', { id: created.id })).toMatchObject({ id: created.id, state: 'anchored' });
    expect(() => app.store.db.prepare('DELETE FROM notes WHERE id = ?').run(note.id)).toThrow(/FOREIGN KEY/);
  });
});

describe('export and import', () => {
  it('round-trip through W3C Web Annotation JSON into another data directory, re-anchoring on its copy of the note', async () => {
    const first = lattice('first');
    const note = await setUp(first);
    const kept = await highlight(first, note, '显存成为瓶颈', { comment: '**面试常问**', tags: ['memory'], color: 'blue' });
    const lost = await highlight(first, note, '自回归解码');
    const exported = await first.call('annotations.export', {});
    expect(exported.count).toBe(2);
    // What travels between machines is the JSON text itself.
    const file = JSON.stringify(exported.document);
    const document = JSON.parse(file) as { type: string; items: { target: { selector: { type: string }[]; 'lattice:path': string } }[] };
    expect(document.type).toBe('AnnotationCollection');
    expect(document.items[0]?.target.selector.map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
    expect(document.items[0]?.target['lattice:path']).toBe('kv.md');

    // The other machine has an edited copy: the first paragraph was rewritten.
    const second = lattice('second');
    await setUp(
      second,
      NOTE.replace('自回归解码时，每生成一个 token 都要用到之前所有位置的 K 和 V。', '生成时要反复读取历史的键和值。').replace(
        '# KV Cache',
        '# KV Cache\n\n前言一段。',
      ),
    );
    const report = await second.call('annotations.import', { document: JSON.parse(file) });
    expect(report).toEqual({ imported: 2, updated: 0, orphaned: 1, skipped: [] });
    const [secondNote] = await second.call('notes.list', {});
    const imported = await second.call('annotations.get', { id: kept.id });
    const text = (await second.call('notes.get', { id: secondNote?.id ?? 0 })).text;
    expect(imported).toMatchObject({ state: 'anchored', comment: '**面试常问**', tags: ['memory'], color: 'blue' });
    expect(text.slice(imported.start, imported.end)).toBe('显存成为瓶颈');
    expect(await second.call('annotations.get', { id: lost.id })).toMatchObject({ state: 'orphan', quote: { exact: '自回归解码' } });

    // Importing the same file again changes nothing and duplicates nothing.
    expect(await second.call('annotations.import', { document: JSON.parse(file) })).toEqual({
      imported: 0,
      updated: 2,
      orphaned: 0,
      skipped: [],
    });
    expect((await second.call('annotations.list', {})).length).toBe(2);
  });

  it('skip annotations whose note is not here, with the reason, and refuse a file that is not a collection', async () => {
    const app = lattice();
    await setUp(app);
    const stranger = {
      items: [
        {
          id: 'urn:uuid:2f1d6c3e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
          type: 'Annotation',
          target: { 'lattice:path': 'other.md', 'lattice:title': '别的笔记', selector: [{ type: 'TextQuoteSelector', exact: '某句话' }] },
        },
      ],
    };
    const report = await app.call('annotations.import', { document: stranger });
    expect(report.imported).toBe(0);
    expect(report.skipped).toEqual([{ id: '2f1d6c3e-8a4b-4c1d-9e2f-0a1b2c3d4e5f', reason: expect.stringContaining('other.md') }]);
    await expect(app.call('annotations.import', { document: { hello: 'world' } })).rejects.toThrow('not a Web Annotation collection');
  });

  it('work from the command line', async () => {
    const app = lattice('cli');
    const note = await setUp(app);
    await highlight(app, note, '自回归解码');
    app.close();
    opened.splice(opened.indexOf(app), 1);
    let out = '';
    const io = {
      stdout: (t: string) => (out += `${t}\n`),
      stderr: () => undefined,
      env: { LATTICE_DATA_DIR: join(work, 'cli') },
      cwd: work,
      isTTY: false,
    };
    expect(await main(['annotations', 'export', 'marks.json', '--json'], io)).toBe(0);
    expect(JSON.parse(out)).toEqual({ count: 1, path: join(work, 'marks.json') });
    out = '';
    expect(await main(['--data-dir', join(work, 'cli-copy'), 'import', join(work, 'notes')], { ...io, env: {} })).toBe(0);
    out = '';
    expect(await main(['--data-dir', join(work, 'cli-copy'), 'annotations', 'import', 'marks.json', '--json'], { ...io, env: {} })).toBe(0);
    expect(JSON.parse(out)).toEqual({ imported: 1, updated: 0, orphaned: 0, skipped: [] });
    expect(await main(['annotations', 'export'], io)).toBe(2);
  });
});
