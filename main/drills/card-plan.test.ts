import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import type { CardRecord } from '../../db/repositories/card-records.js';
import { importPaths } from '../import/import-notes.js';
import type { ImportOptions } from '../import/import-notes.js';
import { buildNoteContent } from '../import/note-content.js';
import { AGAIN, CREATE, CardPlanner, JOIN, placePlannedCards } from './card-plan.js';
import type { CardPlan } from './card-plan.js';
import { QuestionKeys } from './note-cards.js';
import { BANK } from './test-support.js';

// A question bank copied across folders, in the styles of real collections:
// the same questions as `###` headings, numbered paragraphs and bullets; a
// question asked twice in one note (once after joining another note's card,
// once after making its own); elliptical prompts (`原理`), which are never
// shared; a heading of punctuation only; a bare bullet with no answer yet;
// and two questions whose keys meet on one 32-bit hash.
const [COLLIDING_A, COLLIDING_B] = ['为什么第549599层的注意力会饱和？', '为什么第712382层的注意力会饱和？'];
const LIBRARY: Record<string, string> = {
  'bank/attention.md': BANK,
  'bank/numbered.md': `# 面试复习

1. 为什么要除以根号dk
防止 softmax 饱和，梯度消失。

2. 什么是 GQA
多个 query 头共享一组 KV 头。

3. 为什么要除以根号 dk？
再问一次：方差为 $d_k$。
`,
  'bank/twice.md': `# LoRA

### LoRA 的原理是什么？

低秩分解，只训练 A 和 B。

### LoRA 的原理是什么？

冻结原权重，旁路 $W = W_0 + BA$。
`,
  'copy/attention.md': `# Attention 题库（副本）

### 为什么要除以根号 dk？

防止梯度消失。

### 什么是 GQA？

分组查询注意力。

### FlashAttention

#### 原理

IO 感知的精确注意力。
`,
  'copy/lora.md': `# LoRA 清单

- LoRA 的原理是什么？
  - 冻结原权重。
- 为什么 LoRA 可以合并权重？
`,
  'copy/collide-a.md': `# A\n\n### ${COLLIDING_A}\n\n甲的回答。\n`,
  'copy/collide-b.md': `# B\n\n### ${COLLIDING_B}\n\n乙的回答。\n`,
  'copy/collide-both.md': `# C\n\n### ${COLLIDING_B}\n\n丙的回答。\n\n### ${COLLIDING_A}\n\n丁的回答。\n`,
  'copy/punct.md': `# 标点

### ？？？

没有问题文字。

### 什么是 GQA？

又问一次 GQA。
`,
};

let temp: string;
const stores: Store[] = [];

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'lattice-card-plan-'));
});

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(temp, { recursive: true, force: true });
});

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(temp, path)), { recursive: true });
    writeFileSync(join(temp, path), text);
  }
}

function newStore(): Store {
  const store = openStore(':memory:');
  stores.push(store);
  return store;
}

function importInto(store: Store, options: ImportOptions = {}): void {
  const report = importPaths(store, [temp], { batchSize: 3, ...options });
  expect(report.failed).toEqual([]);
}

/**
 * What a person's drills are made of, without the ids (each store makes its
 * own): every card by the note and place of its question, in the order new
 * cards are introduced, and every note's places as other cards' sources.
 */
function drillsOf(store: Store) {
  const paths = new Map(
    (store.db.prepare('SELECT id, path FROM notes').all() as { id: number; path: string }[]).map((n) => [n.id, n.path]),
  );
  const cards = store.repositories.cards.listAll();
  const placeOf = new Map(cards.map((card) => [card.id, `${paths.get(card.noteId ?? -1)}@${card.question.start}`]));
  const introduced = store.db.prepare('SELECT id FROM cards ORDER BY created_at, id').pluck().all() as string[];
  const shown = (card: CardRecord) => ({
    place: placeOf.get(card.id),
    kind: card.kind,
    question: card.question,
    answer: card.answer,
    contentHash: card.contentHash,
    context: card.context,
    lines: card.lines,
    key: card.questionKey,
    state: card.schedule.state,
    isOrphan: card.isOrphan,
    isSuspended: card.isSuspended,
  });
  const rows = store.db.prepare('SELECT note_id, card_ids, entries FROM note_card_sources ORDER BY note_id').all() as {
    note_id: number;
    card_ids: string;
    entries: string;
  }[];
  return {
    cards: cards.map(shown).sort((a, b) => String(a.place).localeCompare(String(b.place))),
    introduced: introduced.map((id) => placeOf.get(id)),
    sources: rows
      .map((row) => ({
        note: paths.get(row.note_id),
        cards: (JSON.parse(row.card_ids) as string[]).map((id) => placeOf.get(id)),
        entries: JSON.parse(row.entries) as unknown,
      }))
      .sort((a, b) => String(a.note).localeCompare(String(b.note))),
  };
}

