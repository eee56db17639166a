import { unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { AnkiRepository } from '../../db/repositories/anki.js';
import { ReviewLogRepository } from '../../db/repositories/review-log.js';
import { FIXTURE_CRT, legacyFixture } from './test-support.js';
import { deckNameOf, importAnkiPackage, replayHistory } from './import-apkg.js';
import { buildApkg } from './legacy-collection.js';
import type { AnkiExportCard } from './legacy-collection.js';
import type { AnkiCard, AnkiRevlog } from './read-apkg.js';

const DAY = 86_400_000;
const start = FIXTURE_CRT * 1000;
const card = (over: Partial<AnkiCard> = {}): AnkiCard => ({
  id: 1,
  noteId: 1,
  deckId: 1,
  ord: 0,
  type: 2,
  queue: 2,
  due: 30,
  ivl: 20,
  reps: 3,
  lapses: 0,
  data: {},
  ...over,
});
const grade = (day: number, ease: number, type = 1, ivl = 1): AnkiRevlog => ({
  id: start + day * DAY,
  cardId: 1,
  ease,
  ivl,
  type,
  time: 5_000,
});

describe('replayHistory', () => {
  it('replays each grade through FSRS, one review-log row each, ending where Anki has the card due', () => {
    const { schedule, logs } = replayHistory(card(), [grade(0, 3, 0), grade(1, 3, 0), grade(5, 4)], FIXTURE_CRT, 'c1', 0.9);
    expect(logs.map((log) => log.rating)).toEqual([3, 3, 4]);
    expect(logs).toHaveLength(3);
    expect(logs[0]!.before.state).toBe(0);
    expect(logs.every((log) => log.cardId === 'c1' && log.durationMs === 5_000)).toBe(true);
    expect(schedule.reps).toBe(3);
    expect(schedule.state).toBe(2);
    expect(schedule.due).toBe(new Date((FIXTURE_CRT + 30 * 86_400) * 1000).toISOString());
    expect(schedule.lastReview).toBe(new Date(start + 5 * DAY).toISOString());
  });

  it("takes Anki's FSRS memory state over the replayed one", () => {
    const { schedule } = replayHistory(card({ data: { s: 42.5, d: 3.3 } }), [grade(0, 3, 0), grade(3, 3)], FIXTURE_CRT, 'c1', 0.9);
    expect(schedule).toMatchObject({ stability: 42.5, difficulty: 3.3 });
  });

  it('starts again after Anki\'s "forget", and skips rescheduling rows that are not grades', () => {
    const rows = [grade(0, 3, 0), grade(2, 3), { ...grade(3, 0, 4, 0) }, grade(4, 0, 5, 10), grade(5, 1, 0)];
    const { schedule, logs } = replayHistory(
      card({ type: 1, queue: 1, due: FIXTURE_CRT + 5 * 86_400 + 600 }),
      rows,
      FIXTURE_CRT,
      'c1',
      0.9,
    );
    expect(logs.map((log) => log.rating)).toEqual([3, 3, 1]);
    expect(logs[2]!.before.state).toBe(0);
    expect(schedule.reps).toBe(1);
    expect(schedule.due).toBe(new Date((FIXTURE_CRT + 5 * 86_400 + 600) * 1000).toISOString());
  });

  it('keeps a reviewed card whose history was left out of the package where Anki says it is', () => {
    const { schedule, logs } = replayHistory(card({ data: { s: 12, d: 5 } }), [], FIXTURE_CRT, 'c1', 0.9);
    expect(logs).toEqual([]);
    expect(schedule).toMatchObject({ state: 2, stability: 12, difficulty: 5, reps: 3 });
  });

  it('leaves a card never graded new', () => {
    expect(replayHistory(card({ type: 0, queue: 0, reps: 0 }), [], FIXTURE_CRT, 'c1', 0.9).schedule).toMatchObject({ state: 0, reps: 0 });
  });
});

describe('importAnkiPackage', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore(':memory:');
  });
  afterEach(() => store.close());

  it('names the deck after the file', () => {
    expect(deckNameOf('/home/me/下载/LLM 面试.apkg')).toBe('LLM 面试');
    expect(deckNameOf('C:\\decks\\Core.COLPKG')).toBe('Core');
    expect(deckNameOf('.apkg')).toBe('Anki');
  });

  it('keeps an SVG from a deck only as its drawing, never its script', async () => {
    const files = unzipSync(legacyFixture());
    files['0'] = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" onload="alert(1)"><script>alert(2)</script><circle r="2"/></svg>',
    );
    const report = await importAnkiPackage(store.db, zipSync(files), 'svg.apkg', { desiredRetention: 0.9 });
    expect(report.media).toBe(1);
    const faces = new AnkiRepository(store.db);
    const row = store.db.prepare<[], string>("SELECT answer_html FROM anki_cards WHERE anki_guid = 'g-softmax'").pluck().get()!;
    const hash = /\/media\/([0-9a-f]{64})/.exec(row)![1]!;
    const svg = faces.media(hash)!;
    expect(svg.mime).toBe('image/svg+xml');
    expect(svg.data.toString()).toContain('<circle');
    expect(svg.data.toString()).not.toMatch(/script|onload|alert/);
  });

  it('refuses a damaged zstd collection with a reason', async () => {
    const files = unzipSync(legacyFixture());
    files['collection.anki21b'] = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03]);
    await expect(importAnkiPackage(store.db, zipSync(files), 'bad.apkg', { desiredRetention: 0.9 })).rejects.toThrow(
      /damaged|not an SQLite file/,
    );
  });

  it('leaves nothing behind when a package cannot be read', async () => {
    const files = unzipSync(legacyFixture());
    files['collection.anki2'] = new TextEncoder().encode('SQLite format 3\0 but not really');
    await expect(importAnkiPackage(store.db, zipSync(files), 'bad.apkg', { desiredRetention: 0.9 })).rejects.toThrow(/collection/);
    expect(store.db.prepare('SELECT COUNT(*) FROM anki_decks').pluck().get()).toBe(0);
    expect(new ReviewLogRepository(store.db).lastLog()).toBeUndefined();
  });

  it('writes a large deck in parts, and takes every part back when a later one fails', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const cards: AnkiExportCard[] = Array.from({ length: 1200 }, (_, i) => ({
      id: `big-${i}`,
      front: `第 ${i} 题：什么是 KV cache 的第 ${i} 个用途？`,
      back: `答案 ${i}`,
      source: '',
      tags: [],
      isSuspended: false,
      schedule: { type: 2, dueAt: now.getTime() + DAY, ivl: 3, reps: 1, lapses: 0, memory: null },
      reviews: [{ at: now.getTime() - 3 * DAY + i, ease: 3, ivl: 3, type: 0, durationMs: 1000 }],
    }));
    const apkg = buildApkg({ deckName: 'Big', cards, media: [], now });
    store.db.exec(
      "CREATE TRIGGER fail_late BEFORE INSERT ON anki_cards WHEN NEW.anki_guid = 'big-1100' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    await expect(importAnkiPackage(store.db, apkg, 'Big.apkg', { desiredRetention: 0.9 })).rejects.toThrow(/disk full/);
    expect(store.db.prepare('SELECT COUNT(*) FROM cards').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM review_log').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM anki_decks').pluck().get()).toBe(0);

    store.db.exec('DROP TRIGGER fail_late');
    const report = await importAnkiPackage(store.db, apkg, 'Big.apkg', { desiredRetention: 0.9 });
    expect(report).toMatchObject({ created: 1200, reviews: 1200 });
    expect(store.db.prepare('SELECT COUNT(*) FROM anki_cards').pluck().get()).toBe(1200);
  });
});
