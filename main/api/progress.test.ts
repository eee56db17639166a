import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';

/*
 * stats.progress through the handler table, on notes imported as a person
 * imports them: Digital Garden JSON front matter with tags, `###` questions
 * with formulas, `1.xxx` and `11、xxx` items.
 */

let work: string;
let app: Lattice;

const ALIGNMENT = `---
{"title": "对齐面试题", "tags": ["RLHF", "面试"], "dg-publish": true}
---
# 对齐

### 奖励模型（RM）怎么训练？

最大化 $\\log \\sigma(r(x, y_w) - r(x, y_l))$。

### PPO 里为什么要加 KL 惩罚？

防止策略偏离 SFT 模型太远。

1.LoRA 为什么能省显存
\t只训练低秩矩阵 $A$ 和 $B$。

11、QLoRA 比 LoRA 多了什么
\t4-bit 量化的基座模型。
`;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-progress-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  mkdirSync(join(work, 'llm'));
  writeFileSync(join(work, 'llm', 'alignment.md'), ALIGNMENT);
  await app.call('library.import', { paths: [join(work, 'llm')] });
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('stats.progress', () => {
  it('after one grade: today on the heatmap, the card due again today, coverage per folder, tag and note, the card among the weakest', async () => {
    const cards = await app.call('drills.list', {});
    expect(cards.length).toBeGreaterThanOrEqual(2);
    const before = await app.call('stats.progress', {});
    expect(before.heatmap.at(-1)!.reviews).toBe(0);
    expect(before.coverage.all).toMatchObject({ cards: cards.length, reviewed: 0, aboveTarget: 0 });

    await app.call('drills.grade', { cardId: cards[0]!.id, rating: 1, durationMs: 9000 });
    const after = await app.call('stats.progress', {});
    expect(after.heatmap.at(-1)).toMatchObject({ reviews: 1, timeMs: 9000 });
    expect(after.streak).toBe(1);
    expect(after.stats.byState).toMatchObject({ new: cards.length - 1, learning: 1 });
    // Again on a new card: its first learning step, minutes away, is due today.
    expect(after.forecast.series).toHaveLength(1);
    expect(after.forecast.series[0]!.counts[0]).toBe(1);
    expect(after.forecast.series[0]!.label).toBe('对齐面试题');
    expect(after.coverage.folders).toEqual([
      { deck: { kind: 'library', libraryId: expect.any(Number) }, label: 'llm', cards: cards.length, reviewed: 1, aboveTarget: 1 },
    ]);
    expect(after.coverage.tags.map((tag) => [tag.label, tag.cards, tag.reviewed])).toEqual([
      ['RLHF', cards.length, 1],
      ['面试', cards.length, 1],
    ]);
    expect(after.coverage.notes.map((note) => note.label)).toEqual(['对齐面试题']);
    expect(after.weakest).toEqual([
      expect.objectContaining({ cardId: cards[0]!.id, lapses: 0, reps: 1, note: { id: cards[0]!.noteId, title: '对齐面试题' } }),
    ]);
  });

  it('takes no argument', async () => {
    await expect(app.call('stats.progress', { deck: { kind: 'all' } } as never)).rejects.toThrow();
  });
});
