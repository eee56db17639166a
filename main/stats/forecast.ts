import type { DueCard, NoteDeckInfo } from '../../db/repositories/progress.js';
import type { DrillDeck, ProgressForecast, ProgressForecastSeries } from '../api/contract.js';
import { dayIndexOf } from './study-days.js';
import type { StudyDay } from './study-days.js';

/** With every due card in one folder, its notes are the stacks: this many, the rest together. */
export const NOTE_STACKS = 6;

/**
 * Cards falling due on each of the given study days, stacked by deck: by
 * folder, or, when every due card sits in one folder (most people's
 * case), by note — the notes with the most cards due, then the rest as one
 * stack. A card already overdue counts today: it is due now.
 */
export function forecastOf(days: readonly StudyDay[], due: readonly DueCard[], notes: ReadonlyMap<number, NoteDeckInfo>): ProgressForecast {
  const dayOf = (card: DueCard): number => {
    const at = Date.parse(card.due);
    return at < days[0]!.start ? 0 : dayIndexOf(days, at);
  };
  const folders = new Set(due.map((card) => card.libraryId));
  const isByNote = folders.size === 1;
  const stacks = new Map<number, { deck: DrillDeck; label: string; counts: number[]; total: number }>();
  for (const card of due) {
    const day = dayOf(card);
    if (day < 0) continue;
    const key = isByNote ? card.noteId : card.libraryId;
    let stack = stacks.get(key);
    if (!stack) {
      const note = notes.get(card.noteId);
      stack = isByNote
        ? { deck: { kind: 'note', noteId: card.noteId }, label: note?.title ?? '', counts: days.map(() => 0), total: 0 }
        : { deck: { kind: 'library', libraryId: card.libraryId }, label: note?.libraryName ?? '', counts: days.map(() => 0), total: 0 };
      stacks.set(key, stack);
    }
    stack.counts[day]! += 1;
    stack.total += 1;
  }
  // Largest first, ties by name, so the order is the same from one opening to the next.
  const ordered = [...stacks.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  let series: ProgressForecastSeries[] = ordered.map(({ deck, label, counts }) => ({ deck, label, counts }));
  if (isByNote && ordered.length > NOTE_STACKS + 1) {
    const rest = ordered.slice(NOTE_STACKS);
    const counts = days.map((_, i) => rest.reduce((sum, stack) => sum + stack.counts[i]!, 0));
    series = [...series.slice(0, NOTE_STACKS), { deck: { kind: 'library', libraryId: [...folders][0]! }, label: '', counts }];
  }
  return { dates: days.map((day) => day.date), series };
}
