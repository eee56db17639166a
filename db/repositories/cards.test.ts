import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../migrate.js';
import { openStore } from '../open-store.js';
import type { Store } from '../open-store.js';
import { CardRepository } from './cards.js';
import type { CardSchedule, NewCard } from './card-records.js';
import { ReviewLogRepository } from './review-log.js';

const NOW = '2026-12-01T10:00:00.000Z';
const NEW: CardSchedule = {
  due: NOW,
  stability: 0,
  difficulty: 0,
  elapsedDays: 0,
  scheduledDays: 0,
  learningSteps: 0,
  reps: 0,
  lapses: 0,
  state: 0,
  lastReview: null,
};

let store: Store;
let repo: CardRepository;

function addNote(db: BetterSqlite3.Database, path: string): number {
  db.prepare("INSERT OR IGNORE INTO libraries (id, root_path, name, created_at) VALUES (1, '/lib', 'lib', 'now')").run();
  return Number(
    db
      .prepare(
        `INSERT INTO notes (library_id, path, title, source, content_hash, text, byte_size, created_at, updated_at)
                VALUES (1, ?, 'n', '### GQA 是什么？', 'h', 'GQA 是什么？', 10, 'now', 'now')`,
      )
      .run(path).lastInsertRowid,
  );
}

/** A store migrated up to the migration at `index` (not applied), which must be `name`; `all` finishes the migration. */
function storeBefore(index: number, name: string): { db: BetterSqlite3.Database; all: ReturnType<typeof loadMigrations> } {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  const all = loadMigrations();
  expect(all[index]?.name).toBe(name);
  migrate(db, all.slice(0, index));
  return { db, all };
}

const question = (noteId: number | null, id = 'c1'): NewCard => ({
  id,
  kind: 'found',
  noteId,
  question: { exact: 'GQA 是什么？', prefix: '', suffix: '\n分组查询注意力', start: 0, end: 8 },
  answer: null,
  contentHash: 'h',
  context: '模型结构',
});

beforeEach(() => {
  store = openStore(':memory:');
  repo = new CardRepository(store.db);
});
afterEach(() => store.close());

describe('migration 0009', () => {
  it('applies on a store that already has 0001–0008 and its notes', () => {
    const { db, all } = storeBefore(8, '0009_create_cards.sql');
    const noteId = addNote(db, 'gqa.md');
    expect(migrate(db, all.slice(0, 9))).toBe(1);
    // The repository reads what later migrations add (0010: the cards' file lines).
    migrate(db, all);
    const cards = new CardRepository(db);
    cards.create(question(noteId), NEW, NOW);
    expect(cards.listByNote(noteId).map((c) => c.context)).toEqual(['模型结构']);
    expect(db.prepare('SELECT COUNT(*) FROM notes').pluck().get()).toBe(1);
    db.close();
  });
});

describe('migration 0010', () => {
  it('adds the file lines to cards stored before it, as unknown, and keeps them', () => {
    const { db, all } = storeBefore(9, '0010_add_card_lines.sql');
    const noteId = addNote(db, 'gqa.md');
    db.prepare(
      `INSERT INTO cards (id, note_id, kind, question_exact, question_start, question_end, due, created_at, updated_at)
      VALUES ('old', ?, 'found', 'GQA 是什么？', 0, 8, ?, ?, ?)`,
    ).run(noteId, NOW, NOW, NOW);
    expect(migrate(db, all)).toBe(all.length - 9);
    const cards = new CardRepository(db);
    expect(cards.get('old')?.lines).toEqual({ line: null, answerFirstLine: null, answerLastLine: null });
    cards.setLines('old', { line: 4, answerFirstLine: 5, answerLastLine: 7 });
    expect(cards.get('old')?.lines).toEqual({ line: 4, answerFirstLine: 5, answerLastLine: 7 });
    db.close();
  });
});

