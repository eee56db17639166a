import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempLattice } from './test-support.js';

const temp = useTempLattice('lattice-rename-');

const write = (name: string, text: string): void => writeFileSync(join(temp.folder, name), text);
const importFolder = () => temp.app.call('library.import', { paths: [temp.folder] });
const noteAt = async (path: string) => {
  const found = (await temp.app.call('notes.list', {})).find((n) => n.path === path);
  if (!found) throw new Error(`no note at ${path}`);
  return found;
};

describe('titles from machine file names', () => {
  it('titles a hash-, date-and-hash- or UUID-named note by its first heading or first line, and keeps human names', async () => {
    write('3f2a9c0d8e7b4a1c9d0e1f2a3b4c5d6e.md', '## KV 缓存为什么省显存\n\n因为缓存了 K 和 V。\n');
    write('2024-03-11-8f3a2b1c.md', '投机采样：小模型先猜，大模型一次验证。\n\n更多内容。\n');
    write('0b6c2f6e-3d1a-4c8b-9f2e-7a5d4c3b2a10.md', '\n---\n\n**幻觉的原因**\n\n训练数据有误。\n');
    write('face_llm_note.md', '没有标题的笔记，只有正文。\n');
    write('2024-03-11.md', '今天读了 LoRA。\n');
    write('deadbeef.md', '一行字。\n');
    await importFolder();
    expect((await noteAt('3f2a9c0d8e7b4a1c9d0e1f2a3b4c5d6e.md')).title).toBe('KV 缓存为什么省显存');
    expect((await noteAt('2024-03-11-8f3a2b1c.md')).title).toBe('投机采样：小模型先猜，大模型一次验证。');
    expect((await noteAt('0b6c2f6e-3d1a-4c8b-9f2e-7a5d4c3b2a10.md')).title).toBe('幻觉的原因');
    expect((await noteAt('face_llm_note.md')).title).toBe('face_llm_note');
    expect((await noteAt('2024-03-11.md')).title).toBe('2024-03-11');
    expect((await noteAt('deadbeef.md')).title).toBe('deadbeef');
  });
});

describe('notes.rename', () => {
  it('shows the new title in the list, the note, search and sheets, keeps it across re-imports, and clearing it restores the file title', async () => {
    write('3f2a9c0d.md', '# 注意力机制\n\n缩放点积注意力 $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$。\n\n## 多头\n\n多个头并行。\n');
    await importFolder();
    const note = await noteAt('3f2a9c0d.md');
    expect(note.title).toBe('注意力机制');

    const renamed = await temp.app.call('notes.rename', { id: note.id, title: '  Attention 复习\n笔记 ' });
    expect(renamed.title).toBe('Attention 复习 笔记');
    expect((await noteAt('3f2a9c0d.md')).title).toBe('Attention 复习 笔记');
    const detail = await temp.app.call('notes.get', { id: note.id });
    expect(detail).toMatchObject({ title: 'Attention 复习 笔记', importedTitle: '注意力机制' });
    const hits = await temp.app.call('search.query', { q: '复习' });
    expect(JSON.stringify(hits)).toContain('Attention 复习 笔记');

    const sheet = await temp.app.call('sheets.create', { title: 's' });
    const slug = detail.sectionList.find((s) => s.title === '多头')?.slug ?? '';
    await temp.app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId: note.id, section: slug } });
    expect(JSON.stringify(await temp.app.call('sheets.get', { id: sheet.id }))).toContain('Attention 复习 笔记');

    // The file changes (its H1 too) and is imported again: the person's name stays, the file is untouched.
    write('3f2a9c0d.md', '# 注意力机制（新版）\n\n改写过的正文。\n');
    const report = await importFolder();
    expect(report.updated).toBe(1);
    expect((await noteAt('3f2a9c0d.md')).title).toBe('Attention 复习 笔记');
    expect((await temp.app.call('notes.get', { id: note.id })).importedTitle).toBe('注意力机制（新版）');

    const cleared = await temp.app.call('notes.rename', { id: note.id, title: '   ' });
    expect(cleared.title).toBe('注意力机制（新版）');
    expect(JSON.stringify(await temp.app.call('search.query', { q: '复习' }))).not.toContain('Attention 复习');
    await importFolder();
    expect((await noteAt('3f2a9c0d.md')).title).toBe('注意力机制（新版）');
  });

  it('refuses an unknown note and a title that is not text', async () => {
    await expect(temp.app.call('notes.rename', { id: 4242, title: 'x' })).rejects.toMatchObject({ type: 'NotFound' });
    await expect(temp.app.call('notes.rename', { id: 1, title: 5 as unknown as string })).rejects.toMatchObject({ type: 'Invalid' });
    await expect(temp.app.call('notes.rename', { id: 1, title: 'x'.repeat(301) })).rejects.toMatchObject({ type: 'Invalid' });
  });
});
