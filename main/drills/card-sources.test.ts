import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { keyHash } from '../../db/repositories/card-records.js';
import type { CardRecord } from '../../db/repositories/card-records.js';
import { NoteRepository } from '../../db/repositories/notes.js';
import { importPaths } from '../import/import-notes.js';
import { buildNoteContent } from '../import/note-content.js';
import { QuestionKeys, questionKey, syncNoteCards } from './note-cards.js';
import { DrillScheduler } from './scheduler.js';
import { BANK } from './test-support.js';

// Two notes of one collection that ask some of the same questions, each in
// its own style: a `###` bank (BANK) and numbered paragraphs. `原理` is
// elliptical (it needs its parent) and never shared.
const NUMBERED = `# 面试复习

1. 为什么要除以根号dk
防止 softmax 饱和，梯度消失。

2. 什么是 GQA
多个 query 头共享一组 KV 头。

3. LoRA 的原理是什么？
低秩分解，只训练 A 和 B。

## LoRA

### 原理

冻结原权重，旁路低秩矩阵。
`;

let temp: string;
let store: Store;
let notes: NoteRepository;
let scheduler: DrillScheduler;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-sources-'));
  store = openStore(':memory:');
  notes = new NoteRepository(store.db);
  scheduler = new DrillScheduler(store.db);
});

afterEach(() => {
  store.close();
  rmSync(temp, { recursive: true, force: true });
});

function write(name: string, text: string): void {
  writeFileSync(join(temp, name), text);
}

function importAll(): void {
  const report = importPaths(store, [temp]);
  expect(report.failed).toEqual([]);
}

const noteId = (name: string): number => notes.versionsIn(1).get(name)?.id ?? -1;
const byQuestion = (question: string): CardRecord[] => scheduler.cards.listAll().filter((card) => card.question.exact.startsWith(question));
const logRows = (cardId: string): number =>
  store.db.prepare('SELECT COUNT(*) FROM review_log WHERE card_id = ?').pluck().get(cardId) as number;