describe('migration 0012', () => {
  it('keeps cards and sources stored before it (answers whole, no key) readable, and leaves new cards out of cards_due', () => {
    const { db, all } = storeBefore(11, '0012_card_answer_hash_and_question_key.sql');
    const a = addNote(db, 'a.md');
    const b = addNote(db, 'b.md');
    db.prepare(
      `INSERT INTO cards (id, note_id, kind, question_exact, question_start, question_end, answer_exact, answer_start, answer_end, due, created_at, updated_at)
      VALUES ('old', ?, 'found', 'GQA 是什么？', 0, 8, ?, 9, 300, ?, ?, ?)`,
    ).run(a, '长'.repeat(291), NOW, NOW, NOW);
    db.prepare(
      `INSERT INTO card_sources (card_id, note_id, question_exact, question_start, question_end) VALUES ('old', ?, 'GQA 是什么？', 0, 8)`,
    ).run(b);
    expect(migrate(db, all)).toBe(all.length - 11);
    const cards = new CardRepository(db);
    // Stored whole before 0012: read as it is, not bounded, not looked up in the note.
    expect(cards.get('old')).toMatchObject({ questionKey: null, answer: { exact: '长'.repeat(291), hash: null } });
    expect(cards.sources.ofCard('old')).toMatchObject([{ noteId: b, context: '', lines: { line: null } }]);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT * FROM cards WHERE state = 2 AND state > 0 AND is_suspended = 0 AND is_orphan = 0 AND due <= ? ORDER BY due LIMIT 1',
      )
      .all(NOW) as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toContain('cards_due');
    db.close();
  });
});

describe('migration 0019', () => {
  it('keeps each extra source as offsets into its note, read back with the quote, context and answer it stored', () => {
    const { db, all } = storeBefore(18, '0019_slim_card_sources.sql');
    const a = addNote(db, 'a.md');
    const b = addNote(db, 'b.md');
    db.prepare("UPDATE notes SET text = ?, content_hash = 'hb' WHERE id = ?").run('题库\n什么是 GQA？\n分组共享 KV。\n', b);
    db.prepare(
      `INSERT INTO cards (id, note_id, kind, question_exact, question_start, question_end, due, created_at, updated_at)
      VALUES ('c', ?, 'found', 'GQA 是什么？', 0, 8, ?, ?, ?)`,
    ).run(a, NOW, NOW, NOW);
    // As 0012-0018 stored a source: the quote with its context, and an answer with no hash, whole.
    db.prepare(
      `INSERT INTO card_sources (card_id, note_id, question_exact, question_prefix, question_suffix, question_start, question_end,
        answer_exact, answer_prefix, answer_suffix, answer_start, answer_end, context, question_line)
      VALUES ('c', ?, '什么是 GQA？', '题库\n', '\n分组', 3, 11, '分组共享 KV。', '', '', 12, 20, '题库', 2)`,
    ).run(b);
    // card_sources as 0019 left it (0020 folds it into note_card_sources; its own test is below).
    migrate(db, all.slice(0, 19));
    expect(db.prepare('SELECT COUNT(*) FROM card_sources').pluck().get()).toBe(1);
    const columns = (db.prepare('PRAGMA table_info(card_sources)').all() as { name: string }[]).map((column) => column.name);
    expect(columns).not.toContain('question_exact');
    migrate(db, all);
    expect(new CardRepository(db).sources.ofCard('c')).toEqual([
      {
        noteId: b,
        question: { exact: '什么是 GQA？', prefix: '题库\n', suffix: '\n分组', start: 3, end: 11 },
        answer: { exact: '分组共享 KV。', prefix: '', suffix: '', start: 12, end: 20, hash: null },
        contentHash: 'hb',
        context: '题库',
        lines: { line: 2, answerFirstLine: null, answerLastLine: null },
      },
    ]);
    db.close();
  });
});

