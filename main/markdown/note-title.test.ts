import { describe, expect, it } from 'vitest';
import { readNote } from './read-note.js';
import { isMachineName } from './note-title.js';

const titleOf = (fileName: string, text: string): string => readNote(text, `notes/${fileName}`).title;

describe('isMachineName', () => {
  it('knows hashes, dates with an id or a time, UUIDs and "untitled"', () => {
    for (const name of [
      '3f2a9c0d',
      '3f2a9c0d8e7b4a1c9d0e1f2a3b4c5d6e',
      '2024-03-11-8f3a2b1c',
      '20240311_8f3a2b',
      '2024-03-11_15-30-12',
      '20240311-153012',
      '0b6c2f6e-3d1a-4c8b-9f2e-7a5d4c3b2a10',
      'Untitled 3',
      '未命名',
      '1710144000',
    ]) {
      expect(isMachineName(name), name).toBe(true);
    }
  });

  it('keeps names a person chose, dates of daily notes and words made of hex letters', () => {
    for (const name of [
      'face_llm_note',
      'inference_moe_rag',
      '注意力机制',
      '2024-03-11',
      '20240311',
      '2024-03-11 注意力',
      '2024-03-11-notes',
      'deadbeef',
      'cafe',
      'LoRA',
    ]) {
      expect(isMachineName(name), name).toBe(false);
    }
  });
});

describe('titles of notes with machine-named files', () => {
  it('takes the first heading when it opens the note', () => {
    expect(titleOf('3f2a9c0d.md', '### KV 缓存有什么问题？\n\n显存占用大。')).toBe('KV 缓存有什么问题？');
  });

  it('takes the first line of text when no heading opens the note, shortened when long', () => {
    const intro = `${'很长的开头'.repeat(20)}\n\n${'正文。\n\n'.repeat(80)}## 参考资料\n\n- 链接`;
    const title = titleOf('2024-03-11-8f3a2b1c.md', intro);
    expect(title.endsWith('…')).toBe(true);
    expect([...title]).toHaveLength(60);
    expect(title.startsWith('很长的开头很长的开头')).toBe(true);
  });

  it('skips lines with nothing to read (rules, lone symbols)', () => {
    expect(titleOf('0b6c2f6e-3d1a-4c8b-9f2e-7a5d4c3b2a10.md', '* * *\n\n→\n\n> ——\n\nprefill 与 decode 的区别\n')).toBe(
      'prefill 与 decode 的区别',
    );
  });

  it('still prefers the front matter title and the H1', () => {
    expect(titleOf('3f2a9c0d.md', '---\ntitle: 属性标题\n---\n## 小节')).toBe('属性标题');
    expect(titleOf('3f2a9c0d.md', '正文一行\n\n# 一级标题')).toBe('一级标题');
  });

  it('drops an export id appended to a readable name', () => {
    expect(titleOf('Attention 3f2a9c0d8e7b4a1c9d0e1f2a3b4c5d6e.md', '正文')).toBe('Attention');
  });

  it('keeps a readable file name as it was', () => {
    expect(titleOf('face_llm_note.md', '## 第一个问题\n\n回答')).toBe('face_llm_note');
  });
});
