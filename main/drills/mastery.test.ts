import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsrs, generatorParameters } from 'ts-fsrs';
import { CardRepository } from '../../db/repositories/cards.js';
import type { CardSchedule } from '../../db/repositories/card-records.js';
import { MasteryRepository } from '../../db/repositories/mastery.js';
import type { RecallTally } from '../../db/repositories/mastery.js';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { toFsrsCard } from './fsrs-card.js';
import { masteryLevel, masteryOf, masteryQuery } from './mastery.js';

const DAY = 86_400_000;
const NOW = new Date('2026-03-10T12:00:00.000Z');

// Headings asked as questions (each one card), Chinese with English terms, a
// formula, a Mermaid pipeline, the way interview notes are written.
const NOTE = `# 注意力 面试

### 为什么要除以 $\\sqrt{d_k}$？

点积的方差随 $d_k$ 增大，softmax 会饱和。

### MHA 和 GQA 有什么区别？

GQA 让几个头共用一组 KV。

## RLHF

\`\`\`mermaid
graph LR
  SFT --> RM --> PPO
\`\`\`

### 讲解一下 RLHF 的流程？

SFT → RM → PPO

### 为什么 PPO 要加 KL 惩罚？

防止策略偏离参考模型太远。

### DPO 需要奖励模型吗？

不需要，直接用偏好数据。
`;

let work: string;
let app: Lattice;
let cards: CardRepository;
let noteId: number;
const idOf = new Map<string, string>();

function reviewed(question: string, stability: number, lastReview: Date, state: 1 | 2 | 3 = 2): void {
  const id = cardAsking(question);
  const schedule: CardSchedule = {
    due: new Date(lastReview.getTime() + stability * DAY).toISOString(),
    stability,
    difficulty: 5,
    elapsedDays: 0,
    scheduledDays: Math.round(stability),
    learningSteps: 0,
    reps: 3,
    lapses: 0,
    state,
    lastReview: lastReview.toISOString(),
  };
  cards.saveSchedule(id, schedule, NOW.toISOString());
}

/** The card whose question holds these words. */
function cardAsking(words: string): string {
  for (const [question, id] of idOf) if (question.includes(words)) return id;
  throw new Error(`no card asks ${words}: ${[...idOf.keys()].join(' | ')}`);
}

const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY);

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-mastery-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  writeFileSync(join(work, 'attention.md'), NOTE);
  await app.call('library.import', { paths: [join(work, 'attention.md')] });
  await app.idle();
  cards = new CardRepository(app.store.db);
  const list = await app.call('drills.list', {});
  noteId = list[0]!.noteId!;
  for (const item of list) idOf.set(item.question, item.id);
  // Hand-computed with FSRS-6's curve (decay −0.1542, factor 0.98034649):
  // R = (1 + 0.98034649·t/S)^−0.1542, t in whole days since the last review.
  reviewed('为什么要除以', 10, daysBefore(5)); // R = 0.940344, S < 21: learning
  reviewed('MHA 和 GQA', 2, daysBefore(3.5)); // t = 3 (floored): R = 0.869825 < 0.9: weak
  reviewed('RLHF 的流程', 30, daysBefore(1)); // R = 0.995054, S ≥ 21: solid
  reviewed('KL 惩罚', 40, daysBefore(10)); // R = 0.966763: solid
  // 'DPO 需要' is never reviewed.
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
  idOf.clear();
});

const tally = (cards: number, reviewed: number, weak: number, solid: number, recallSum = 0): RecallTally => ({
  cards,
  reviewed,
  weak,
  solid,
  recallSum,
});

