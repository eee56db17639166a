import { TextMap } from '../reader/text-map.js';
import { typesetBefore } from '../reader/typeset.js';

/** The CSS highlight a search hit is shown with (styles/search.css: ::highlight(search-match)). */
export const MATCH_HIGHLIGHT = 'search-match';
const FLASH_MS = 2500;
const REPLACE_MS = 400;

/**
 * Scrolls the reader to a search hit's text (offsets into the note's text
 * projection) and shows it highlighted for a moment. A CSS Custom Highlight
 * changes no DOM, so the note's annotation marks and typeset formulas are
 * left alone. Returns false when the text cannot be placed on the page.
 */
export function flashMatch(article: HTMLElement, scroller: HTMLElement, text: string, match: { start: number; end: number }): boolean {
  const ranges = TextMap.build(article, text).offsetsToRanges(match.start, match.end);
  const first = ranges?.[0];
  if (!ranges || !first) return false;
  const element = first.startContainer instanceof Element ? first.startContainer : first.startContainer.parentElement;
  // Formulas above the hit change height when typeset: typeset them first, then measure.
  if (element) typesetBefore(article, element);
  const rect = first.getBoundingClientRect();
  const box = scroller.getBoundingClientRect();
  scroller.scrollTo({ top: Math.max(0, scroller.scrollTop + rect.top - box.top - scroller.clientHeight / 3) });
  if (typeof CSS !== 'undefined' && 'highlights' in CSS) {
    const highlight = new Highlight(...ranges);
    CSS.highlights.set(MATCH_HIGHLIGHT, highlight);
    // Highlights and concept links painted just after the note opens split and
    // move text nodes, which can collapse these ranges: place them once more.
    setTimeout(() => {
      if (CSS.highlights.get(MATCH_HIGHLIGHT) !== highlight || !article.isConnected) return;
      highlight.clear();
      for (const range of TextMap.build(article, text).offsetsToRanges(match.start, match.end) ?? []) highlight.add(range);
    }, REPLACE_MS);
    setTimeout(() => {
      if (CSS.highlights.get(MATCH_HIGHLIGHT) === highlight) CSS.highlights.delete(MATCH_HIGHLIGHT);
    }, FLASH_MS);
  }
  return true;
}
