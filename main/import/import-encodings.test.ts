import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoteRepository } from '../../db/repositories/notes.js';
import type { ImportReport, NoteDetail } from '../api/contract.js';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { buildNoteContent, contentHash } from './note-content.js';

// A note re-saved in another encoding, through the whole app: real files in a
// temporary folder, a real SQLite store, annotations made through the API.

const NOTE = `# KV Cache 面试笔记

## 为什么需要 KV cache？

自回归解码时，每生成一个 token 都要用到之前所有位置的 K 和 V。把它们缓存起来，就不必每一步重新计算。

## 代价是什么？

显存随序列长度线性增长：每层缓存 $2 \\times n \\times d$ 个数，所以有了 MQA 和 GQA。
`;

let work: string;
let file: string;
let app: Lattice;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-encodings-'));
  mkdirSync(join(work, 'notes'));
  file = join(work, 'notes', 'kv.md');
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
});

afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

const save = (bytes: Uint8Array): void => writeFileSync(file, bytes);
const encode = (text: string, encoding: string): Uint8Array => Uint8Array.from(iconv.encode(text, encoding));
const importNotes = (): Promise<ImportReport> => app.call('library.import', { paths: [join(work, 'notes')] });

async function theNote(): Promise<NoteDetail> {
  const [summary] = await app.call('notes.list', {});
  return app.call('notes.get', { id: summary?.id ?? 0 });
}

async function highlight(note: NoteDetail, phrase: string): Promise<string> {
  const start = note.text.indexOf(phrase);
  expect(start).toBeGreaterThanOrEqual(0);
  return (await app.call('annotations.create', { noteId: note.id, start, end: start + phrase.length, comment: '记住' })).id;
}

describe('a stored note re-saved in another encoding', () => {
  it('is updated with the same text, and its annotations stay where they were', async () => {
    save(new TextEncoder().encode(NOTE));
    await importNotes();
    const original = await theNote();
    const id = await highlight(original, '就不必每一步重新计算');
    const anchored = await app.call('annotations.get', { id });

    const versions: [string, Uint8Array, string[]][] = [
      ['GBK', encode(NOTE.replace(/\n/g, '\r\n'), 'gbk'), ['decoded as GBK: the file is not UTF-8']],
      ['UTF-16 LE with a mark', Uint8Array.from([0xff, 0xfe, ...encode(NOTE, 'utf-16le')]), []],
      ['UTF-16 BE without a mark', encode(NOTE, 'utf-16be'), ['decoded as UTF-16 BE: the file has no byte order mark']],
      ['UTF-32 LE with a mark', Uint8Array.from([0xff, 0xfe, 0x00, 0x00, ...encode(NOTE, 'utf-32le')]), []],
      ['UTF-8 again', new TextEncoder().encode(NOTE), []],
    ];
    for (const [name, bytes, warnings] of versions) {
      save(bytes);
      const report = await importNotes();
      expect(report, name).toMatchObject({ added: 0, updated: 1, unchanged: 0, removed: 0, failed: [] });
      expect(report.warnings, name).toEqual(warnings.map((warning) => ({ path: file, warning })));
      const note = await theNote();
      expect(note.id, name).toBe(original.id);
      expect(note.text, name).toBe(original.text);
      expect(note.source, name).toBe(original.source);
      expect(note.contentHash, name).toBe(contentHash(bytes));
      const annotation = await app.call('annotations.get', { id });
      expect(annotation, name).toMatchObject({
        state: 'anchored',
        start: anchored.start,
        end: anchored.end,
        contentHash: note.contentHash,
      });
      expect(annotation.quote, name).toEqual(anchored.quote);
    }
  });

  it('keeps the stored version, and reports the file, when the new one has characters that could not be decoded', async () => {
    save(new TextEncoder().encode(NOTE));
    await importNotes();
    const original = await theNote();
    const id = await highlight(original, '显存随序列长度线性增长');

    // Edited, then saved as GBK by a tool that damaged one byte (0xFF is never a GBK byte).
    const edited = encode(NOTE.replace('所以有了', '所以后来有了'), 'gbk');
    const at = edited.indexOf(0x0a, 40);
    save(Uint8Array.from([...edited.subarray(0, at), 0xff, ...edited.subarray(at)]));
    const report = await importNotes();
    expect(report).toMatchObject({ added: 0, updated: 0, unchanged: 0, removed: 0, warnings: [] });
    expect(report.failed).toEqual([
      {
        path: file,
        error:
          'not updated: read as GBK, 1 character could not be decoded (shown as �), and the version already imported has none; that version is kept (save the file as UTF-8 and import it again)',
      },
    ]);
    const kept = await theNote();
    expect(kept).toMatchObject({
      id: original.id,
      text: original.text,
      source: original.source,
      contentHash: original.contentHash,
      removedAt: null,
    });
    expect(kept.text).not.toContain('\uFFFD');
    expect(await app.call('annotations.get', { id })).toMatchObject({ state: 'anchored', contentHash: original.contentHash });

    // Reported again at every import until the file reads cleanly; then it is taken.
    expect((await importNotes()).failed).toHaveLength(1);
    save(edited);
    const fixed = await importNotes();
    expect(fixed).toMatchObject({ updated: 1, failed: [], warnings: [{ path: file, warning: 'decoded as GBK: the file is not UTF-8' }] });
    expect((await theNote()).text).toContain('所以后来有了');
    expect(await app.call('annotations.get', { id })).toMatchObject({ state: 'anchored' });
  });

  it('still imports a new note whose decoding lost characters, with the warning', async () => {
    const bytes = encode(NOTE, 'gbk');
    save(Uint8Array.from([...bytes, 0xff, 0x0a]));
    const report = await importNotes();
    expect(report).toMatchObject({ added: 1, failed: [] });
    expect(report.warnings.map((w) => w.warning)).toEqual([
      'decoded as GBK: the file is not UTF-8',
      'not valid GBK: 1 invalid byte sequence replaced with �',
    ]);
    expect((await theNote()).text).toContain('\uFFFD');
  });
});

