import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempLattice } from './test-support.js';
import { renderMarkdown } from '../markdown/pipeline.js';
import { NoteHtmlCache } from './note-html-cache.js';

// The real pipeline, watched: how many times a note's body is rendered is what
// notes.open promises to keep down.
vi.mock('../markdown/pipeline.js', async (original) => {
  const real = await original<typeof import('../markdown/pipeline.js')>();
  return { ...real, renderMarkdown: vi.fn(real.renderMarkdown) };
});
const renders = vi.mocked(renderMarkdown);

const temp = useTempLattice('lattice-open-');

const NOTE = '---\ntags: [注意力]\n---\n# 注意力\n\n为什么除以 $\\sqrt{d_k}$？点积随维度增大。\n\n见 [[KV 缓存]]。\n';

async function importNote(name: string, markdown: string): Promise<number> {
  writeFileSync(join(temp.folder, name), markdown);
  await temp.app.call('library.import', { paths: [temp.folder] });
  const found = (await temp.app.call('notes.list', {})).find((n) => n.path === name);
  if (!found) throw new Error(`no note at ${name}`);
  return found.id;
}

describe('notes.open', () => {
  it('gives what the reader shows in one answer: the detail without the source, the HTML with formulas deferred, the content hash', async () => {
    const id = await importNote('attention.md', NOTE);
    const opened = await temp.app.call('notes.open', { id });
    const { source, ...detail } = await temp.app.call('notes.get', { id });
    expect(source).toContain('tags: [注意力]');
    expect(opened.note).toEqual(detail);
    expect(opened.note).not.toHaveProperty('source');
    expect(opened.note.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(opened.html).toBe((await temp.app.call('notes.render', { id, format: 'html', deferMath: true })).content);
    expect(opened.html).toContain('data-tex="\\sqrt{d_k}"');
    expect(opened.html).not.toContain('tags:');
    expect(opened.isHead).toBeUndefined();
  });

  it('renders a note once while it has not changed, and again once it has', async () => {
    const id = await importNote('attention.md', NOTE);
    renders.mockClear();
    const first = await temp.app.call('notes.open', { id });
    expect(renders).toHaveBeenCalledTimes(1);
    const again = await temp.app.call('notes.open', { id });
    expect(renders).toHaveBeenCalledTimes(1);
    expect(again).toEqual(first);

    await importNote('attention.md', NOTE.replace('点积随维度增大', '点积的方差随维度增大'));
    renders.mockClear();
    const changed = await temp.app.call('notes.open', { id });
    expect(renders).toHaveBeenCalledTimes(1);
    expect(changed.note.contentHash).not.toBe(first.note.contentHash);
    expect(changed.html).toContain('点积的方差随维度增大');
  });

  it('sends no HTML when the reader already shows the stored version, and the new HTML when it does not', async () => {
    const id = await importNote('attention.md', NOTE);
    const first = await temp.app.call('notes.open', { id });
    renders.mockClear();
    const same = await temp.app.call('notes.open', { id, knownHash: first.note.contentHash });
    expect(same).toEqual({ note: first.note, html: null });
    expect(renders).not.toHaveBeenCalled();

    // A rename changes what the reader shows around the body, not the body: the detail says so.
    await temp.app.call('notes.rename', { id, title: '我的注意力' });
    const renamed = await temp.app.call('notes.open', { id, knownHash: first.note.contentHash });
    expect(renamed.html).toBeNull();
    expect(renamed.note.title).toBe('我的注意力');

    await importNote('attention.md', `${NOTE}\n## 新的一节\n`);
    const stale = await temp.app.call('notes.open', { id, knownHash: first.note.contentHash });
    expect(stale.html).toContain('新的一节');
    expect(stale.note.contentHash).not.toBe(first.note.contentHash);
  });

  it('sends a long note as its head first, then whole, and whole at once when it is opened again', async () => {
    const sections = Array.from(
      { length: 2_000 },
      (_, i) => `## 第 ${i} 题：为什么除以 $\\sqrt{d_k}$？\n\n点积随维度增大，第 ${i} 次。\n`,
    ).join('\n');
    const id = await importNote('long.md', `# 长笔记\n\n${sections}`);
    const head = await temp.app.call('notes.open', { id, head: 8_192 });
    expect(head.isHead).toBe(true);
    expect(head.html).toContain('第 0 题');
    expect(head.html).not.toContain('第 1999 题');
    const whole = await temp.app.call('notes.open', { id });
    expect(whole.isHead).toBeUndefined();
    expect(whole.html).toContain('第 1999 题');
    expect(whole.html?.startsWith(head.html?.slice(0, head.html.lastIndexOf('<h2')) ?? '-')).toBe(true);
    renders.mockClear();
    expect(await temp.app.call('notes.open', { id, head: 8_192 })).toEqual(whole);
    expect(renders).not.toHaveBeenCalled();
  });

  it('refuses a path, a head too small to fill a screen, and a note that is not there', async () => {
    await expect(temp.app.call('notes.open', { path: 'attention.md' } as never)).rejects.toThrow();
    const id = await importNote('attention.md', NOTE);
    await expect(temp.app.call('notes.open', { id, head: 10 })).rejects.toThrow(/head/);
    await expect(temp.app.call('notes.open', { id: 424242 })).rejects.toThrow(/no note with id 424242/);
  });
});

describe('NoteHtmlCache', () => {
  it('keeps the last notes opened within its budget and forgets a version that is not the stored one', () => {
    const cache = new NoteHtmlCache(10);
    cache.set(1, 'a', 'one.md', 'xxxx');
    cache.set(2, 'b', 'two.md', 'yyyy');
    expect(cache.get(1, 'a', 'one.md')).toBe('xxxx');
    // Note 2 is now the least recently opened: it makes room for note 3.
    cache.set(3, 'c', 'three.md', 'zzzz');
    expect(cache.get(2, 'b', 'two.md')).toBeUndefined();
    expect(cache.get(1, 'a', 'one.md')).toBe('xxxx');
    expect(cache.size).toBe(8);
    expect(cache.get(1, 'changed', 'one.md')).toBeUndefined();
    expect(cache.get(3, 'c', 'moved.md')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set(4, 'd', 'huge.md', 'x'.repeat(11));
    expect(cache.get(4, 'd', 'huge.md')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
