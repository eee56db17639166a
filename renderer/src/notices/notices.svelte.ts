import { errorWords } from './error-words.js';
import { preferences } from '../state/preferences.svelte.js';

/**
 * The page's one way to tell the person something or ask them to confirm,
 * instead of the browser's alert/confirm (which block the page, cannot be
 * styled or translated by theme, and do not exist in every shell). Toasts
 * are listed in a live region; questions open one modal dialog at a time.
 */

export type NoticeTone = 'info' | 'error';

export interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
}

export interface Question {
  id: number;
  message: string;
  confirmLabel: string;
  /** Null for a message with only one button (acknowledging is all there is to do). */
  cancelLabel: string | null;
  isDestructive: boolean;
  resolve: (isConfirmed: boolean) => void;
}

export interface AskOptions {
  confirmLabel?: string;
  cancelLabel?: string;
  isDestructive?: boolean;
}

/** Information fades on its own; an error stays until dismissed, so its reference can be read and copied. */
const INFO_MS = 6000;

class Notices {
  #list = $state<Notice[]>([]);
  #questions = $state<Question[]>([]);
  #next = 1;

  get list(): readonly Notice[] {
    return this.#list;
  }

  /** The question on screen; others wait their turn. */
  get question(): Question | null {
    return this.#questions[0] ?? null;
  }

  show(text: string, tone: NoticeTone = 'info'): number {
    const id = this.#next++;
    this.#list = [...this.#list, { id, tone, text }];
    if (tone === 'info') setTimeout(() => this.dismiss(id), INFO_MS);
    return id;
  }

  /** Shows a failed call, worded by its API error type. */
  error(error: unknown): number {
    const { key, detail } = errorWords(error);
    return this.show(preferences.t(key, { detail }), 'error');
  }

  dismiss(id: number): void {
    this.#list = this.#list.filter((notice) => notice.id !== id);
  }

  /** Asks a yes/no question; resolves true only when the person confirms. */
  ask(message: string, options: AskOptions = {}): Promise<boolean> {
    return new Promise((resolve) => {
      this.#questions = [
        ...this.#questions,
        {
          id: this.#next++,
          message,
          confirmLabel: options.confirmLabel ?? preferences.t('notice.ok'),
          cancelLabel: options.cancelLabel ?? preferences.t('notice.cancel'),
          isDestructive: options.isDestructive ?? false,
          resolve,
        },
      ];
    });
  }

  /** A message that needs acknowledging (About): one button. */
  async tell(message: string): Promise<void> {
    await new Promise<boolean>((resolve) => {
      this.#questions = [
        ...this.#questions,
        { id: this.#next++, message, confirmLabel: preferences.t('notice.ok'), cancelLabel: null, isDestructive: false, resolve },
      ];
    });
  }

  /** The person's answer to the question on screen. */
  answer(isConfirmed: boolean): void {
    const [current, ...rest] = this.#questions;
    if (!current) return;
    this.#questions = rest;
    current.resolve(isConfirmed);
  }
}

export const notices = new Notices();
