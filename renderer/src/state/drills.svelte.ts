import type { DrillDeck, DrillRating } from '../../../main/api/contract.js';
import { client } from '../api/client.js';
import { deckParam, drillsHref } from './router.svelte.js';

/**
 * The number of cards left today, shown in the top bar. Refreshes that come
 * while one is on its way are folded into one more after it, so a burst of
 * grades or import events never queues a call per event and the last answer
 * shown is never older than the last change.
 */
class DueCount {
  #total = $state<number | null>(null);
  #isRefreshing = $state(false);
  #running: Promise<void> | null = null;
  #isAgain = false;

  /** Cards left today within the daily limits; null until first read (or when the store cannot be reached). */
  get total(): number | null {
    return this.#total;
  }

  /** A change is being counted: the number shown may be one step behind. */
  get isRefreshing(): boolean {
    return this.#isRefreshing;
  }

  /** A count read by someone else (the review of every card reads the same figure): no second call. */
  know(total: number): void {
    if (!this.#running) this.#total = total;
  }

  refresh(): Promise<void> {
    if (this.#running) {
      this.#isAgain = true;
      return this.#running;
    }
    this.#isRefreshing = true;
    this.#running = (async () => {
      do {
        this.#isAgain = false;
        try {
          this.#total = (await client.call('drills.stats', {})).dueToday.total;
        } catch {
          // the count is a hint: keep the last one rather than show an error in the top bar
        }
      } while (this.#isAgain);
    })().finally(() => {
      this.#running = null;
      this.#isRefreshing = false;
    });
    return this.#running;
  }
}

export const dueCount = new DueCount();

/** One grade given in the session, so Z can take it back out of the session's figures too. */
interface GivenGrade {
  cardId: string;
  rating: DrillRating;
}

/**
 * The review session in progress. It outlives the screen: a person who opens
 * a card in its note and comes back (or goes to another screen and back to
 * the same deck) continues the same session, its counts and clock kept.
 */
class DrillSession {
  #deckKey = $state<string | null>(null);
  #deck = $state.raw<DrillDeck | null>(null);
  #grades = $state.raw<GivenGrade[]>([]);
  #startedAt = $state(0);
  #isEnded = $state(false);
  #endedAt = $state(0);
  /** The card that was on screen when the person left it (open in note). */
  #awayCardId = $state<string | null>(null);

  get deck(): DrillDeck | null {
    return this.#deck;
  }
  get reviewed(): number {
    return this.#grades.length;
  }
  /** Different cards graded (a card that came back after Again counts once). */
  get cardsReviewed(): number {
    return new Set(this.#grades.map((grade) => grade.cardId)).size;
  }
  get againCount(): number {
    return this.#grades.filter((grade) => grade.rating === 1).length;
  }
  get startedAt(): number {
    return this.#startedAt;
  }
  get isEnded(): boolean {
    return this.#isEnded;
  }
  /** From the first card shown to the end (or to now, while it runs). */
  get elapsedMs(): number {
    return (this.#isEnded ? this.#endedAt : Date.now()) - this.#startedAt;
  }
  /** The card the person went to read in its note, while they are there. */
  get awayCardId(): string | null {
    return this.#awayCardId;
  }

  /** Continues the session on `deck` if one is open on it, else starts a new one. Returns whether it resumed. */
  begin(deck: DrillDeck | null): boolean {
    const key = deckParam(deck ?? { kind: 'all' });
    this.#awayCardId = null;
    if (this.#deckKey === key && !this.#isEnded) return true;
    this.#deckKey = key;
    this.#deck = deck;
    this.#grades = [];
    this.#startedAt = Date.now();
    this.#isEnded = false;
    return false;
  }

  graded(cardId: string, rating: DrillRating): void {
    this.#grades = [...this.#grades, { cardId, rating }];
  }

  /** Takes the last grade out of the session's figures (the store's undo already restored the card). */
  undone(cardId: string): void {
    const at = this.#grades.findLastIndex((grade) => grade.cardId === cardId);
    if (at >= 0) this.#grades = this.#grades.filter((_, index) => index !== at);
  }

  end(): void {
    if (!this.#isEnded) this.#endedAt = Date.now();
    this.#isEnded = true;
  }

  /** Z on the summary brings a card back: the session is open again. */
  reopen(): void {
    this.#isEnded = false;
  }

  leaveFor(cardId: string): void {
    this.#awayCardId = cardId;
  }

  /** The person went on elsewhere: no way back is offered any more (the session itself stays open). */
  forgetAway(): void {
    this.#awayCardId = null;
  }

  /** The address that brings the person back to this session. */
  get href(): string {
    return drillsHref('review', this.#deck);
  }
}

export const drillSession = new DrillSession();
