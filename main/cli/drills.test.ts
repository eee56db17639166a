import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import { databasePath } from '../app-paths.js';
import { DrillScheduler } from '../drills/scheduler.js';
import { buildNoteContent } from '../import/note-content.js';
import { runCli } from './test-support.js';
import type { CliRun } from './test-support.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-cli-drills-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lattice = (...argv: string[]): Promise<CliRun> => runCli(argv, { dataDir: join(work, 'data'), cwd: work });

describe('lattice drills stats', () => {
  it('prints cards by state, due today, reviewed today and retention, as text or JSON', async () => {
    expect((await lattice('drills', 'stats', '--json')).code).toBe(0);
    const store = openStore(databasePath(join(work, 'data')));
    // The first run imported the starter library, whose questions are cards
    // now; this test counts two cards of its own, so those are set aside.
    expect(store.db.prepare('SELECT COUNT(*) FROM cards').pluck().get()).toBeGreaterThan(0);
    store.db.prepare('DELETE FROM cards').run();
    const scheduler = new DrillScheduler(store.db);
    for (const id of ['a', 'b']) {
      scheduler.createCard({
        id,
        kind: 'manual',
        noteId: null,
        question: { exact: `${id}：KV cache 为什么能加速推理？`, prefix: '', suffix: '', start: 0, end: 20 },
        // A card made by hand always has its answer (a card with none is a question still to answer, never due).
        answer: { exact: '缓存历史 K/V，省去重复计算', prefix: '', suffix: '', start: 21, end: 35 },
        contentHash: '',
      });
    }
    scheduler.grade({ cardId: 'a', rating: 4 });
    store.close();

    const json = await lattice('drills', 'stats', '--json');
    const printed = JSON.parse(json.stdout) as Record<string, unknown> & {
      heatmap: { reviews: number }[];
      forecast: { dates: string[] };
      retention: { weeks: unknown[]; months: unknown[] };
    };
    expect(printed).toEqual({
      byState: { new: 1, learning: 0, review: 1, relearning: 0, suspended: 0, orphan: 0, unanswered: 0 },
      dueToday: { learning: 0, review: 0, new: 1, total: 1 },
      reviewedToday: 1,
      desiredRetention: 0.9,
      heatmap: expect.any(Array),
      streak: 1,
      forecast: { dates: expect.any(Array), series: [] },
      retention: { weeks: expect.any(Array), months: expect.any(Array) },
    });
    // The dashboard's series: a year of study days ending with today's one grade, 30 days of forecast, 12 weeks and months.
    expect(printed.heatmap).toHaveLength(365);
    expect(printed.heatmap.at(-1)).toMatchObject({ reviews: 1 });
    expect(printed.heatmap.slice(0, -1).every((day) => day.reviews === 0)).toBe(true);
    expect(printed.forecast.dates).toHaveLength(30);
    expect(printed.retention.weeks).toHaveLength(12);
    expect(printed.retention.months).toHaveLength(12);
    const text = await lattice('drills', 'stats');
    expect(text.stdout).toContain('due today: 1 (0 learning, 0 review, 1 new)');
    expect(text.stdout).toContain('desired retention: 90%');
    expect((await lattice('drills', 'shuffle')).code).toBe(2);
  });
});

describe('lattice drills list', () => {
  const NOTE = `---
title: 推理
tags: [llm]
---
# 推理

## 吞吐

1. 大模型服务吞吐率太小怎么办
用 continuous batching。

19.如何提高
加大 batch，
用 PagedAttention。

### 什么是 speculative decoding？
`;

  it('prints each card with its note’s path as notes list prints it and its file lines, front matter counted', async () => {
    const dir = join(work, 'list-notes');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'serving.md'), NOTE);
    expect((await lattice('import', dir)).code).toBe(0);
    const listed = JSON.parse((await lattice('notes', 'list', '--json')).stdout) as { id: number; path: string }[];
    const note = listed.find((n) => n.path.endsWith('serving.md'));
    expect(note?.path).toBe(join(dir, 'serving.md'));

    const run = await lattice('drills', 'list', '--note', String(note?.id), '--json');
    expect(run.code).toBe(0);
    const cards = JSON.parse(run.stdout) as Record<string, unknown>[];
    const questions = buildNoteContent(new TextEncoder().encode(NOTE), 'serving.md').questions;
    expect(cards.map((card) => Object.keys(card))).toEqual(
      questions.map(() => ['id', 'noteId', 'path', 'line', 'question', 'context', 'answerFirstLine', 'answerLastLine', 'state', 'due']),
    );
    expect(cards.map(({ id: _id, due: _due, ...rest }) => rest)).toEqual(
      questions.map((q) => ({
        noteId: note?.id,
        path: note?.path,
        line: q.line,
        question: q.text,
        context: q.context.join(' › '),
        answerFirstLine: q.answerFirstLine,
        answerLastLine: q.answerLastLine,
        state: 'new',
      })),
    );
    // By hand: the file's own line numbers, front matter included; the elliptical prompt carries its parent; no answer is null.
    expect(cards.map((card) => [card.question, card.line, card.answerFirstLine, card.answerLastLine])).toEqual([
      ['大模型服务吞吐率太小怎么办', 9, 10, 10],
      ['如何提高', 12, 13, 14],
      ['什么是 speculative decoding？', 16, null, null],
    ]);
    expect(cards[1]?.context).toBe('吞吐 › 大模型服务吞吐率太小怎么办');
    for (const card of cards) expect(Number.isNaN(Date.parse(String(card.due)))).toBe(false);

    const text = await lattice('drills', 'list', '--note', String(note?.id));
    expect(text.stdout).toContain(`${join(dir, 'serving.md')}:12  [new, answer 13–14]  吞吐 › 大模型服务吞吐率太小怎么办 › 如何提高`);
    const all = JSON.parse((await lattice('drills', 'list', '--json')).stdout) as { id: string }[];
    expect(all.map((card) => card.id)).toEqual(expect.arrayContaining(cards.map((card) => card.id)));
  });

  it('refuses a --note that is not an id, and names a note that does not exist', async () => {
    expect((await lattice('drills', 'list', '--note', 'abc')).code).toBe(2);
    const missing = await lattice('drills', 'list', '--note', '99999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('99999');
  });
});