describe('cards planned where notes are parsed', () => {
  it('are the cards and sources the writer would decide, in the same order, on a first import and after edits', () => {
    write(LIBRARY);
    const planned = newStore();
    const decided = newStore();
    importInto(planned);
    importInto(decided, { isPlanningCards: false });
    const first = drillsOf(planned);
    expect(first).toEqual(drillsOf(decided));
    // The library is what it should be, so the comparison is not of two empty stores.
    expect(first.cards.map((card) => [card.place, card.question.exact])).toEqual([
      ['bank/attention.md@13', '为什么要除以根号 dk？'],
      ['bank/attention.md@50', '什么是 GQA？'],
      ['bank/attention.md@99', '原理'],
      ['bank/numbered.md@65', '为什么要除以根号 dk？'],
      ['bank/twice.md@34', 'LoRA 的原理是什么？'],
      ['bank/twice.md@5', 'LoRA 的原理是什么？'],
      ['copy/attention.md@71', '原理'],
      ['copy/collide-a.md@2', COLLIDING_A],
      ['copy/collide-b.md@2', COLLIDING_B],
      ['copy/lora.md@28', '为什么 LoRA 可以合并权重？'],
    ]);
    expect(first.sources.map((row) => [row.note, row.cards])).toEqual([
      ['bank/numbered.md', ['bank/attention.md@13', 'bank/attention.md@50']],
      ['copy/attention.md', ['bank/attention.md@13', 'bank/attention.md@50']],
      ['copy/collide-both.md', ['copy/collide-b.md@2', 'copy/collide-a.md@2']],
      ['copy/lora.md', ['bank/twice.md@5']],
      ['copy/punct.md', ['bank/attention.md@50']],
    ]);

    // Edits, a note that asks stored questions and a new one: the stored notes are synced, the new ones planned or not.
    write({
      'bank/attention.md': LIBRARY['bank/attention.md']?.replace('### 什么是 GQA？', '### 什么是 MQA？') ?? '',
      'copy/more.md':
        '# 补充\n\n### 什么是 GQA？\n\n再一次。\n\n### 什么是 MQA？\n\n所有头共享一组 KV。\n\n### 什么是 MLA？\n\n低秩压缩 KV。\n',
      'copy/new.md': '# 新题\n\n### 什么是 MLA？\n\n潜在注意力。\n\n### 什么是 PPO？\n\nSFT → RM → PPO。\n',
      // New questions only, planned, in one batch with notes the writer decides (before and after them in the walk).
      'bank/a-fresh.md': '# DPO\n\n1. 什么是 DPO？\n直接偏好优化。\n\n2. 为什么 DPO 不需要奖励模型？\n隐式奖励。\n',
      'copy/z-fresh.md': '# KL\n\n- 为什么需要 KL 惩罚？\n  - 防止策略偏离参考模型。\n- 什么是 DPO？\n  - 又问一次。\n',
    });
    importInto(planned);
    importInto(decided, { isPlanningCards: false });
    expect(drillsOf(planned)).toEqual(drillsOf(decided));
  });

  it('plan the actions the writer checks: make, join, and make again for a question asked twice', () => {
    const planner = new CardPlanner([]);
    const plan = (text: string, isStored = false): CardPlan | undefined => {
      const content = buildNoteContent(Buffer.from(text, 'utf8'), 'n.md');
      return planner.plan(isStored, content.questions, content.cardFields);
    };
    const attention = plan(LIBRARY['bank/attention.md'] ?? '') as CardPlan;
    expect([...attention.actions]).toEqual([CREATE, CREATE, CREATE]);
    expect([...attention.made]).toEqual([0, 1, 2]);
    const numbered = plan(LIBRARY['bank/numbered.md'] ?? '') as CardPlan;
    expect([...numbered.actions]).toEqual([JOIN, JOIN, AGAIN]);
    expect([...numbered.joined]).toEqual([0, 1]);
    expect((JSON.parse(numbered.entriesJson) as unknown[]).length).toBe(2);
    const twice = plan(LIBRARY['bank/twice.md'] ?? '') as CardPlan;
    expect([...twice.actions]).toEqual([CREATE, AGAIN]);
    // A heading of punctuation only asks nothing; the note's GQA joins the first note's card.
    const punct = plan(LIBRARY['copy/punct.md'] ?? '') as CardPlan;
    expect([...punct.actions]).toEqual([JOIN]);
    expect([...punct.joined]).toEqual([1]);
    // A stored note is synced by the writer, which may make cards for its keys: later notes asking them are not planned.
    expect(plan('# 已存\n\n### 什么是 PPO？\n\n旧答案。\n', true)).toBeUndefined();
    expect(plan('# 新\n\n### 什么是 PPO？\n\n新答案。\n')).toBeUndefined();
    // Nor is a note asking a question a card may have had before the import (its key's hash was stored).
    const storedPlanner = new CardPlanner(
      buildNoteContent(Buffer.from('### 什么是 GQA？\n\n答。\n'), 'x.md').cardFields.map((f) => f.keyHash as number),
    );
    const content = buildNoteContent(Buffer.from(LIBRARY['copy/punct.md'] ?? '', 'utf8'), 'p.md');
    expect(storedPlanner.plan(false, content.questions, content.cardFields)).toBeUndefined();
  });
});

