import type { DrillCardView, DrillDeck, DrillDeckSummary, DrillRating } from '../../../main/api/contract.js';
import type { MessageKey } from '../i18n/messages.js';
import { preferences } from '../state/preferences.svelte.js';

/** One key per deck, to compare and to key lists (a tag and a note id never collide). */
export function deckKey(deck: DrillDeck): string {
  if (deck.kind === 'all') return 'all';
  if (deck.kind === 'note') return `note:${deck.noteId}`;
  if (deck.kind === 'library') return `library:${deck.libraryId}`;
  if (deck.kind === 'tag') return `tag:${deck.tag.toLowerCase()}`;
  if (deck.kind === 'anki') return `anki:${deck.ankiDeckId}`;
  return `concept:${deck.conceptId}`;
}

/** A deck as the person reads it: "Everything", or its kind and name ("Tag: 面试"). */
export function deckName(deck: DrillDeck, label: string): string {
  if (deck.kind === 'all') return preferences.t('drills.interview.everything');
  // No name: the note, folder or concept has gone since the plan was made.
  return `${preferences.t(`drills.interview.kind.${deck.kind}` as MessageKey)}: ${label || '—'}`;
}

/** The summaries in the order the chooser lists them (everything, folders, tags, notes), as drills.decks gives them. */
export function choosable(decks: DrillDeckSummary[]): DrillDeckSummary[] {
  return decks.filter((summary) => summary.cards > 0 || summary.deck.kind === 'all');
}

/** A grade's word. */
export const gradeWord = (rating: DrillRating): string => preferences.t(`drills.grade.${rating}`);

/** A recall as a whole percentage ("72%"); a dash for a deck with no card. */
export const percent = (recall: number | null): string => (recall === null ? '—' : `${Math.floor(recall * 100)}%`);

/** Whole seconds as m:ss, minutes padded to two digits (02:00, 12:05). */
export function clockTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/** Today's local date as YYYY-MM-DD, what a date input holds. */
export function todayLocal(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Keys the drill sessions answer to, unless the person is typing or holds a modifier. */
export function isSessionKey(event: KeyboardEvent): boolean {
  const el = event.target as HTMLElement | null;
  const isTyping = !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
  return !isTyping && !event.ctrlKey && !event.metaKey && !event.altKey;
}

/** One question of a mock interview as it went: how long until the answer was revealed, and the grade given. */
export interface MockAnswer {
  view: DrillCardView;
  answerMs: number;
  rating: DrillRating | null;
}
