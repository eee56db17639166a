import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, isNoteFileName, refuseFile, walkNotes } from './walk.js';
import type { WalkLimits } from './walk.js';

let root: string;
let outside: string;

// FIFOs, POSIX symlinks and /dev/null do not exist on Windows.
const posixIt = it.skipIf(process.platform === 'win32');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lattice-walk-'));
  outside = mkdtempSync(join(tmpdir(), 'lattice-walk-outside-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function write(relPath: string, content: string | Buffer = '# 笔记\n'): string {
  const abs = join(root, relPath);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

const limits = (overrides: Partial<WalkLimits>): WalkLimits => ({ ...DEFAULT_LIMITS, ...overrides });
const relPaths = (result: ReturnType<typeof walkNotes>): string[] => result.files.map((f) => f.relPath);
const problemsOf = (result: ReturnType<typeof walkNotes>): Record<string, string> =>
  Object.fromEntries(result.problems.map((p) => [p.relPath, p.error]));

describe('which files are notes', () => {
  it('finds .md, .markdown and .txt files in sub-folders, sorted, with "/" paths and sizes', () => {
    write('b.md', '12345');
    write('a.markdown');
    write('c.txt');
    write('UPPER.MD');
    write('sub/deeper/d.md');
    write('image.png');
    write('notes.md.bak');
    const result = walkNotes(root);
    expect(relPaths(result)).toEqual(['UPPER.MD', 'a.markdown', 'b.md', 'c.txt', 'sub/deeper/d.md']);
    expect(result.files.find((f) => f.relPath === 'b.md')?.size).toBe(5);
    expect(result.files[0]?.absPath).toBe(join(root, 'UPPER.MD'));
    expect(result.problems).toEqual([]);
  });

  it('skips hidden folders such as .git, .obsidian and .trash, hidden files and node_modules', () => {
    write('.git/HEAD.md');
    write('.obsidian/workspace.md');
    write('.trash/old.md');
    write('.draft.md');
    write('node_modules/pkg/README.md');
    write('visible.md');
    expect(relPaths(walkNotes(root))).toEqual(['visible.md']);
  });

  it('isNoteFileName matches only note extensions', () => {
    expect(['a.md', 'a.MARKDOWN', 'a.txt'].map(isNoteFileName)).toEqual([true, true, true]);
    expect(['a.png', 'a.mdx', 'md', 'a.md.swp'].map(isNoteFileName)).toEqual([false, false, false, false]);
  });
});

describe('what is refused, with a reason, without stopping the walk', () => {
  it('reports a file over the size cap with its size and the limit, and keeps the others', () => {
    write('big.md', 'x'.repeat(5000));
    write('small.md', 'x'.repeat(10));
    const result = walkNotes(root, limits({ maxFileBytes: 1000 }));
    expect(relPaths(result)).toEqual(['small.md']);
    expect(problemsOf(result)).toEqual({ 'big.md': 'is 4.9 KB, over the limit of 1000 bytes for one note' });
  });

  it('states sizes in MB for large files, exactly when rounding would hide the difference', () => {
    write('just-over.md', 'x'.repeat(1024 * 1024 + 1));
    const result = walkNotes(root, limits({ maxFileBytes: 1024 * 1024 }));
    expect(problemsOf(result)).toEqual({ 'just-over.md': 'is 1048577 bytes, over the limit of 1048576 bytes for one note' });
  });

  posixIt('reports a FIFO instead of opening it (which would hang)', () => {
    execFileSync('mkfifo', [join(root, 'pipe.md')]);
    write('ok.md');
    const result = walkNotes(root);
    expect(relPaths(result)).toEqual(['ok.md']);
    expect(problemsOf(result)).toEqual({ 'pipe.md': 'is a FIFO (named pipe), not a regular file' });
  });

  posixIt('reports a symlinked note that points outside the imported folder', () => {
    writeFileSync(join(outside, 'secret.md'), '# 不该被导入');
    symlinkSync(join(outside, 'secret.md'), join(root, 'leak.md'));
    const result = walkNotes(root);
    expect(relPaths(result)).toEqual([]);
    expect(problemsOf(result)).toEqual({ 'leak.md': 'is a symbolic link that leads outside the imported folder; skipped' });
  });

  posixIt('reports a symlinked folder that points outside, and does not walk it', () => {
    writeFileSync(join(outside, 'secret.md'), '# 不该被导入');
    symlinkSync(outside, join(root, 'elsewhere'));
    const result = walkNotes(root);
    expect(relPaths(result)).toEqual([]);
    expect(problemsOf(result)).toEqual({ elsewhere: 'is a symbolic link that leads outside the imported folder; skipped' });
  });

  posixIt('quietly ignores a symlink to something outside that is not a note', () => {
    writeFileSync(join(outside, 'photo.png'), 'png');
    symlinkSync(join(outside, 'photo.png'), join(root, 'photo.png'));
    expect(walkNotes(root)).toEqual({ files: [], problems: [] });
  });

  posixIt('follows a symlink to a note inside the folder', () => {
    write('real.md');
    symlinkSync(join(root, 'real.md'), join(root, 'alias.md'));
    expect(relPaths(walkNotes(root))).toEqual(['alias.md', 'real.md']);
  });

  posixIt('stops at a directory symlink cycle and reports it', () => {
    write('a/note.md');
    symlinkSync(root, join(root, 'a', 'loop'));
    symlinkSync(join(root, 'a'), join(root, 'a', 'self'));
    const result = walkNotes(root);
    expect(relPaths(result)).toEqual(['a/note.md']);
    expect(problemsOf(result)).toEqual({
      'a/loop': 'is a symbolic link back into a folder already imported (a cycle); skipped',
      'a/self': 'is a symbolic link back into a folder already imported (a cycle); skipped',
    });
  });

  posixIt('reports a broken symlink that looks like a note', () => {
    symlinkSync(join(root, 'missing.md'), join(root, 'dangling.md'));
    expect(problemsOf(walkNotes(root))).toEqual({ 'dangling.md': 'cannot be read: ENOENT' });
  });

  it('reports folders nested deeper than the limit', () => {
    write('1/2/3/deep.md');
    write('1/shallow.md');
    const result = walkNotes(root, limits({ maxDepth: 2 }));
    expect(relPaths(result)).toEqual(['1/shallow.md']);
    expect(problemsOf(result)).toEqual({ '1/2/3': 'is nested deeper than 2 folders; skipped' });
  });

  it('reports files beyond the per-import file limit', () => {
    for (const name of ['a.md', 'b.md', 'c.md']) write(name);
    const result = walkNotes(root, limits({ maxFiles: 2 }));
    expect(relPaths(result)).toEqual(['a.md', 'b.md']);
    expect(problemsOf(result)).toEqual({ 'c.md': 'skipped: the import is limited to 2 files at once' });
  });
});

describe('refuseFile', () => {
  posixIt('refuses devices and folders, accepts a regular file under the cap', () => {
    expect(refuseFile(statSync('/dev/null'), DEFAULT_LIMITS)).toBe('is a device, not a regular file');
    expect(refuseFile(statSync(root), DEFAULT_LIMITS)).toBe('is not a regular file');
    expect(refuseFile(statSync(write('ok.md')), DEFAULT_LIMITS)).toBeUndefined();
  });

  it('words the default 10 MB limit in MB', () => {
    const huge = write('huge.md', '');
    truncateSync(huge, 12.5 * 1024 * 1024); // sparse: takes no disk space
    expect(refuseFile(statSync(huge), DEFAULT_LIMITS)).toBe('is 12.5 MB, over the limit of 10.0 MB for one note');
  });
});