describe('one import, one set of question keys', () => {
  it('a note whose file came back makes its card again, and a new note of the same import joins it', () => {
    write({ 'a.md': '# A\n\n### 什么是 GQA？\n\n分组共享 KV。\n' });
    const store = newStore();
    const cards = store.repositories.cards;
    importInto(store);
    // The file goes: its card becomes an orphan, which the person deletes.
    rmSync(join(temp, 'a.md'));
    importInto(store);
    const [orphan] = cards.listOrphans();
    expect(cards.delete(orphan?.id as string)).toBe(true);
    // It comes back unchanged, between new notes (one written before it, one after it asking the same question).
    write({
      '0.md': '# 0\n\n### 什么是 MQA？\n\n所有头共享一组 KV。\n',
      'a.md': '# A\n\n### 什么是 GQA？\n\n分组共享 KV。\n',
      'b.md': '# B\n\n### 什么是 GQA？\n\n多个 query 头共享 KV。\n',
    });
    importInto(store, { batchSize: 1 });
    const gqa = cards.listAll().filter((card) => card.question.exact.includes('GQA'));
    expect(gqa.map((card) => [card.question.exact, card.isOrphan])).toEqual([['什么是 GQA？', false]]);
    const noteOf = (path: string) => store.db.prepare('SELECT id FROM notes WHERE path = ?').pluck().get(path) as number;
    expect(gqa[0]?.noteId).toBe(noteOf('a.md'));
    expect(cards.sources.ofNote(noteOf('b.md')).map((source) => source.cardId)).toEqual([gqa[0]?.id]);
  });
});