describe('notes stored before encodings were detected', () => {
  it('are read again: a GBK note stored as damaged UTF-8 is replaced by its right reading', async () => {
    const bytes = encode(NOTE, 'gbk');
    save(bytes);
    await importNotes();
    const right = await theNote();
    // What the importer stored before: the GBK bytes read as UTF-8, with its warning, under the file's hash.
    const garbled = buildNoteContent(new TextEncoder().encode(new TextDecoder('utf-8').decode(bytes)), 'kv.md');
    const repository = new NoteRepository(app.store.db);
    repository.save(
      right.libraryId,
      right.path,
      { ...garbled, contentHash: contentHash(bytes), warnings: ['not valid UTF-8: 60 invalid byte sequences replaced with �'] },
      '2026-01-01T00:00:00.000Z',
      right.id,
    );
    expect((await theNote()).text).toContain('\uFFFD');

    const report = await importNotes();
    expect(report).toMatchObject({
      updated: 1,
      unchanged: 0,
      failed: [],
      warnings: [{ path: file, warning: 'decoded as GBK: the file is not UTF-8' }],
    });
    expect((await theNote()).text).toBe(right.text);
    // Read right once, the note is left alone like any other.
    expect(await importNotes()).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('leaves a damaged UTF-8 note unchanged when it reads the same again', async () => {
    save(Uint8Array.from([...new TextEncoder().encode(NOTE), 0xc3, 0x0a]));
    expect((await importNotes()).warnings).toEqual([{ path: file, warning: 'not valid UTF-8: 1 invalid byte sequence replaced with �' }]);
    expect(await importNotes()).toMatchObject({ added: 0, updated: 0, unchanged: 1, warnings: [] });
  });
});
