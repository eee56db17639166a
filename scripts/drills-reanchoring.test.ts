import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../db/open-store.js';
import type { Store } from '../db/open-store.js';
import { seededRng } from './anchoring-edits.js';
import { QuestionMaker, applyDrillEdit, makeNote, questionsOf, renderNote, reword } from './drills-edits.js';
import { runReanchoring } from './drills-reanchoring.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lattice-reanchoring-'));
  store = openStore(':memory:');
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the edits of the re-anchoring benchmark', () => {
  it('reword changes at most a fifth of a question (edit distance in characters)', () => {
    const distance = (a: string[], b: string[]): number => {
      let row = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++)
          next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
        row = next;
      }
      return row[b.length] ?? 0;
    };
    const rng = seededRng(7);
    const text = '为什么 LoRA 会影响显存占用？在微调场景下有什么问题';
    let changedSome = false;
    for (let i = 0; i < 200; i++) {
      const changed = reword(text, rng);
      const d = distance(Array.from(text), Array.from(changed));
      expect(d).toBeLessThanOrEqual(Math.floor(Array.from(text).length / 5));
      changedSome ||= d > 0;
    }
    expect(changedSome).toBe(true);
  });

  it('a deleted question is reported, and the rendered note no longer asks it', () => {
    const rng = seededRng(3);
    const maker = new QuestionMaker(rng);
    const note = makeNote(rng, maker, 0);
    const before = questionsOf(note).map((q) => q.id);
    let deleted: number[] = [];
    while (deleted.length === 0) deleted = applyDrillEdit(note, 'delete-question', rng, maker).deleted;
    const gone = before.find((id) => deleted.includes(id));
    expect(gone).toBeDefined();
    expect(questionsOf(note).map((q) => q.id)).not.toContain(gone);
    expect(renderNote(note)).toContain('# 面试题 0');
  });
});

describe('cards through random edits, imported for real', () => {
  it('keep their question (≥ 95%), never land on another one, become orphans when theirs is deleted, and keep their grades', () => {
    const result = runReanchoring(store, join(dir, 'notes'), { notes: 24, rounds: 2, maxEdits: 5, seed: 99 });
    expect(result.untracked).toBe(0);
    const { total } = result;
    expect(total.cards).toBeGreaterThan(200);
    expect(total.kept / (total.kept + total.lost + total.wrong)).toBeGreaterThanOrEqual(0.95);
    expect(total.wrong).toBe(0);
    expect(total.orphaned).toBeGreaterThan(0);
    expect(total.lostGrades).toBe(0);
  });
});