describe('the writer follows a plan only when it holds', () => {
  type Planned = { name: string; content: ReturnType<typeof buildNoteContent>; plan: CardPlan };
  /** The notes of LIBRARY with their plans, in the order a planner saw them. */
  function plannedNotes(names: string[]): Planned[] {
    const planner = new CardPlanner([]);
    return names.map((name) => {
      const content = buildNoteContent(Buffer.from(LIBRARY[name] ?? '', 'utf8'), name);
      return { name, content, plan: planner.plan(false, content.questions, content.cardFields) as CardPlan };
    });
  }

  function storeNote(store: Store, name: string, content: ReturnType<typeof buildNoteContent>): number {
    const libraries = store.repositories.libraries;
    const libraryId = (libraries.findByRoot(temp) ?? libraries.create(temp, 'plans', 'user', new Date().toISOString())).id;
    return store.repositories.notes.save(libraryId, name, content, new Date().toISOString());
  }

  it('writes the planned cards and rows, and refuses a plan joining a card that was rolled back or deleted', () => {
    const stamp = new Date().toISOString();
    const placer = (store: Store, keys: QuestionKeys, notes: ReturnType<typeof plannedNotes>) => {
      const ids = new Map(notes.map((note) => [note, storeNote(store, note.name, note.content)]));
      return (note: (typeof notes)[number]): boolean => {
        const { text, contentHash, questions, cardFields } = note.content;
        const fields = { text, contentHash, questions, fields: cardFields };
        return placePlannedCards(store.repositories.cards, ids.get(note) as number, fields, note.plan, stamp, keys);
      };
    };

    // A note whose savepoint rolls back takes its cards along: a later note's plan joining them is refused.
    const first = newStore();
    const firstKeys = new QuestionKeys([]);
    const [attention, numbered] = plannedNotes(['bank/attention.md', 'bank/numbered.md']) as [Planned, Planned];
    const placeFirst = placer(first, firstKeys, [attention, numbered]);
    expect(() =>
      first.transaction(() => {
        expect(placeFirst(attention)).toBe(true);
        throw new Error('the note failed after its cards were written');
      }),
    ).toThrow('the note failed');
    firstKeys.noteFailed();
    expect(first.repositories.cards.listAll()).toEqual([]);
    expect(first.transaction(() => placeFirst(numbered))).toBe(false);
    expect(first.db.prepare('SELECT COUNT(*) FROM note_card_sources').pluck().get()).toBe(0);

    // Stored, they are joined; once the person deletes a card mid-import, no later plan is followed.
    const second = newStore();
    const cards = second.repositories.cards;
    const keys = new QuestionKeys([]);
    const notes = plannedNotes(['bank/attention.md', 'bank/numbered.md', 'copy/attention.md']) as [Planned, Planned, Planned];
    const place = placer(second, keys, notes);
    const stored = (note: Planned): boolean => {
      const placed = second.transaction(() => place(note));
      if (placed) keys.noteStored();
      return placed;
    };
    expect(stored(notes[0])).toBe(true);
    const made = cards.listAll().map((card) => card.id);
    expect(made).toHaveLength(3);
    expect(stored(notes[1])).toBe(true);
    const numberedId = second.db.prepare("SELECT id FROM notes WHERE path = 'bank/numbered.md'").pluck().get() as number;
    expect(cards.sources.ofNote(numberedId).map((source) => source.cardId)).toEqual(made.slice(0, 2));
    expect(cards.listAll()).toHaveLength(4);
    expect(cards.delete(made[2] as string)).toBe(true);
    expect(stored(notes[2])).toBe(false);
    expect(cards.listAll()).toHaveLength(3);
  });

  it('refuses a plan making a card for a question the import gave a card another way', () => {
    const store = newStore();
    const cards = store.repositories.cards;
    const [attention] = plannedNotes(['bank/attention.md']) as [Planned];
    const keys = new QuestionKeys([]);
    // A card with the key of the plan's first question, made by a note the writer synced itself.
    const gqa = attention.content.cardFields[1];
    keys.add(gqa?.key as string, gqa?.keyHash as number, { id: 'made-elsewhere', noteId: 99 });
    const placed = store.transaction(() => {
      const id = storeNote(store, attention.name, attention.content);
      const questions = {
        text: attention.content.text,
        contentHash: attention.content.contentHash,
        questions: attention.content.questions,
        fields: attention.content.cardFields,
      };
      return placePlannedCards(cards, id, questions, attention.plan, new Date().toISOString(), keys);
    });
    expect(placed).toBe(false);
    expect(cards.listAll()).toEqual([]);
  });
});
