import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { LibraryRepository } from '../../db/repositories/libraries.js';
import { NoteRepository } from '../../db/repositories/notes.js';
import { importPaths } from './import-notes.js';
import type { ImportProgress, ImportReport } from './import-notes.js';
import { buildNoteContent } from './note-content.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const FIXTURE_NOTES = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.md'))
  .sort();

// FIFOs and POSIX symlinks do not exist on Windows.
const posixIt = it.skipIf(process.platform === 'win32');

let temp: string;
let root: string;
let store: Store;
let notes: NoteRepository;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-import-'));
  root = join(temp, 'library');
  cpSync(FIXTURES, root, { recursive: true });
  store = openStore(':memory:');
  notes = new NoteRepository(store.db);
});

afterEach(() => {
  store.close();
  rmSync(temp, { recursive: true, force: true });
});

function write(relPath: string, content: string | Buffer): string {
  const abs = join(root, relPath);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

const counts = ({ added, updated, unchanged, removed }: ImportReport): Record<string, number> => ({ added, updated, unchanged, removed });
const noteByPath = (path: string): ReturnType<NoteRepository['get']> =>
  notes
    .list({ includeRemoved: true })
    .map((n) => notes.get(n.id))
    .find((n) => n?.path === path);

/**
 * No half-written note: every stored note's derived rows are exactly what its
 * stored source produces, and its sections point into its own text.
 */
function expectEveryNoteWhole(target: Store = store): void {
  const repo = new NoteRepository(target.db);
  for (const summary of repo.list({ includeRemoved: true })) {
    const note = repo.get(summary.id);
    if (!note) throw new Error(`note ${summary.id} vanished`);
    const rebuilt = buildNoteContent(new TextEncoder().encode(note.source), note.path);
    expect(note.text, note.path).toBe(rebuilt.text);
    expect(repo.sections(note.id), note.path).toEqual(rebuilt.sections);
    for (const section of repo.sections(note.id)) {
      expect(note.text.slice(section.startOffset, section.endOffset).startsWith(section.title)).toBe(true);
    }
    const rows = (table: string): number =>
      (target.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE note_id = ?`).get(note.id) as { n: number }).n;
    expect(rows('formulas'), note.path).toBe(note.formulaCount);
    expect(rows('diagrams'), note.path).toBe(note.diagramCount);
    expect(rows('note_links'), note.path).toBe(rebuilt.links.length);
  }
}

describe('importing a folder', () => {
  it('adds every note and reports the counts', () => {
    const report = importPaths(store, [root]);
    expect(counts(report)).toEqual({ added: FIXTURE_NOTES.length, updated: 0, unchanged: 0, removed: 0 });
    expect(report.failed).toEqual([]);
    expect(notes.list().map((n) => [n.path, n.title])).toEqual([
      ['crlf-bom.md', 'Windows 记事本笔记'],
      ['digital-garden.md', 'peft-lora'],
      ['fenced-formulas.md', '激活函数与注意力公式'],
      ['hostile.md', '恶意笔记'],
      ['odd-yaml-questions.md', '大模型面试速记'],
      ['qa-headings.md', 'RLHF 面试题'],
      ['remote-images-urls.md', '参考资料'],
    ]);
    expect(notes.list().find((n) => n.path === 'fenced-formulas.md')).toMatchObject({ formulaCount: 7, sectionCount: 3 });
    expectEveryNoteWhole();
  });

  it('reports everything unchanged when nothing changed', () => {
    importPaths(store, [root]);
    const before = notes.list();
    const report = importPaths(store, [root]);
    expect(counts(report)).toEqual({ added: 0, updated: 0, unchanged: FIXTURE_NOTES.length, removed: 0 });
    expect(notes.list()).toEqual(before);
  });

  it('updates only the file that was edited, replacing its sections rather than adding to them', () => {
    importPaths(store, [root]);
    write('qa-headings.md', '# 改写后的笔记\n\n## 唯一的小节\n\n新内容 $a+b$');
    const report = importPaths(store, [root]);
    expect(counts(report)).toEqual({ added: 0, updated: 1, unchanged: FIXTURE_NOTES.length - 1, removed: 0 });
    const note = noteByPath('qa-headings.md');
    expect(note).toMatchObject({
      title: '改写后的笔记',
      text: '改写后的笔记\n唯一的小节\n新内容 a+b',
      formulaCount: 1,
      diagramCount: 0,
      sectionCount: 2,
    });
    expectEveryNoteWhole();
  });

  it('marks a deleted file removed: gone from the list, but its row (for annotations) stays', () => {
    importPaths(store, [root]);
    const id = noteByPath('hostile.md')?.id ?? -1;
    unlinkSync(join(root, 'hostile.md'));
    const report = importPaths(store, [root], { now: () => '2026-01-02T03:04:05.000Z' });
    expect(counts(report)).toEqual({ added: 0, updated: 0, unchanged: FIXTURE_NOTES.length - 1, removed: 1 });
    expect(notes.list().map((n) => n.path)).not.toContain('hostile.md');
    expect(notes.list({ includeRemoved: true }).map((n) => n.path)).toContain('hostile.md');
    expect(notes.get(id)).toMatchObject({ path: 'hostile.md', removedAt: '2026-01-02T03:04:05.000Z', title: '恶意笔记' });
    expect(notes.sections(id)).toHaveLength(1);
    expect(counts(importPaths(store, [root]))).toMatchObject({ removed: 0 });
  });

  it('brings a removed note back, with the same id, when its file returns', () => {
    importPaths(store, [root]);
    const original = noteByPath('hostile.md');
    unlinkSync(join(root, 'hostile.md'));
    importPaths(store, [root]);
    cpSync(new URL('hostile.md', FIXTURES), join(root, 'hostile.md'));
    const report = importPaths(store, [root]);
    expect(counts(report)).toEqual({ added: 1, updated: 0, unchanged: FIXTURE_NOTES.length - 1, removed: 0 });
    expect(noteByPath('hostile.md')).toMatchObject({ id: original?.id, removedAt: null });
    expect(notes.list().map((n) => n.path)).toContain('hostile.md');
  });

  it('brings a removed note back with its new content when the file returns edited', () => {
    importPaths(store, [root]);
    const id = noteByPath('hostile.md')?.id;
    unlinkSync(join(root, 'hostile.md'));
    importPaths(store, [root]);
    write('hostile.md', '# 已经改好了');
    expect(counts(importPaths(store, [root]))).toMatchObject({ added: 1, updated: 0 });
    expect(noteByPath('hostile.md')).toMatchObject({ id, title: '已经改好了', removedAt: null });
    expectEveryNoteWhole();
  });

  it('imports .txt and .markdown files and ignores images', () => {
    write('plain.txt', '纯文本笔记');
    write('long-name.markdown', '# Markdown 扩展名');
    write('figure.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const report = importPaths(store, [root]);
    expect(report.added).toBe(FIXTURE_NOTES.length + 2);
    expect(report.failed).toEqual([]);
    expect(noteByPath('plain.txt')?.title).toBe('plain');
    expect(noteByPath('long-name.markdown')?.title).toBe('Markdown 扩展名');
    expect(noteByPath('figure.png')).toBeUndefined();
  });

  it('skips hidden folders such as .git and .obsidian', () => {
    write('.git/COMMIT_EDITMSG.md', '# git');
    write('.obsidian/workspace.md', '# obsidian');
    importPaths(store, [root]);
    expect(
      notes
        .list()
        .map((n) => n.path)
        .filter((p) => p.startsWith('.')),
    ).toEqual([]);
  });

  it('reports progress from scanning to done', () => {
    const events: ImportProgress[] = [];
    importPaths(store, [root], { onProgress: (p) => events.push(p) });
    expect(events[0]).toEqual({ phase: 'scanning', done: 0, total: 0 });
    expect(events.at(-1)).toEqual({ phase: 'done', done: FIXTURE_NOTES.length, total: FIXTURE_NOTES.length });
    expect(events.some((e) => e.phase === 'importing')).toBe(true);
  });

  it('produces a report that is plain JSON', () => {
    const report = importPaths(store, [root]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('one bad file never stops the batch', () => {
  it('reports a file over the size cap with its path and reason, and imports the rest', () => {
    const big = write('big.md', `# 很大\n${'字'.repeat(2000)}`);
    const report = importPaths(store, [root], { limits: { maxFileBytes: 4096, maxFiles: 1000, maxDepth: 16 } });
    expect(report.failed).toEqual([{ path: big, error: 'is 5.9 KB, over the limit of 4.0 KB for one note' }]);
    expect(report.added).toBe(FIXTURE_NOTES.length);
  });

  posixIt('reports a FIFO instead of hanging on it', () => {
    const fifo = join(root, 'pipe.md');
    execFileSync('mkfifo', [fifo]);
    const report = importPaths(store, [root]);
    expect(report.failed).toEqual([{ path: fifo, error: 'is a FIFO (named pipe), not a regular file' }]);
    expect(report.added).toBe(FIXTURE_NOTES.length);
  });

  posixIt('reports a symlink that leaves the imported folder and never reads its target', () => {
    const outside = join(temp, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.md'), '# 私密');
    symlinkSync(join(outside, 'secret.md'), join(root, 'leak.md'));
    const report = importPaths(store, [root]);
    expect(report.failed).toEqual([
      { path: join(root, 'leak.md'), error: 'is a symbolic link that leads outside the imported folder; skipped' },
    ]);
    expect(notes.list().map((n) => n.title)).not.toContain('私密');
  });

  posixIt('survives a directory symlink cycle and reports it', () => {
    write('topic/inner.md', '# 内层');
    symlinkSync(root, join(root, 'topic', 'back-to-root'));
    const report = importPaths(store, [root]);
    expect(report.failed).toEqual([
      { path: join(root, 'topic', 'back-to-root'), error: 'is a symbolic link back into a folder already imported (a cycle); skipped' },
    ]);
    expect(report.added).toBe(FIXTURE_NOTES.length + 1);
  });

  it('imports a file that is not valid UTF-8, with a warning naming the file', () => {
    const bad = write('gbk.md', Buffer.concat([Buffer.from('# 编码\n'), Buffer.from([0xc4, 0xe3, 0xba]), Buffer.from('\n')]));
    const report = importPaths(store, [root]);
    expect(report.failed).toEqual([]);
    expect(report.warnings).toEqual([
      { path: bad, warning: expect.stringMatching(/^not valid UTF-8: \d invalid byte sequences? replaced with �$/) },
    ]);
    const note = noteByPath('gbk.md');
    expect(note?.title).toBe('编码');
    expect(note?.text).toContain('\ufffd');
    expect(note?.warnings).toEqual([report.warnings[0]?.warning]);
  });

  it('reports a binary file and keeps the version stored before it was overwritten', () => {
    importPaths(store, [root]);
    const bin = write('qa-headings.md', Buffer.from([0x23, 0x00, 0x01, 0x02]));
    const report = importPaths(store, [root]);
    expect(report.failed).toEqual([{ path: bin, error: 'looks like a binary file (it contains NUL bytes), not a text note' }]);
    expect(report.removed).toBe(0);
    expect(noteByPath('qa-headings.md')).toMatchObject({ title: 'RLHF 面试题', removedAt: null });
  });

  it('reports a path that does not exist, and a single file that is not a note', () => {
    const png = write('figure.png', 'png');
    const report = importPaths(store, [join(temp, 'missing'), png]);
    expect(report.failed).toEqual([
      { path: join(temp, 'missing'), error: 'no such file or folder' },
      { path: png, error: 'is not a note file (.md, .markdown or .txt)' },
    ]);
  });
});

describe('single files and sub-folders', () => {
  it('imports a single file into a library rooted at its folder', () => {
    const report = importPaths(store, [join(root, 'qa-headings.md')]);
    expect(counts(report)).toEqual({ added: 1, updated: 0, unchanged: 0, removed: 0 });
    expect(new LibraryRepository(store.db).list().map((l) => l.rootPath)).toEqual([root]);
    expect(notes.list().map((n) => n.path)).toEqual(['qa-headings.md']);
    expect(counts(importPaths(store, [join(root, 'qa-headings.md')]))).toEqual({ added: 0, updated: 0, unchanged: 1, removed: 0 });
  });

  it('does not mark the other notes of the library removed when one file is imported alone', () => {
    importPaths(store, [root]);
    const report = importPaths(store, [join(root, 'hostile.md')]);
    expect(counts(report)).toEqual({ added: 0, updated: 0, unchanged: 1, removed: 0 });
    expect(notes.list()).toHaveLength(FIXTURE_NOTES.length);
  });

  it('imports a sub-folder of an imported folder into the same library, with no duplicate notes', () => {
    write('topic/a.md', '# 甲');
    write('topic/b.md', '# 乙');
    importPaths(store, [root]);
    const libraries = new LibraryRepository(store.db);
    const report = importPaths(store, [join(root, 'topic')]);
    expect(counts(report)).toEqual({ added: 0, updated: 0, unchanged: 2, removed: 0 });
    expect(libraries.list()).toHaveLength(1);
    expect(notes.list()).toHaveLength(FIXTURE_NOTES.length + 2);
    expect(notes.list().map((n) => n.path)).toEqual(expect.arrayContaining(['topic/a.md', 'topic/b.md']));
  });

  it('marks removed only what is gone from the re-imported sub-folder', () => {
    write('topic/a.md', '# 甲');
    write('topic/b.md', '# 乙');
    importPaths(store, [root]);
    unlinkSync(join(root, 'topic', 'b.md'));
    unlinkSync(join(root, 'hostile.md'));
    const report = importPaths(store, [join(root, 'topic')]);
    expect(counts(report)).toEqual({ added: 0, updated: 0, unchanged: 1, removed: 1 });
    expect(noteByPath('topic/b.md')?.removedAt).not.toBeNull();
    expect(noteByPath('hostile.md')?.removedAt).toBeNull();
  });

  it('imports a parent of an imported folder without storing the sub-folder’s notes twice', () => {
    write('topic/a.md', '# 甲');
    write('topic/b.md', '# 乙');
    importPaths(store, [join(root, 'topic')]);
    const report = importPaths(store, [root]);
    expect(counts(report)).toEqual({ added: FIXTURE_NOTES.length, updated: 0, unchanged: 2, removed: 0 });
    expect(
      notes
        .list()
        .map((n) => n.title)
        .filter((t) => t === '甲' || t === '乙'),
    ).toEqual(['甲', '乙']);
    unlinkSync(join(root, 'topic', 'b.md'));
    expect(counts(importPaths(store, [root]))).toEqual({ added: 0, updated: 0, unchanged: FIXTURE_NOTES.length + 1, removed: 1 });
  });

  it('does not mark notes removed when their folder could not be walked', () => {
    write('a/b/c/deep.md', '# 深层笔记');
    importPaths(store, [root]);
    const report = importPaths(store, [root], { limits: { maxFileBytes: 1 << 20, maxFiles: 1000, maxDepth: 1 } });
    expect(report.failed).toEqual([{ path: join(root, 'a', 'b'), error: 'is nested deeper than 1 folders; skipped' }]);
    expect(report.removed).toBe(0);
    expect(noteByPath('a/b/c/deep.md')?.removedAt).toBeNull();
  });
});

describe('a crash mid-import loses nothing stored before and leaves no half-written note', () => {
  it('keeps every note written before the crash, whole, in a file database that is reopened', () => {
    const dbPath = join(temp, 'data', 'lattice.db');
    let fileStore = openStore(dbPath);
    importPaths(fileStore, [root]);
    write('extra/one.md', '# 一\n\n$$x$$');
    write('extra/two.md', '# 二');
    write('qa-headings.md', '# 改过的 RLHF 笔记');
    write('remote-images-urls.md', '# 改过的参考资料');
    const crash = (progress: ImportProgress): void => {
      if (progress.phase === 'importing' && progress.done === progress.total) throw new Error('power cut');
    };
    // Files in walk order; the crash comes as the last one, remote-images-urls.md, is about to be read.
    expect(() => importPaths(fileStore, [root], { batchSize: 1, onProgress: crash })).toThrow('power cut');
    fileStore.close();

    fileStore = openStore(dbPath);
    try {
      const reopened = new NoteRepository(fileStore.db);
      const titles = Object.fromEntries(reopened.list().map((n) => [n.path, n.title]));
      expect(titles).toMatchObject({
        'extra/one.md': '一',
        'extra/two.md': '二',
        'qa-headings.md': '改过的 RLHF 笔记',
        'remote-images-urls.md': '参考资料',
      });
      expect(Object.keys(titles)).toHaveLength(FIXTURE_NOTES.length + 2);
      expectEveryNoteWhole(fileStore);
      const resumed = importPaths(fileStore, [root]);
      expect(counts(resumed)).toEqual({ added: 0, updated: 1, unchanged: FIXTURE_NOTES.length + 1, removed: 0 });
    } finally {
      fileStore.close();
    }
  });

  it('rolls back only the note whose save failed, and reports it', () => {
    // A real SQLite failure while the note's sections are written, after its row was inserted.
    store.db.exec(`CREATE TRIGGER fail_one BEFORE INSERT ON sections WHEN NEW.title = '参考资料'
      BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`);
    const report = importPaths(store, [root], { batchSize: 3 });
    expect(report.failed).toEqual([{ path: join(root, 'remote-images-urls.md'), error: 'could not be stored: simulated write failure' }]);
    expect(report.added).toBe(FIXTURE_NOTES.length - 1);
    expect(noteByPath('remote-images-urls.md')).toBeUndefined();
    expectEveryNoteWhole();
  });

  it('stops with the real reason when SQLite abandons the whole transaction (as on a full disk), keeping earlier batches', () => {
    // RAISE(ROLLBACK) ends the enclosing transaction, as SQLITE_FULL or an I/O error can.
    store.db.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON sections WHEN NEW.title = '恶意笔记'
      BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END`);
    // Batches of two: [crlf-bom, digital-garden] [fenced-formulas, hostile] [odd-yaml, qa-headings] …
    expect(() => importPaths(store, [root], { batchSize: 2 })).toThrow('database or disk is full');
    expect(store.db.inTransaction).toBe(false);
    expect(notes.list().map((n) => n.path)).toEqual(['crlf-bom.md', 'digital-garden.md']);
    expectEveryNoteWhole();
  });
});