describe('migration 0020', () => {
  it('folds card_sources into one row per note, every source kept in the order sources.ofNote reads them, and drops card_sources', () => {
    const { db, all } = storeBefore(19, '0020_note_card_sources.sql');
    const a = addNote(db, 'a.md');
    const b = addNote(db, 'b.md');
    const c = addNote(db, 'c.md');
    db.prepare("UPDATE notes SET text = ?, content_hash = 'hb' WHERE id = ?").run(
      '题库\n什么是 GQA？\n分组共享 KV。\n为什么除以根号dk\n缩放。\n',
      b,
    );
    db.prepare("UPDATE notes SET text = ?, content_hash = 'hc' WHERE id = ?").run('# 复习\n什么是 GQA？\n', c);
    const card = db.prepare(
      `INSERT INTO cards (id, note_id, kind, question_exact, question_start, question_end, due, created_at, updated_at)
      VALUES (?, ?, 'found', ?, 0, 8, ?, ?, ?)`,
    );
    card.run('gqa', a, '什么是 GQA？', NOW, NOW, NOW);
    card.run('dk', a, '为什么除以根号dk', NOW, NOW, NOW);
    card.run('dk2', a, '为什么除以根号dk？', NOW, NOW, NOW);
    const source = db.prepare(
      `INSERT INTO card_sources (note_id, card_id, question_start, question_end, question_from, question_to, answer_start, answer_end,
         answer_hash, context, question_line, answer_first_line, answer_last_line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Written out of order: the row keeps them by where the question starts, then by card id.
    source.run(b, 'dk', 21, 30, 18, 33, 31, 34, 'cafe0001', '', 4, 5, 5);
    source.run(b, 'gqa', 3, 11, 0, 14, 12, 20, null, '题库', 2, 3, 3);
    source.run(b, 'dk2', 21, 30, 18, 33, null, null, null, '', 4, null, null);
    source.run(c, 'gqa', 5, 13, 0, 14, null, null, null, '复习', 2, null, null);
    expect(migrate(db, all.slice(0, 20))).toBe(1);

    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toContain('note_card_sources');
    expect(tables).not.toContain('card_sources');
    const rows = db.prepare('SELECT note_id, card_ids, entries FROM note_card_sources ORDER BY note_id').all() as {
      note_id: number;
      card_ids: string;
      entries: string;
    }[];
    expect(rows.map((row) => [row.note_id, JSON.parse(row.card_ids), JSON.parse(row.entries)])).toEqual([
      [
        b,
        ['gqa', 'dk', 'dk2'],
        [
          [0, 3, 11, 14, 12, 20, null, '题库', 2, 3, 3],
          [18, 21, 30, 33, 31, 34, 'cafe0001', '', 4, 5, 5],
          [18, 21, 30, 33, null, null, null, '', 4, null, null],
        ],
      ],
      [c, ['gqa'], [[0, 5, 13, 14, null, null, null, '复习', 2, null, null]]],
    ]);
    const cards = new CardRepository(db);
    expect(cards.sources.count()).toBe(4);
    expect(cards.sources.ofNote(b).map((s) => [s.cardId, s.question.exact, s.question.prefix, s.context, s.lines.line])).toEqual([
      ['gqa', '什么是 GQA？', '题库\n', '题库', 2],
      ['dk', '为什么除以根号dk', 'V。\n', '', 4],
      ['dk2', '为什么除以根号dk', 'V。\n', '', 4],
    ]);
    // An answer with no hash was stored whole before 0012: read from the note, as before.
    expect(cards.sources.ofNote(b)[0]?.answer).toEqual({ exact: '分组共享 KV。', prefix: '', suffix: '', start: 12, end: 20, hash: null });
    expect(cards.sources.ofNote(b)[1]?.answer).toEqual({ exact: '', prefix: '', suffix: '', start: 31, end: 34, hash: 'cafe0001' });
    expect(cards.sources.ofCard('gqa').map((s) => [s.noteId, s.question.exact, s.contentHash])).toEqual([
      [b, '什么是 GQA？', 'hb'],
      [c, '什么是 GQA？', 'hc'],
    ]);
    expect(cards.sources.ofCard('dk').map((s) => s.noteId)).toEqual([b]);
    db.close();
  });

  it('moves nothing when no note was a source', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, loadMigrations());
    expect(db.prepare('SELECT COUNT(*) FROM note_card_sources').pluck().get()).toBe(0);
    expect(new CardRepository(db).sources.count()).toBe(0);
    db.close();
  });
});

describe('createFound', () => {
  it('stores the same row as create() with a new FSRS card', () => {
    const noteId = addNote(store.db, 'a.md');
    repo.create({ ...question(noteId, 'c1'), questionKey: 'gqa是什么' }, NEW, NOW);
    repo.createFound({ ...question(noteId, 'c2'), noteId, questionKey: 'gqa是什么' }, NOW);
    const { id: _one, ...first } = repo.get('c1') as NonNullable<ReturnType<CardRepository['get']>>;
    const { id: _two, ...second } = repo.get('c2') as NonNullable<ReturnType<CardRepository['get']>>;
    expect(second).toEqual(first);
  });
});

describe('CardRepository', () => {
  it('stores a card with its anchors and no answer, and reads it back as it was written', () => {
    const noteId = addNote(store.db, 'gqa.md');
    repo.create(question(noteId), NEW, NOW);
    expect(repo.get('c1')).toMatchObject({
      noteId,
      kind: 'found',
      question: { exact: 'GQA 是什么？', suffix: '\n分组查询注意力', start: 0, end: 8 },
      answer: null,
      isSuspended: false,
      isOrphan: false,
      buriedUntil: null,
      schedule: NEW,
      createdAt: NOW,
    });
    expect(repo.get('missing')).toBeUndefined();
  });

  it('keeps overrides typed by the person without unlinking the source', () => {
    const noteId = addNote(store.db, 'gqa.md');
    repo.create(question(noteId), NEW, NOW);
    expect(repo.setOverrides('c1', { answer: '分组查询注意力：$h_{kv} < h_q$' }, NOW)).toBe(true);
    expect(repo.setOverrides('c1', { question: 'GQA 和 MQA 的区别' }, NOW)).toBe(true);
    expect(repo.get('c1')).toMatchObject({
      noteId,
      questionOverride: 'GQA 和 MQA 的区别',
      answerOverride: '分组查询注意力：$h_{kv} < h_q$',
    });
    expect(repo.setOverrides('nope', { question: 'x' }, NOW)).toBe(false);
  });

  it('gives one card several sources; a deleted note takes only its own source with it', () => {
    const a = addNote(store.db, 'a.md');
    const b = addNote(store.db, 'b.md');
    repo.create(question(a), NEW, NOW);
    const { noteId: _primary, ...anchors } = question(a);
    void _primary;
    repo.sources.add('c1', { ...anchors, noteId: b, question: { ...anchors.question, start: 40, end: 48 } });
    repo.sources.add('c1', { ...anchors, noteId: b, question: { ...anchors.question, start: 50, end: 58 } });
    expect(repo.sources.ofCard('c1').map((s) => [s.noteId, s.question.start])).toEqual([[b, 50]]);
    store.db.prepare('DELETE FROM notes WHERE id = ?').run(b);
    expect(repo.sources.ofCard('c1')).toEqual([]);
    expect(repo.get('c1')).toMatchObject({ noteId: a, isOrphan: false });
  });

  it('writes the same source row from offsets (sources.addAt, the importer) as from quotes (sources.add)', () => {
    const a = addNote(store.db, 'a.md');
    const b = addNote(store.db, 'b.md');
    const c = addNote(store.db, 'c.md');
    repo.create(question(a), NEW, NOW);
    const lines = { line: 3, answerFirstLine: 4, answerLastLine: 6 };
    repo.sources.add(
      'c1',
      {
        noteId: b,
        question: { exact: 'GQA 是什么？', prefix: '### ', suffix: '\n分组', start: 4, end: 12 },
        answer: { exact: '', prefix: '', suffix: '', start: 13, end: 30, hash: '0badf00d' },
        contentHash: 'h',
      },
      '注意力',
      lines,
    );
    repo.sources.addAt(
      'c1',
      c,
      { questionFrom: 0, questionStart: 4, questionEnd: 12, questionTo: 15, answerStart: 13, answerEnd: 30, answerHash: '0badf00d' },
      '注意力',
      lines,
    );
    // One row per note (migration 0020): the card's ids and one entry per source, in the same order.
    const rows = (
      store.db.prepare(`SELECT * FROM note_card_sources WHERE instr(card_ids, '"c1"') > 0 ORDER BY note_id`).all() as Record<
        string,
        string
      >[]
    ).map((row) => ({
      ...row,
      card_ids: JSON.parse(row.card_ids as string) as unknown,
      entries: JSON.parse(row.entries as string) as unknown,
    }));
    expect(rows).toHaveLength(2);
    const { note_id: noteB, ...fromQuotes } = rows[0] as Record<string, unknown>;
    const { note_id: noteC, ...fromOffsets } = rows[1] as Record<string, unknown>;
    expect([noteB, noteC]).toEqual([b, c]);
    expect(fromOffsets).toEqual(fromQuotes);
    // question_from, question_start, question_end, question_to, answer_start, answer_end, answer_hash, context, and the lines.
    expect(fromOffsets).toEqual({ card_ids: ['c1'], entries: [[0, 4, 12, 15, 13, 30, '0badf00d', '注意力', 3, 4, 6]] });
    // A second write for the same card and note replaces its entry.
    repo.sources.addAt(
      'c1',
      c,
      { questionFrom: 20, questionStart: 24, questionEnd: 32, questionTo: 35, answerStart: null, answerEnd: null, answerHash: null },
      '',
      lines,
    );
    const entries = JSON.parse(
      store.db.prepare('SELECT entries FROM note_card_sources WHERE note_id = ?').pluck().get(c) as string,
    ) as unknown[][];
    expect(entries).toHaveLength(1);
    expect({ question_start: entries[0]?.[1], answer_start: entries[0]?.[4] }).toEqual({
      question_start: 24,
      answer_start: null,
    });
  });

  it('marks a card whose question vanished an orphan once, and deletes a card with its history only on request', () => {
    const noteId = addNote(store.db, 'gqa.md');
    repo.create(question(noteId), NEW, NOW);
    new ReviewLogRepository(store.db).appendLog({
      reviewId: 'r1',
      cardId: 'c1',
      rating: 3,
      reviewedAt: NOW,
      scheduledAt: NOW,
      elapsedDays: 0,
      durationMs: 10,
      before: NEW,
      afterDue: NOW,
      afterState: 1,
    });
    repo.markOrphan('c1', NOW);
    repo.markOrphan('c1', '2027-01-01T00:00:00.000Z');
    expect(repo.get('c1')).toMatchObject({ noteId, isOrphan: true, isSuspended: true, orphanedAt: NOW });
    expect(new ReviewLogRepository(store.db).history('c1')).toHaveLength(1);
    expect(repo.delete('c1')).toBe(true);
    expect(store.db.prepare('SELECT COUNT(*) FROM review_log').pluck().get()).toBe(0);
  });

  it('re-attaches an orphan to a question of another note, and moves anchors without touching the orphan flag otherwise', () => {
    const a = addNote(store.db, 'a.md');
    const b = addNote(store.db, 'b.md');
    repo.create(question(a), NEW, NOW);
    const moved = { ...question(a), question: { ...question(a).question, start: 3, end: 11 }, contentHash: 'h2' };
    expect(repo.saveSource('c1', { ...moved, noteId: a }, NOW)).toBe(true);
    expect(repo.get('c1')).toMatchObject({ question: { start: 3, end: 11 }, contentHash: 'h2', isOrphan: false });
    store.db.prepare('DELETE FROM notes WHERE id = ?').run(a);
    expect(repo.get('c1')).toMatchObject({ noteId: null, isOrphan: true, isSuspended: true });
    repo.saveSource('c1', { ...moved, noteId: b, answer: { exact: '分组', prefix: '', suffix: '', start: 12, end: 14 } }, NOW, true);
    expect(repo.get('c1')).toMatchObject({
      noteId: b,
      isOrphan: false,
      orphanedAt: null,
      isSuspended: false,
      answer: { exact: '分组', start: 12 },
    });
    expect(repo.listOrphans()).toEqual([]);
  });
  it('keeps a note’s sources in one row: a deleted card takes its entries along, and an id that is gone is never read back', () => {
    const a = addNote(store.db, 'a.md');
    const b = addNote(store.db, 'b.md');
    const c = addNote(store.db, 'c.md');
    repo.create(question(a, 'c1'), NEW, NOW);
    repo.create(question(a, 'c10'), NEW, NOW);
    const at = (start: number) => ({
      questionFrom: start,
      questionStart: start,
      questionEnd: start + 3,
      questionTo: start + 3,
      answerStart: null,
      answerEnd: null,
      answerHash: null,
    });
    const lines = { line: 1, answerFirstLine: null, answerLastLine: null };
    repo.sources.addAt('c10', b, at(5), '', lines);
    repo.sources.addAt('c1', b, at(0), '', lines);
    repo.sources.addAt('c10', c, at(2), '', lines);
    expect(store.db.prepare('SELECT COUNT(*) FROM note_card_sources').pluck().get()).toBe(2);
    expect(repo.sources.count()).toBe(3);
    // By where the question starts; 'c1' is not found inside 'c10'.
    expect(repo.sources.ofNote(b).map((s) => [s.cardId, s.question.start])).toEqual([
      ['c1', 0],
      ['c10', 5],
    ]);
    expect(repo.sources.ofCard('c1').map((s) => s.noteId)).toEqual([b]);
    expect(repo.sources.ofCard('c10').map((s) => s.noteId)).toEqual([b, c]);
    // A source of a card that does not exist is refused, as card_sources' foreign key did.
    expect(() => repo.sources.addAt('nope', b, at(9), '', lines)).toThrow();

    expect(repo.delete('c10')).toBe(true);
    expect(repo.sources.ofNote(b).map((s) => s.cardId)).toEqual(['c1']);
    expect(repo.sources.ofNote(c)).toEqual([]);
    expect(store.db.prepare('SELECT COUNT(*) FROM note_card_sources WHERE note_id = ?').pluck().get(c)).toBe(0);
    expect(repo.sources.count()).toBe(1);

    // A card removed behind the repository's back (defence in depth): its entry is not read back.
    store.db.prepare("DELETE FROM cards WHERE id = 'c1'").run();
    expect(repo.sources.ofNote(b)).toEqual([]);
    expect(repo.sources.ofCard('c1')).toEqual([]);

    repo.create(question(a, 'c2'), NEW, NOW);
    repo.sources.addAt('c2', b, at(7), '', lines);
    expect(repo.sources.ofNote(b).map((s) => s.cardId)).toEqual(['c2']);
    repo.sources.remove('c2', b);
    expect(repo.sources.ofNote(b)).toEqual([]);
  });

  it('moves the target’s sources onto the card that takes its place, and drops the card’s own', () => {
    const a = addNote(store.db, 'a.md');
    const b = addNote(store.db, 'b.md');
    const c = addNote(store.db, 'c.md');
    repo.create(question(a, 'orphan'), NEW, NOW);
    repo.create(question(a, 'target'), NEW, NOW);
    const { noteId: _primary, ...anchors } = question(a);
    void _primary;
    repo.sources.add('orphan', { ...anchors, noteId: c });
    repo.sources.add('target', { ...anchors, noteId: b, question: { ...anchors.question, start: 4, end: 12 } });
    expect(repo.takePlace('orphan', 'target', 'delete', NOW)).toBe(true);
    expect(repo.get('target')).toBeUndefined();
    expect(repo.sources.ofCard('orphan').map((s) => [s.noteId, s.question.start])).toEqual([[b, 4]]);
    expect(repo.sources.ofNote(b).map((s) => s.cardId)).toEqual(['orphan']);
    expect(repo.sources.ofNote(c)).toEqual([]);
    expect(repo.sources.ofCard('target')).toEqual([]);
  });

  it('promotes the first other live note when the primary one goes, taking that note’s entry off its row', () => {
    const a = addNote(store.db, 'a.md');
    const b = addNote(store.db, 'b.md');
    const c = addNote(store.db, 'c.md');
    repo.create(question(a, 'c1'), NEW, NOW);
    repo.create(question(a, 'c2'), NEW, NOW);
    const { noteId: _primary, ...anchors } = question(a);
    void _primary;
    repo.sources.add('c1', { ...anchors, noteId: b }, '上下文', { line: 9, answerFirstLine: null, answerLastLine: null });
    repo.sources.add('c2', { ...anchors, noteId: b, question: { ...anchors.question, start: 1, end: 8 } });
    repo.sources.add('c1', { ...anchors, noteId: c });
    // Both stay live on b: none is orphaned.
    expect(repo.orphanNote(a, NOW)).toBe(0);
    expect(repo.get('c1')).toMatchObject({ noteId: b, isOrphan: false, context: '上下文', lines: { line: 9 } });
    expect(repo.get('c2')).toMatchObject({ noteId: b, isOrphan: false, question: { start: 1 } });
    expect(repo.sources.ofCard('c1').map((s) => s.noteId)).toEqual([c]);
    expect(repo.sources.ofNote(b)).toEqual([]);
  });
});