describe('the same question in several notes', () => {
  it('is one card: the note imported first is its primary source, the other an extra source', () => {
    write('a-bank.md', BANK);
    write('b-numbered.md', NUMBERED);
    importAll();
    const a = noteId('a-bank.md');
    const b = noteId('b-numbered.md');
    const dk = byQuestion('为什么要除以根号');
    expect(dk).toHaveLength(1);
    expect(dk[0]).toMatchObject({ noteId: a, question: { exact: '为什么要除以根号 dk？' } });
    const extra = scheduler.cards.sources.ofCard(dk[0]?.id ?? '');
    expect(extra.map((source) => [source.noteId, source.question.exact, source.lines.line])).toEqual([[b, '为什么要除以根号dk', 3]]);
    expect(byQuestion('什么是 GQA')).toHaveLength(1);
    // Asked by one note only: a card of its own.
    expect(byQuestion('LoRA 的原理是什么？')).toHaveLength(1);
    // `原理` under FlashAttention and under LoRA are two questions, not one.
    expect(byQuestion('原理').map((card) => [card.noteId, card.context])).toEqual([
      [a, 'FlashAttention'],
      [b, 'LoRA'],
    ]);
    // Importing both again changes nothing.
    const before = scheduler.cards.listAll();
    importAll();
    expect(scheduler.cards.listAll()).toEqual(before);
    expect(scheduler.cards.sources.ofCard(dk[0]?.id ?? '')).toEqual(extra);
  });

  it('keeps an extra source as a place in its note: its quote is the note’s text there, and it follows an edit above it', () => {
    write('a-bank.md', BANK);
    write('b-numbered.md', NUMBERED);
    importAll();
    const b = noteId('b-numbered.md');
    const [dk] = byQuestion('为什么要除以根号') as [CardRecord];
    const textOf = (id: number): string => notes.get(id)?.text ?? '';
    const [source] = scheduler.cards.sources.ofCard(dk.id);
    const text = textOf(b);
    expect(source?.question.exact).toBe('为什么要除以根号dk');
    expect(text.slice(source?.question.start, source?.question.end)).toBe('为什么要除以根号dk');
    expect(text.slice((source?.question.start ?? 0) - (source?.question.prefix.length ?? 0), source?.question.start)).toBe(
      source?.question.prefix,
    );
    // No copy of the question is stored: the row holds offsets, the note holds the words.
    const stored = store.db.prepare('SELECT * FROM note_card_sources WHERE note_id = ?').all(b) as Record<string, unknown>[];
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) expect(Object.values(row)).not.toContain('为什么要除以根号dk');
    // The note's row is one per note (migration 0020): none of its values, nor any entry's, holds the question either.
    expect(stored).toHaveLength(1);
    for (const row of stored) for (const value of Object.values(row)) expect(String(value)).not.toContain('为什么要除以根号dk');
    expect(JSON.parse(String(stored[0]?.card_ids))).toContain(dk.id);

    // A paragraph written above the question moves it; the source follows it, and the card stays one.
    write('b-numbered.md', NUMBERED.replace('# 面试复习\n', '# 面试复习\n\n先复习注意力，再看微调。\n'));
    importAll();
    const [moved] = scheduler.cards.sources.ofCard(dk.id);
    expect(moved?.noteId).toBe(b);
    expect(moved?.question.exact).toBe('为什么要除以根号dk');
    expect(moved?.question.start).toBeGreaterThan(source?.question.start ?? 0);
    expect(textOf(b).slice(moved?.question.start, moved?.question.end)).toBe('为什么要除以根号dk');
    expect(byQuestion('为什么要除以根号')).toHaveLength(1);
  });

  it('keeps its card, grades and all, on the other note when the primary note loses the question; an orphan only when no note asks it', () => {
    write('a-bank.md', BANK);
    write('b-numbered.md', NUMBERED);
    importAll();
    const b = noteId('b-numbered.md');
    const [dk] = byQuestion('为什么要除以根号') as [CardRecord];
    scheduler.grade({ cardId: dk.id, rating: 3 });
    const graded = scheduler.cards.get(dk.id)?.schedule;

    write('a-bank.md', BANK.replace('### 为什么要除以根号 dk？\n\n点积的方差随维度增大，softmax 会饱和。\n\n', ''));
    importAll();
    const moved = scheduler.cards.get(dk.id);
    expect(moved).toMatchObject({ noteId: b, isOrphan: false, isSuspended: false, question: { exact: '为什么要除以根号dk' } });
    expect(moved?.answer?.exact).toBe('防止 softmax 饱和，梯度消失。');
    expect(moved?.lines.line).toBe(3);
    expect(moved?.schedule).toEqual(graded);
    expect(scheduler.cards.sources.ofCard(dk.id)).toEqual([]);
    expect(byQuestion('为什么要除以根号')).toHaveLength(1);

    write('b-numbered.md', NUMBERED.replace('1. 为什么要除以根号dk\n防止 softmax 饱和，梯度消失。\n\n', ''));
    importAll();
    expect(scheduler.cards.get(dk.id)).toMatchObject({ isOrphan: true, isSuspended: true });
    expect(logRows(dk.id)).toBe(1);
  });

  it('shows the other note’s answer, in lists too, once the card moves onto it (a source row keeps only the span of its answer)', () => {
    // Longer than the part of an answer a card keeps for lists (200 UTF-16 units).
    const long = `${'低秩分解只训练两个小矩阵，'.repeat(20)}完。`;
    write('a-bank.md', BANK);
    write('c-lora.md', `# LoRA 复习\n\n### 为什么要除以根号 dk？\n\n${long}\n\n### 什么是 GQA？\n\n共享 KV 头。\n`);
    importAll();
    const c = noteId('c-lora.md');
    const [dk] = byQuestion('为什么要除以根号') as [CardRecord];
    const [gqa] = byQuestion('什么是 GQA') as [CardRecord];
    expect(scheduler.cards.sources.ofCard(dk.id).map((source) => source.noteId)).toEqual([c]);

    // The primary note loses one question (re-import) …
    write('a-bank.md', BANK.replace('### 为什么要除以根号 dk？\n\n点积的方差随维度增大，softmax 会饱和。\n\n', ''));
    importAll();
    const listed = byQuestion('为什么要除以根号');
    expect(listed.map((card) => [card.id, card.noteId, card.answer?.exact])).toEqual([[dk.id, c, long.slice(0, 200)]]);
    expect(scheduler.cards.get(dk.id)?.answer?.exact).toBe(long);

    // … and then its file goes: the other shared card moves too, with its answer.
    unlinkSync(join(temp, 'a-bank.md'));
    importAll();
    expect(byQuestion('什么是 GQA').map((card) => [card.id, card.noteId, card.isOrphan, card.answer?.exact])).toEqual([
      [gqa.id, c, false, '共享 KV 头。'],
    ]);
    expect(scheduler.cards.get(gqa.id)?.answer?.exact).toBe('共享 KV 头。');
  });

  it('drops only the extra source when that note loses the question', () => {
    write('a-bank.md', BANK);
    write('b-numbered.md', NUMBERED);
    importAll();
    const a = noteId('a-bank.md');
    const [gqa] = byQuestion('什么是 GQA') as [CardRecord];
    write('b-numbered.md', NUMBERED.replace('2. 什么是 GQA\n多个 query 头共享一组 KV 头。\n\n', ''));
    importAll();
    expect(scheduler.cards.get(gqa.id)).toMatchObject({ noteId: a, isOrphan: false });
    expect(scheduler.cards.sources.ofCard(gqa.id)).toEqual([]);
  });

  it('keeps a shared card live on its other note when the primary note’s file is deleted, and takes the note back as a source when it returns', () => {
    write('a-bank.md', BANK);
    write('b-numbered.md', NUMBERED);
    importAll();
    const a = noteId('a-bank.md');
    const b = noteId('b-numbered.md');
    const [dk] = byQuestion('为什么要除以根号') as [CardRecord];
    const [flash] = byQuestion('原理').filter((card) => card.noteId === a) as [CardRecord];
    unlinkSync(join(temp, 'a-bank.md'));
    importAll();
    expect(scheduler.cards.get(dk.id)).toMatchObject({ noteId: b, isOrphan: false });
    // Asked by the deleted note alone: an orphan, as before.
    expect(scheduler.cards.get(flash.id)).toMatchObject({ noteId: a, isOrphan: true });

    write('a-bank.md', BANK);
    importAll();
    expect(scheduler.cards.get(dk.id)).toMatchObject({ noteId: b, isOrphan: false });
    expect(scheduler.cards.sources.ofCard(dk.id).map((source) => source.noteId)).toEqual([a]);
    expect(scheduler.cards.get(flash.id)).toMatchObject({ isOrphan: false });
    expect(byQuestion('为什么要除以根号')).toHaveLength(1);
  });

  it('asked twice in a note that shares it: the first is a source of the shared card, the second a card of its own, stable across imports', () => {
    write('a-bank.md', BANK);
    write('b-twice.md', '# 复习\n\n## 一\n\n### 什么是 GQA？\n\n分组。\n\n## 二\n\n### 什么是 GQA？\n\n共享 KV。\n');
    importAll();
    const b = noteId('b-twice.md');
    const gqa = byQuestion('什么是 GQA');
    expect(gqa).toHaveLength(2);
    const [shared, own] = gqa as [CardRecord, CardRecord];
    expect(scheduler.cards.sources.ofCard(shared.id).map((source) => [source.noteId, source.context])).toEqual([[b, '一']]);
    expect([own.noteId, own.context]).toEqual([b, '二']);
    importAll();
    write('b-twice.md', '# 复习\n\n## 一\n\n### 什么是 GQA？\n\n分组查询。\n\n## 二\n\n### 什么是 GQA？\n\n共享 KV 头。\n');
    importAll();
    expect(byQuestion('什么是 GQA').map((card) => card.id)).toEqual(gqa.map((card) => card.id));
    expect(scheduler.cards.sources.ofCard(shared.id).map((source) => [source.noteId, source.context])).toEqual([[b, '一']]);
  });

  it('asked twice in one note is two cards (the note means two places to drill it)', () => {
    write('twice.md', '## 注意力\n\n### 什么是 GQA？\n\n分组共享 KV。\n\n## 推理优化\n\n### 什么是 GQA？\n\n减少 KV cache。\n');
    importAll();
    expect(byQuestion('什么是 GQA').map((card) => card.context)).toEqual(['注意力', '推理优化']);
  });

  it('keeps a note’s sources as one row, rewritten when the note changes and gone when it asks no other card’s question', () => {
    const third = '# 复习清单\n\n### 什么是 GQA？\n\n共享 KV。\n\n### 为什么要除以根号dk？\n\n方差。\n';
    write('a-bank.md', BANK);
    write('b-numbered.md', NUMBERED);
    write('c-list.md', third);
    importAll();
    const [b, c] = [noteId('b-numbered.md'), noteId('c-list.md')];
    const [dk] = byQuestion('为什么要除以根号') as [CardRecord];
    const [gqa] = byQuestion('什么是 GQA') as [CardRecord];
    const rows = () => store.db.prepare('SELECT note_id FROM note_card_sources ORDER BY note_id').pluck().all();
    expect(rows()).toEqual([b, c]);
    expect(scheduler.cards.sources.count()).toBe(4);
    // By where each question starts in the note.
    expect(scheduler.cards.sources.ofNote(c).map((source) => source.cardId)).toEqual([gqa.id, dk.id]);
    expect(scheduler.cards.sources.ofCard(gqa.id).map((source) => source.noteId)).toEqual([b, c]);

    write('c-list.md', third.replace('### 什么是 GQA？\n\n共享 KV。\n\n', ''));
    importAll();
    expect(scheduler.cards.sources.ofNote(c).map((source) => [source.cardId, source.question.exact])).toEqual([
      [dk.id, '为什么要除以根号dk？'],
    ]);
    expect(scheduler.cards.sources.ofCard(gqa.id).map((source) => source.noteId)).toEqual([b]);
    expect(byQuestion('什么是 GQA')).toHaveLength(1);

    write('c-list.md', '# 复习清单\n\n### 什么是 MQA？\n\n一组 KV。\n');
    importAll();
    expect(rows()).toEqual([b]);
    expect(scheduler.cards.sources.count()).toBe(2);
  });

  it('a card the import made and the person deleted before its next batch is not joined: the question asks SQLite, then gets a card', () => {
    write('a-bank.md', BANK);
    write('b-numbered.md', NUMBERED);
    write('c-list.md', '# 复习清单\n\n### 为什么要除以根号dk？\n\n方差。\n');
    importAll();
    const cards = scheduler.cards;
    // Start again from notes with no cards: every card deleted takes its places in other notes along.
    for (const card of cards.listAll()) expect(cards.delete(card.id)).toBe(true);
    expect(cards.sources.count()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM note_card_sources').pluck().get()).toBe(0);

    const [a, b, c] = [noteId('a-bank.md'), noteId('b-numbered.md'), noteId('c-list.md')];
    const contentOf = (id: number) => {
      const note = notes.get(id) as NonNullable<ReturnType<NoteRepository['get']>>;
      const content = buildNoteContent(Buffer.from(note.source, 'utf8'), note.path, note.contentHash);
      return { text: content.text, contentHash: content.contentHash, questions: content.questions, fields: content.cardFields };
    };
    const stamp = new Date().toISOString();
    // One import: its question keys span its batches.
    const keys = new QuestionKeys(cards.questionKeyHashes());
    store.transaction(() => syncNoteCards(cards, a, contentOf(a), stamp, [], { sources: [], keys }));
    const [dk] = byQuestion('为什么要除以根号') as [CardRecord];
    const [gqa] = byQuestion('什么是 GQA') as [CardRecord];
    // A first note joins it while it is there (the import then knows it exists)…
    expect(store.transaction(() => syncNoteCards(cards, c, contentOf(c), stamp, [], { sources: [], keys })).shared).toBe(1);
    expect(cards.sources.ofCard(dk.id).map((source) => source.noteId)).toEqual([c]);
    // …then the person deletes it, with its places in other notes.
    expect(cards.delete(dk.id)).toBe(true);
    expect(cards.sources.ofNote(c)).toEqual([]);
    const sync = store.transaction(() => syncNoteCards(cards, b, contentOf(b), stamp, [], { sources: [], keys }));
    expect(sync.shared).toBe(1);
    const dks = byQuestion('为什么要除以根号');
    expect(dks.map((card) => card.noteId)).toEqual([b]);
    expect(dks[0]?.id).not.toBe(dk.id);
    expect(cards.sources.ofNote(b).map((source) => source.cardId)).toEqual([gqa.id]);
    expect(cards.sources.ofCard(dk.id)).toEqual([]);
  });
  it('a card made by a note whose savepoint rolled back is not joined by a later note of the import: that note makes its own', () => {
    write('a.md', '# A\n\n### 什么是 GQA？\n\n分组共享 KV。\n');
    // b joins a's card and makes one for LoRA; then writing its sources fails, and the whole note rolls back.
    write('b.md', '# B\n\n### 什么是 GQA？\n\n多个 query 头共享 KV。\n\n### LoRA 的原理是什么？\n\n低秩分解。\n');
    // (b's note id is free again after the rollback: a note between takes it, so c's differs from the one b had.)
    write('b2.md', '# B2\n\n### 什么是 MQA？\n\n所有头共享一组 KV。\n');
    write('c.md', '# C\n\n### LoRA 的原理是什么？\n\n只训练 A 和 B。\n');
    store.db.exec(`CREATE TRIGGER fail_b BEFORE INSERT ON note_card_sources
      WHEN NEW.note_id = (SELECT id FROM notes WHERE path = 'b.md')
      BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`);
    const report = importPaths(store, [temp]);
    expect(report.failed.map((failure) => failure.path)).toEqual([join(temp, 'b.md')]);
    const lora = byQuestion('LoRA 的原理是什么');
    expect(lora.map((card) => card.noteId)).toEqual([noteId('c.md')]);
    expect(scheduler.cards.sources.ofNote(noteId('c.md'))).toEqual([]);
    expect(byQuestion('什么是 GQA').map((card) => card.noteId)).toEqual([noteId('a.md')]);
  });

  it('two questions whose keys share a hash stay two cards, and each joins its own in a later note', () => {
    // keyHash is 32 bits: an import of many questions can hold two keys that meet on one hash, as these do.
    const [one, other] = ['为什么第549599层的注意力会饱和？', '为什么第712382层的注意力会饱和？'];
    expect(keyHash(questionKey(one) ?? '')).toBe(keyHash(questionKey(other) ?? ''));
    expect(questionKey(one)).not.toBe(questionKey(other));
    write('a.md', `# A\n\n### ${one}\n\n甲的回答。\n`);
    write('b.md', `# B\n\n### ${other}\n\n乙的回答。\n`);
    write('c.md', `# C\n\n### ${one}\n\n丙的回答。\n\n### ${other}\n\n丁的回答。\n`);
    importAll();
    const [first] = byQuestion(one.slice(0, 10)) as [CardRecord];
    const [second] = byQuestion(other.slice(0, 10)) as [CardRecord];
    expect([first.noteId, second.noteId]).toEqual([noteId('a.md'), noteId('b.md')]);
    expect(scheduler.cards.sources.ofCard(first.id).map((source) => [source.noteId, source.question.exact])).toEqual([
      [noteId('c.md'), one],
    ]);
    expect(scheduler.cards.sources.ofCard(second.id).map((source) => [source.noteId, source.question.exact])).toEqual([
      [noteId('c.md'), other],
    ]);
    expect(scheduler.cards.listAll()).toHaveLength(2);
  });
});

describe('questionKey', () => {
  it('compares questions without markup, spacing, numbering, case or end punctuation', () => {
    expect(questionKey('为什么要除以根号 dk？')).toBe(questionKey('3. 为什么要除以根号DK'));
    expect(questionKey('什么是 **GQA**?')).toBe(questionKey('什么是GQA'));
    expect(questionKey('什么是 GQA')).not.toBe(questionKey('什么是 MQA'));
  });

  it('gives no key to elliptical prompts and to questions too short to tell apart', () => {
    expect(questionKey('如何提高')).toBeNull();
    expect(questionKey('原理')).toBeNull();
    expect(questionKey('GQA')).toBeNull();
  });

  it('bounds the key of a very long question', () => {
    const long = `为什么${'注意力'.repeat(4000)}？`;
    const key = questionKey(long) ?? '';
    expect(key.length).toBeLessThanOrEqual(209);
    expect(questionKey(`${long.slice(0, -3)}力力？`)).not.toBe(key);
  });
});
