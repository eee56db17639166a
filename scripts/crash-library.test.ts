import { describe, expect, it } from 'vitest';
import { crashLibraryFiles, crashNotePath, probeWord } from './crash-library.js';

const questions = (source: string): string[] => source.split('\n').filter((line) => line.startsWith('### '));

describe('the crash checks’ library', () => {
  const a = crashLibraryFiles(12, 'a');
  const b = crashLibraryFiles(12, 'b');

  it('is the same bytes every time', () => {
    expect(crashLibraryFiles(12, 'a')).toEqual(a);
  });

  it('gives each note, in each version, a search word no other note or version holds', () => {
    a.forEach((file, index) => {
      expect(file.path).toBe(crashNotePath(index));
      expect(file.content).toContain(probeWord(index, 'a'));
      expect(file.content).not.toContain(probeWord(index, 'b'));
      expect(b[index]?.content).toContain(probeWord(index, 'b'));
    });
    expect(new Set(a.map((file) => file.content.match(/probe\w+/)?.[0])).size).toBe(a.length);
  });

  it('changes every note between versions: a question renamed, one added, answers rewritten', () => {
    a.forEach((file, index) => {
      const before = questions(file.content);
      const after = questions(b[index]?.content ?? '');
      expect(after).toHaveLength(before.length + 1);
      expect(after.filter((question) => !before.includes(question))).toHaveLength(2);
      expect(b[index]?.content).toContain('改写后的回答');
    });
  });

  it('reads like the users’ notes: front matter, question headings, formulas, a diagram, a table, tab-indented enumerations', () => {
    const note = a[0]?.content ?? '';
    expect(note.startsWith('---\ntitle: ')).toBe(true);
    expect(note).toMatch(/^### 1\. 为什么.+？$/m);
    expect(note).toMatch(/\$[^$]+\$/);
    expect(note).toContain('```mermaid');
    expect(note).toContain('| --- |');
    expect(note).toMatch(/^\t1\.\S/m);
  });
});
