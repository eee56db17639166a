import { escapeHtml } from './safe-html.js';

/**
 * Break opportunities for "words" no line can hold. A browser lays out a run
 * of characters with no break opportunity (600 KB of `[[[[`, a pasted
 * base64 blob, a URL as long as a page) by shaping what is left of the run
 * again for every line it breaks off under `overflow-wrap: anywhere`: with
 * the CJK reading font that took 8 s of layout for one hostile note.
 * A `<wbr>` every {@link STEP} characters of such a run gives the line
 * breaker places to break at without reshaping the rest. It adds no text, so
 * selections, search hits and annotations see the same characters, and a
 * run the width of a line never breaks where it did not before.
 */

/** A run this long without whitespace or CJK (which break anywhere) gets break opportunities. */
export const LONG_RUN = 200;

/** Characters between two inserted break opportunities. */
export const STEP = 100;

// Whitespace and CJK characters (ideographs, kana, Hangul, full-width forms) are break
// opportunities already; any other character can be part of an unbreakable run.
const UNBREAKABLE_RUN = new RegExp(`[^\\s\\u2E80-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF\\uFF00-\\uFFEF]{${LONG_RUN},}`, 'g');

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** Escapes text for HTML, with a `<wbr>` every STEP characters inside runs of LONG_RUN or more. */
export function escapeWithBreaks(text: string): string {
  if (text.length < LONG_RUN) return escapeHtml(text);
  let html = '';
  let from = 0;
  for (const match of text.matchAll(UNBREAKABLE_RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    html += escapeHtml(text.slice(from, start));
    let at = start;
    while (end - at > STEP) {
      // Never between the two halves of a surrogate pair (an emoji, a rare ideograph).
      const cut = isHighSurrogate(text.charCodeAt(at + STEP - 1)) ? at + STEP + 1 : at + STEP;
      html += `${escapeHtml(text.slice(at, cut))}<wbr>`;
      at = cut;
    }
    html += escapeHtml(text.slice(at, end));
    from = end;
  }
  return html + escapeHtml(text.slice(from));
}
