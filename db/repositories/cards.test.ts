import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../migrate.js';
import { openStore } from '../open-store.js';
import type { Store } from '../open-store.js';
import { CardRepository } from './cards.js';
import type { CardSchedule, NewCard } from './cards.js';
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
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrations();
    expect(all[8]?.name).toBe('0009_create_cards.sql');
    migrate(db, all.slice(0, 8));
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
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrations();
    expect(all[9]?.name).toBe('0010_add_card_lines.sql');
    migrate(db, all.slice(0, 9));
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
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrations();
    expect(all[11]?.name).toBe('0012_card_answer_hash_and_question_key.sql');
    migrate(db, all.slice(0, 11));
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
    expect(cards.extraSources('old')).toMatchObject([{ noteId: b, context: '', lines: { line: null } }]);
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
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    const all = loadMigrations();
    expect(all[18]?.name).toBe('0019_slim_card_sources.sql');
    migrate(db, all.slice(0, 18));
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
    migrate(db, all);
    expect(db.prepare('SELECT COUNT(*) FROM card_sources').pluck().get()).toBe(1);
    const columns = (db.prepare('PRAGMA table_info(card_sources)').all() as { name: string }[]).map((column) => column.name);
    expect(columns).not.toContain('question_exact');
    expect(new CardRepository(db).extraSources('c')).toEqual([
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
    repo.addSource('c1', { ...anchors, noteId: b, question: { ...anchors.question, start: 40, end: 48 } });
    repo.addSource('c1', { ...anchors, noteId: b, question: { ...anchors.question, start: 50, end: 58 } });
    expect(repo.extraSources('c1').map((s) => [s.noteId, s.question.start])).toEqual([[b, 50]]);
    store.db.prepare('DELETE FROM notes WHERE id = ?').run(b);
    expect(repo.extraSources('c1')).toEqual([]);
    expect(repo.get('c1')).toMatchObject({ noteId: a, isOrphan: false });
  });

  it('writes the same source row from offsets (addSourceAt, the importer) as from quotes (addSource)', () => {
    const a = addNote(store.db, 'a.md');
    const b = addNote(store.db, 'b.md');
    const c = addNote(store.db, 'c.md');
    repo.create(question(a), NEW, NOW);
    const lines = { line: 3, answerFirstLine: 4, answerLastLine: 6 };
    repo.addSource(
      'c1',
      {
        noteId: b,
        question: { exact: 'GQA 是什么？', prefix: '### ', suffix: '\n分组', start: 4, end: 12 },
        answer: { exact: '', prefix: '', suffix: '', start: 13, end: 30, hash: '0badf00d' },
        contentHash: 'h',
      },
      '注意力',
      lines,
      true,
    );
    repo.addSourceAt(
      'c1',
      c,
      { questionFrom: 0, questionStart: 4, questionEnd: 12, questionTo: 15, answerStart: 13, answerEnd: 30, answerHash: '0badf00d' },
      '注意力',
      lines,
      true,
    );
    const rows = store.db.prepare('SELECT * FROM card_sources WHERE card_id = ? ORDER BY note_id').all('c1') as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    const { note_id: noteB, ...fromQuotes } = rows[0] as Record<string, unknown>;
    const { note_id: noteC, ...fromOffsets } = rows[1] as Record<string, unknown>;
    expect([noteB, noteC]).toEqual([b, c]);
    expect(fromOffsets).toEqual(fromQuotes);
    expect(fromOffsets).toMatchObject({
      question_from: 0,
      question_start: 4,
      question_end: 12,
      question_to: 15,
      answer_start: 13,
      answer_end: 30,
      answer_hash: '0badf00d',
      question_line: 3,
    });
    // Without isKnownNew, a second write for the same note replaces its row.
    repo.addSourceAt(
      'c1',
      c,
      { questionFrom: 20, questionStart: 24, questionEnd: 32, questionTo: 35, answerStart: null, answerEnd: null, answerHash: null },
      '',
      lines,
    );
    expect(store.db.prepare('SELECT question_start, answer_start FROM card_sources WHERE note_id = ?').get(c)).toEqual({
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
});
