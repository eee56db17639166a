/** Anki packages in and out (`anki.*`). */

import type { DrillDeck } from './drills.js';

/** An exported Anki deck: the file's name and its bytes (base64), with what it holds. */
export interface AnkiExportResult {
  fileName: string;
  content: string;
  cards: number;
  reviews: number;
  media: number;
}

/** What an Anki import did. */
export interface AnkiImportResult {
  deck: string;
  deckId: number;
  format: 'anki21b' | 'anki21' | 'anki2';
  created: number;
  linked: number;
  skipped: number;
  reviews: number;
  media: number;
}

export interface AnkiDeckInfo {
  id: number;
  name: string;
  importedAt: string;
  cards: number;
}

/** The `anki.*` calls. */
export interface AnkiApi {
  /**
   * A deck as an Anki package (.apkg, base64 in `content`): one note per card
   * (Front, Back, Source), formulas in MathJax's \\(…\\) and \\[…\\], the note's
   * title and section path as tags. `withHistory` carries each card's
   * schedule, FSRS memory state and grades. `svgs`: Mermaid diagrams drawn by
   * the renderer, by source hash (sanitized again); others go as their source.
   */
  'anki.export': { args: { deck?: DrillDeck; withHistory?: boolean; svgs?: Record<string, string> }; result: AnkiExportResult };
  /**
   * Imports an Anki package (.apkg or .colpkg, current or legacy format,
   * base64) into a deck named after the file: each card with its faces, media
   * and its history as FSRS state; a card whose question is a note's question
   * joins that note's card. Importing the same package again adds only what is new.
   */
  'anki.import': { args: { fileName: string; content: string }; result: AnkiImportResult };
  /** The decks imported from Anki, with how many cards each holds. */
  'anki.decks': { args: Record<string, never>; result: AnkiDeckInfo[] };
  /** The Mermaid sources an export of the deck holds, by hash, for a renderer to draw before exporting. */
  'anki.diagrams': { args: { deck?: DrillDeck }; result: { diagrams: { hash: string; source: string }[] } };
}
