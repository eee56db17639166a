import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { READING_VERSION } from './reread-notes.js';

// A store written by an older Lattice holds the text that Lattice's rules of
// the time made of a note. Here the "older rules" are played by rewriting the
// stored text the way the old line-joining rule did (a label line glued to
// the line before it) and forgetting the reading version, as such a store has.

let work: string;
const opened: Lattice[] = [];

function lattice(): Lattice {
  const instance = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  opened.push(instance);
  return instance;
}

function closeAll(): void {
  for (const instance of opened.splice(0)) instance.close();
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-reread-'));
  mkdirSync(join(work, 'notes'));
});
afterEach(() => {
  closeAll();
  rmSync(work, { recursive: true, force: true });
});

const NOTE = `# 推理加速

## 如何提高吞吐

continuous batching：请求结束后立刻插入新的序列，显存利用率更高，适合在线服务与async serveing
其他：投机采样、量化、PagedAttention
`;
const GLUED = 'async serveing其他：投机采样';

/** Imports the note, highlights 投机采样, and returns what was stored. */
async function importAndHighlight(): Promise<{ noteId: number; annotationId: string }> {
  writeFileSync(join(work, 'notes', 'serving.md'), NOTE);
  const app = lattice();
  await app.call('library.import', { paths: [join(work, 'notes')] });
  const [summary] = await app.call('notes.list', {});
  const note = await app.call('notes.get', { id: summary?.id ?? 0 });
  expect(note.text).toContain('async serveing\n其他：');
  const start = note.text.indexOf('投机采样');
  const annotation = await app.call('annotations.create', { noteId: note.id, start, end: start + 4 });
  await app.idle();
  return { noteId: note.id, annotationId: annotation.id };
}

/** Makes the store look as an older Lattice left it: glued text, no reading version. */
function ageStore(app: Lattice, noteId: number, forgetVersion = true): void {
  app.store.db.prepare("UPDATE notes SET text = replace(text, 'async serveing\n其他', 'async serveing其他') WHERE id = ?").run(noteId);
  if (forgetVersion) app.store.db.prepare("DELETE FROM settings WHERE key = 'readingVersion'").run();
}

describe('notes stored with older reading rules', () => {
  it('are read again from their stored source when the store opens, annotations and search following', async () => {
    const { noteId, annotationId } = await importAndHighlight();
    ageStore(opened[0] as Lattice, noteId);
    closeAll();
    const aged = openLattice({ dataDir: join(work, 'data'), withStarter: false });
    // Before the background job runs, the store still holds the old reading.
    expect(aged.store.db.prepare('SELECT text FROM notes WHERE id = ?').pluck().get(noteId)).toContain(GLUED);
    aged.close();

    const app = lattice();
    await app.idle();
    const note = await app.call('notes.get', { id: noteId });
    expect(note.text).toContain('async serveing\n其他：投机采样');
    expect(note.text).not.toContain(GLUED);
    const [annotation] = await app.call('annotations.list', { noteId });
    expect(annotation?.id).toBe(annotationId);
    expect(annotation?.state).toBe('anchored');
    expect(note.text.slice(annotation?.start ?? 0, annotation?.end ?? 0)).toBe('投机采样');
    // The note keeps the hash of its file's bytes: importing the unchanged file again changes nothing.
    const again = await app.call('library.import', { paths: [join(work, 'notes')] });
    expect(again).toMatchObject({ unchanged: 1, updated: 0, added: 0 });
    expect(app.context.settings.get('readingVersion')).toBe(String(READING_VERSION));
  });

  it('are left alone when the store was read with the current rules', async () => {
    const { noteId } = await importAndHighlight();
    ageStore(opened[0] as Lattice, noteId, false);
    closeAll();
    const app = lattice();
    await app.idle();
    expect((await app.call('notes.get', { id: noteId })).text).toContain(GLUED);
  });

  it('are not read again in a store that was empty when it opened', async () => {
    const app = lattice();
    expect(app.context.settings.get('readingVersion')).toBe(String(READING_VERSION));
  });
});

describe('notes imported before drill cards existed', () => {
  const BANK = '# 面试题\n\n### 为什么要除以根号 dk？\n\n点积的方差随维度增大。\n\n### 什么是 GQA？\n\n分组共享 KV。\n';
  const cardsOf = (
    app: Lattice,
    noteId: number,
  ): { id: string; question_exact: string; answer_exact: string | null; updated_at: string }[] =>
    app.store.db
      .prepare('SELECT id, question_exact, answer_exact, updated_at FROM cards WHERE note_id = ? ORDER BY question_start')
      .all(noteId) as {
      id: string;
      question_exact: string;
      answer_exact: string | null;
      updated_at: string;
    }[];

  it('get their cards when the store is read again, and keep them on the next reading', async () => {
    writeFileSync(join(work, 'notes', 'bank.md'), BANK);
    const first = lattice();
    await first.call('library.import', { paths: [join(work, 'notes')] });
    const [summary] = await first.call('notes.list', {});
    const noteId = summary?.id ?? 0;
    await first.idle();
    // As a store written before cards existed: no cards, an older reading version.
    first.store.db.prepare('DELETE FROM cards').run();
    first.store.db.prepare("UPDATE settings SET value = '2' WHERE key = 'readingVersion'").run();
    closeAll();

    const app = lattice();
    await app.idle();
    const cards = cardsOf(app, noteId);
    expect(cards.map((card) => [card.question_exact, card.answer_exact])).toEqual([
      ['为什么要除以根号 dk？', '点积的方差随维度增大。'],
      ['什么是 GQA？', '分组共享 KV。'],
    ]);
    expect(app.context.settings.get('readingVersion')).toBe(String(READING_VERSION));
    app.store.db.prepare("DELETE FROM settings WHERE key = 'readingVersion'").run();
    closeAll();

    // Read again: the same cards, not new ones beside them, and not even rewritten (updated_at stays).
    const again = lattice();
    await again.idle();
    expect(cardsOf(again, noteId)).toEqual(cards);
  });
});