describe('the levels of a set of cards', () => {
  it('reads no mark without cards, not studied before any review, then weak, learning or solid at the stated shares', () => {
    expect(masteryLevel(tally(0, 0, 0, 0))).toBeNull();
    expect(masteryLevel(tally(3, 0, 0, 0))).toBe('unstudied');
    // 3 of 10 reviewed cards weak is the 30% line: weak; 2 of 10 is not.
    expect(masteryLevel(tally(10, 10, 3, 7))).toBe('weak');
    expect(masteryLevel(tally(10, 10, 2, 8))).toBe('solid');
    // Solid needs every card reviewed and 80% solid.
    expect(masteryLevel(tally(10, 9, 0, 9))).toBe('learning');
    expect(masteryLevel(tally(10, 10, 0, 7))).toBe('learning');
    expect(masteryLevel(tally(1, 1, 1, 0))).toBe('weak');
  });

  it('gives recall as the share the person would recall now, unseen cards counting 0', () => {
    expect(masteryOf(tally(4, 2, 0, 0, 1.8))).toEqual({ level: 'learning', cards: 4, reviewed: 2, weak: 0, solid: 0, recall: 0.45 });
  });
});

describe('mastery read from the store', () => {
  const query = () => masteryQuery(NOW, 0.9);

  it('sums a note in one pass with FSRS recall computed as ts-fsrs computes it', () => {
    const note = new MasteryRepository(app.store.db).byNote(query()).get(noteId)!;
    expect(note.cards).toBe(5);
    expect(note.reviewed).toBe(4);
    expect(note.weak).toBe(1);
    expect(note.solid).toBe(2);
    expect(note.recallSum).toBeCloseTo(0.940344 + 0.869825 + 0.995054 + 0.966763, 5);
    // 1 weak of 4 reviewed is under 30%, one card unseen: learning, recall 3.771986 / 5.
    expect(masteryOf(note)).toMatchObject({ level: 'learning', recall: expect.closeTo(0.754397, 5) as number });

    // The same figure ts-fsrs gives for the card.
    const card = cards.get(cardAsking('MHA 和 GQA'))!;
    const fromFsrs = fsrs(generatorParameters()).get_retrievability(toFsrsCard(card.schedule), NOW, false);
    expect(fromFsrs).toBeCloseTo(0.869825, 5);
  });

  it('gives each section its own cards and its subsections’ cards', () => {
    const repository = new MasteryRepository(app.store.db);
    const sections = app.context.notes.sections(noteId);
    const ordOf = (title: string) => sections.find((s) => s.title.includes(title))!.ord;
    expect(sections.find((s) => s.title === 'RLHF')).toBeDefined();
    const total = repository.bySection(noteId, query());
    const level = (title: string) => masteryLevel(total.get(ordOf(title))!);
    expect(level('MHA')).toBe('weak');
    expect(level('sqrt')).toBe('learning');
    expect(level('KL')).toBe('solid');
    expect(level('DPO')).toBe('unstudied');
    // RLHF holds three cards, one unseen: learning; the top heading holds all five.
    expect(total.get(sections.find((s) => s.title === 'RLHF')!.ord)).toMatchObject({ cards: 3, reviewed: 2, solid: 2, weak: 0 });
    expect(masteryLevel(total.get(sections.find((s) => s.title === 'RLHF')!.ord)!)).toBe('learning');
    expect(total.get(ordOf('注意力'))).toMatchObject({ cards: 5, reviewed: 4 });
  });

  it('leaves suspended and orphaned cards out, and reads a just-failed card as weak', () => {
    const repository = new MasteryRepository(app.store.db);
    cards.setSuspended(cardAsking('DPO 需要'), true, NOW.toISOString());
    const sections = app.context.notes.sections(noteId);
    const rlhf = sections.find((s) => s.title === 'RLHF')!.ord;
    // Without the unseen card, RLHF's two cards are both solid.
    expect(masteryLevel(repository.bySection(noteId, query()).get(rlhf)!)).toBe('solid');

    cards.markOrphan(cardAsking('RLHF 的流程'), NOW.toISOString());
    expect(repository.byNote(query()).get(noteId)).toMatchObject({ cards: 3, reviewed: 3, solid: 1, weak: 1 });

    // "Again" just now: recall reads 1 on the day, but stability 0.3 d is under a day: weak.
    reviewed('为什么要除以', 0.3, NOW, 3);
    const note = repository.byNote(query()).get(noteId)!;
    expect(note).toMatchObject({ cards: 3, reviewed: 3, weak: 2 });
    expect(masteryLevel(note)).toBe('weak');
  });

  it('reads a review dated after now (a clock moved backwards) as just reviewed, never above 100%', () => {
    reviewed('RLHF 的流程', 30, new Date(NOW.getTime() + 2 * DAY));
    const sections = app.context.notes.sections(noteId);
    const pipeline = sections.find((s) => s.title.includes('RLHF 的流程'))!.ord;
    const one = new MasteryRepository(app.store.db).bySection(noteId, query()).get(pipeline)!;
    expect(one).toMatchObject({ cards: 1, reviewed: 1, recallSum: 1 });
    expect(masteryLevel(one)).toBe('solid');
  });
});

