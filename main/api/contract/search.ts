/** Full-text search over notes, annotations and concepts (`search.*`). */

import { z } from 'zod';

/**
 * note: the note's title has every term; section: the terms occur in a
 * section's heading or text; annotation: a highlight's quote, comment or tags;
 * concept: a concept's name, alias or definition.
 */
export const searchHitKind = z.enum(['note', 'section', 'annotation', 'concept']);
export type SearchHitKind = z.infer<typeof searchHitKind>;

export interface SearchHit {
  kind: SearchHitKind;
  /** The note to open: the note, the annotation's note, the note defining the concept (null when none does). */
  noteId: number | null;
  noteTitle: string;
  /** The note's title, the section's heading, the annotation's quote or the concept's name. */
  title: string;
  /** Headings from the top of the note down to the section the match is in. */
  sectionPath: string[];
  sectionSlug: string | null;
  /** HTML: the text around the match, escaped, with the matched terms in <mark>…</mark> and nothing else. */
  snippet: string;
  /** The matched text in the note's text projection (UTF-16 offsets), for the reader to scroll to and flash. */
  match: { start: number; end: number } | null;
  annotationId: string | null;
  conceptId: number | null;
  /**
   * Higher is better: bm25 with its sign flipped, computed within the hit's
   * kind (notes, annotations, concepts are indexed apart); a result's hits
   * are merged by it. Searching one note, how many matches the section holds.
   */
  score: number;
  /** A concept whose name or an alias is the query itself (by its words): shown before every other hit, and scored above them. */
  isExactName?: true;
  /** On the last place listed for a note: how many more of its sections answer the query (searching that note lists them all). */
  morePlaces?: number;
}

export interface SearchResult {
  hits: SearchHit[];
}

/** The `search.*` calls. */
export interface SearchApi {
  /**
   * Full-text search over note titles, headings and text, annotation quotes,
   * comments and tags, and concept names, aliases and definitions. Any string
   * is a valid query (see main/search/query-parse.ts): words separated by
   * spaces must all occur; Chinese matches by characters (幻觉, 显存); Latin
   * words of 3+ letters also match as prefixes; "quotes" make a phrase; OR
   * and a leading - work as in web search. Hits are ranked by bm25 (titles
   * and headings above body), best first, at most `limit` (default 20). A
   * note gives a section hit for each section holding every word (a few,
   * together, in reading order), else one note hit; a concept whose name or
   * alias is the query comes first. Snippets show formulas readable.
   * `kinds` keeps only hits of those kinds; `noteId` searches one note and
   * gives a section hit for each section the terms occur in, in reading order.
   */
  'search.query': { args: { q: string; limit?: number; kinds?: SearchHitKind[]; noteId?: number }; result: SearchResult };
}
