import type { DrillRating } from '../../../main/api/contract.js';

/** What the review screen does on its keys (see the key legend under the buttons). */
export interface ReviewKeyActions {
  reveal(): void;
  grade(rating: DrillRating): void;
  undo(): void;
  edit(): void;
  openInNote(): void;
  bury(): void;
  suspend(): void;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * Installs the review keys; returns the function that removes them. Space is
 * always the screen's (never a focused button's, which after a click would be
 * pressed again by it), so a person can go through a session on the keyboard alone.
 */
export function bindReviewKeys(actions: ReviewKeyActions): () => void {
  const onKeydown = (event: KeyboardEvent): void => {
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.repeat && event.key !== ' ') return; // a held key must not grade card after card
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const run: Record<string, () => void> = {
      ' ': actions.reveal,
      '1': () => actions.grade(1),
      '2': () => actions.grade(2),
      '3': () => actions.grade(3),
      '4': () => actions.grade(4),
      z: actions.undo,
      e: actions.edit,
      o: actions.openInNote,
      b: actions.bury,
      s: actions.suspend,
    };
    const action = run[key];
    if (!action) return;
    event.preventDefault();
    if (!event.repeat) action();
  };
  // A button activates on Space's keyup: take that from it too.
  const onKeyup = (event: KeyboardEvent): void => {
    if (event.key === ' ' && !isTyping(event.target)) event.preventDefault();
  };
  addEventListener('keydown', onKeydown);
  addEventListener('keyup', onKeyup);
  return () => {
    removeEventListener('keydown', onKeydown);
    removeEventListener('keyup', onKeyup);
  };
}