describe('stats.mastery and stats.conceptMastery', () => {
  it('mark the note, its sections and the concepts its cards name', async () => {
    const marks = await app.call('stats.mastery', { noteId });
    expect(marks.notes).toEqual([{ noteId, mastery: expect.objectContaining({ cards: 5, reviewed: 4 }) as unknown }]);
    expect(marks.sections.length).toBeGreaterThanOrEqual(6);
    expect((await app.call('stats.mastery', {})).sections).toEqual([]);

    const concepts = await app.call('concepts.list', {});
    const idNamed = (name: string) => concepts.find((c) => c.name === name)?.id;
    const [sft, ppo] = [idNamed('SFT'), idNamed('PPO')];
    expect(sft && ppo).toBeTruthy();
    const unrelated = (await app.call('concepts.create', { name: 'Beam search' })).id;
    const { concepts: marked } = await app.call('stats.conceptMastery', { ids: [sft!, ppo!, unrelated] });
    const byId = new Map(marked.map((m) => [m.conceptId, m.mastery]));
    // PPO: the pipeline card and the KL card name it; SFT: only the pipeline card.
    expect(byId.get(ppo!)).toMatchObject({ cards: 2, reviewed: 2 });
    expect(byId.get(sft!)).toMatchObject({ cards: 1, reviewed: 1 });
    // A concept with no card gets no mark.
    expect(byId.has(unrelated)).toBe(false);

    // Which cards a concept holds is kept between calls, and read again after any write: a card edited to name PPO joins it.
    await app.call('drills.edit', { cardId: cardAsking('DPO 需要'), question: 'DPO 和 PPO 都需要奖励模型吗？' });
    const again = await app.call('stats.conceptMastery', { ids: [ppo!] });
    expect(again.concepts[0]?.mastery).toMatchObject({ cards: 3, reviewed: 2 });
  });
});

describe('"Study this" on a concept page', () => {
  async function questionsOf(conceptId: number): Promise<string[]> {
    const seen: string[] = [];
    for (
      let next = await app.call('drills.next', { deck: { kind: 'concept', conceptId } });
      next;
      next = await app.call('drills.next', { deck: { kind: 'concept', conceptId } })
    ) {
      seen.push(next.card.question);
      await app.call('drills.bury', { cardId: next.card.id });
    }
    return seen.sort();
  }

  it('draws the cards of the concept and of its neighbours, including those under the heading defining it', async () => {
    const concepts = await app.call('concepts.list', {});
    const idNamed = (name: string) => concepts.find((c) => c.name === name)!.id;
    // SFT → RM → PPO: PPO's neighbour RM adds nothing more; the pipeline and KL cards name PPO.
    const all = await app.call('drills.list', {});
    const due = all.map((c) => c.question);
    expect(await questionsOf(idNamed('PPO'))).toEqual(due.filter((q) => q.includes('RLHF 的流程') || q.includes('KL')).sort());
    // RLHF is defined by its heading: the three cards under it, though the DPO card does not name RLHF.
    expect(await questionsOf(idNamed('RLHF'))).toContain(due.find((q) => q.includes('DPO')));
  });
});
