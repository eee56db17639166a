import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../db/open-store.js';
import { NoteRepository } from '../db/repositories/notes.js';
import { DrillScheduler } from '../main/drills/scheduler.js';
import type { DrillRating } from '../main/drills/scheduler.js';
import { importPaths } from '../main/import/import-notes.js';
import { pick, randInt, seededRng } from './anchoring-edits.js';
import { DRILL_EDITS, QuestionMaker, applyDrillEdit, makeNote, questionsOf, renderNote, sourceEdit } from './drills-edits.js';
import type { DrillEdit, ModelNote } from './drills-edits.js';

/**
 * The re-anchoring benchmark of bench:drills: a library of question notes is
 * imported, a third of its cards graded, then every note is edited at random
 * (drills-edits.ts) and imported again, round after round. After each round
 * every card is checked against the question it was made for:
 * - kept: its question is still in the note and the card is on it (live);
 * - lost: its question is still there but the card became an orphan;
 * - wrong: the card is live on another question, or live although its
 *   question was deleted (it must become an orphan);
 * - orphaned: its question was deleted and the card is a suspended orphan.
 * Targets (issue 13): kept ≥ 95% of the cards whose question survives,
 * wrong ≤ 0.5% of all cards. Grades must survive every round.
 */

export interface ReanchoringOptions {
  notes: number;
  rounds: number;
  /** Edits per note per round: 1 to this many. */
  maxEdits: number;
  seed?: number;
}

export interface ReanchoringRound {
  cards: number;
  kept: number;
  lost: number;
  wrong: number;
  orphaned: number;
  /** Review-log rows of the graded cards that went missing (must be 0). */
  lostGrades: number;
  edits: Record<DrillEdit, number>;
  /** A few wrong placements, to see what went wrong. */
  examples: string[];
}

export interface ReanchoringResult {
  rounds: ReanchoringRound[];
  /** Found cards of the first import that the model could not name (the finder saw a question the model did not write, or vice versa). */
  untracked: number;
  total: { cards: number; kept: number; lost: number; wrong: number; orphaned: number; lostGrades: number };
}

export function runReanchoring(store: Store, dir: string, options: ReanchoringOptions): ReanchoringResult {
  const rng = seededRng(options.seed ?? 1313);
  const maker = new QuestionMaker(rng);
  const notesRepo = new NoteRepository(store.db);
  let clock = Date.parse('2026-12-01T08:00:00.000Z');
  const scheduler = new DrillScheduler(store.db, { now: () => new Date(clock) });
  mkdirSync(dir, { recursive: true });

  const models: ModelNote[] = Array.from({ length: options.notes }, (_, i) => makeNote(rng, maker, i));
  const fileOf = (i: number): string => `q-${String(i).padStart(4, '0')}.md`;
  models.forEach((model, i) => writeFileSync(join(dir, fileOf(i)), renderNote(model)));
  const importAll = (): void => {
    const report = importPaths(store, [dir]);
    if (report.failed.length > 0) throw new Error(`re-anchoring bench: import failed: ${JSON.stringify(report.failed[0])}`);
  };
  importAll();

  const noteIds = models.map((_, i) => notesRepo.versionsIn(1).get(fileOf(i))?.id ?? -1);
  /** Card id → [note index, question id]. */
  const tracked = new Map<string, [number, number]>();
  let untracked = 0;
  const track = (isFirst: boolean): void => {
    models.forEach((model, i) => {
      const byText = new Map(questionsOf(model).map((q) => [q.text, q.id]));
      for (const card of scheduler.cards.listByNote(noteIds[i] as number)) {
        if (tracked.has(card.id) || card.isOrphan) continue;
        const id = byText.get(card.question.exact);
        if (id === undefined) {
          if (isFirst) untracked++;
          continue;
        }
        tracked.set(card.id, [i, id]);
      }
    });
  };
  track(true);

  // A third of the cards graded once or twice: their history must survive every round.
  const logCount = store.db.prepare('SELECT COUNT(*) FROM review_log WHERE card_id = ?').pluck();
  const grades = new Map<string, number>();
  for (const cardId of tracked.keys()) {
    if (rng() >= 1 / 3) continue;
    for (let g = randInt(rng, 1, 2); g > 0; g--) {
      clock += 60_000;
      scheduler.grade({ cardId, rating: pick(rng, [1, 2, 3, 4] as DrillRating[]) });
    }
    grades.set(cardId, logCount.get(cardId) as number);
  }

  const deleted = new Set<number>();
  const rounds: ReanchoringRound[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const edits = Object.fromEntries(DRILL_EDITS.map((type) => [type, 0])) as Record<DrillEdit, number>;
    models.forEach((model, i) => {
      const sourceEdits: DrillEdit[] = [];
      for (let e = randInt(rng, 1, options.maxEdits); e > 0; e--) {
        const type = pick(rng, DRILL_EDITS);
        edits[type]++;
        if (type === 'crlf' || type === 'frontmatter') sourceEdits.push(type);
        else for (const id of applyDrillEdit(model, type, rng, maker).deleted) deleted.add(id);
      }
      let source = renderNote(model);
      for (const type of sourceEdits) source = sourceEdit(source, type, rng);
      writeFileSync(join(dir, fileOf(i)), source);
    });
    clock += 3_600_000;
    importAll();

    const result: ReanchoringRound = { cards: 0, kept: 0, lost: 0, wrong: 0, orphaned: 0, lostGrades: 0, edits, examples: [] };
    const texts = models.map((model) => new Map(questionsOf(model).map((q) => [q.id, q.text])));
    for (const [cardId, [noteIndex, questionId]] of tracked) {
      const card = scheduler.cards.get(cardId);
      result.cards++;
      if (!card) {
        result.wrong++;
        result.examples.push(`card ${cardId} is gone`);
        continue;
      }
      const text = texts[noteIndex]?.get(questionId);
      const isOnItsNote = card.noteId === noteIds[noteIndex];
      if (text === undefined) {
        if (card.isOrphan) result.orphaned++;
        else {
          result.wrong++;
          if (result.examples.length < 5) result.examples.push(`deleted question #${questionId} → live on 「${card.question.exact}」`);
        }
      } else if (card.isOrphan) {
        result.lost++;
      } else if (isOnItsNote && card.question.exact === text) {
        result.kept++;
      } else {
        result.wrong++;
        if (result.examples.length < 5) result.examples.push(`「${text}」 → 「${card.question.exact}」`);
      }
    }
    for (const [cardId, count] of grades) result.lostGrades += Math.max(0, count - (logCount.get(cardId) as number));
    rounds.push(result);
    // Cards made this round for new questions are followed from now on.
    track(false);
  }

  const total = { cards: 0, kept: 0, lost: 0, wrong: 0, orphaned: 0, lostGrades: 0 };
  for (const round of rounds) {
    total.cards += round.cards;
    total.kept += round.kept;
    total.lost += round.lost;
    total.wrong += round.wrong;
    total.orphaned += round.orphaned;
    total.lostGrades += round.lostGrades;
  }
  return { rounds, untracked, total };
}
