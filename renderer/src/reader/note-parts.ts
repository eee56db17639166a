/**
 * Cuts a note's HTML (as the main process rendered it) into parts that can be
 * sanitized and put on the page one after another, so a long note shows its
 * first screen at once and the rest follows. One pass over the string.
 *
 * A part ends only where every element opened in it is closed again (a
 * top-level block boundary), or between two rows of a table, where the part
 * closes the table and the next part opens an identical one: a 300,000-row
 * table is one top-level block. Tags whose nesting cannot be followed (an
 * unclosed raw `<details>`) only make the parts larger, never wrong: each
 * part is still whole HTML that DOMPurify sanitizes on its own.
 *
 * A top-level paragraph longer than LARGE_HTML (no person writes one: a 5 MB
 * line, 200,000 links in one paragraph) is cut inside too, between its inline
 * elements or in its text, near a space: the part is closed with `</p>` and
 * the next one starts with {@link CONTINUES}. Parts put on the page together
 * are joined back into one paragraph ({@link joinParts}); where two slices
 * meet, the paragraph goes on in a paragraph of its own with no gap between
 * them (note.css). Appending to the same paragraph instead would have the
 * browser lay the whole paragraph out again for every slice (13 s for 5 MB).
 */

/** Elements with no closing tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** How many characters of HTML a part holds, about: a few screens, sanitized in a few milliseconds. */
export const PART_CHARS = 24_000;

/**
 * HTML this long in one block (a single huge paragraph) is painted before
 * annotations, concept links and formulas are placed in it: NoteBody calls
 * onMounted only after the first paint, as it does for a note in parts.
 */
export const LARGE_HTML = 200_000;

/** Parts sanitized before the note is first shown: more than a screen of any note. */
export const FIRST_PARTS = 2;

/** How a part that carries on the paragraph the previous part cut begins. */
export const CONTINUES = '<p data-lattice-continues="">';

const PARAGRAPH_END = '</p>';

/**
 * Parts joined back into one piece of HTML to sanitize at once: where a part
 * cut a paragraph, the next part's content goes on in that paragraph.
 */
export function joinParts(parts: readonly string[]): string {
  let html = '';
  for (const part of parts) {
    if (part.startsWith(CONTINUES) && html.endsWith(PARAGRAPH_END))
      html = html.slice(0, -PARAGRAPH_END.length) + part.slice(CONTINUES.length);
    else html += part;
  }
  return html;
}

/**
 * Where to cut a paragraph's text at `from` or a little after: after a space
 * when one is near, never inside an entity (`&amp;`) or a surrogate pair.
 * `end` is where the text ends (the next tag).
 */
function textCut(html: string, from: number, end: number): number {
  const space = html.slice(from, Math.min(end, from + 80)).search(/\s/);
  let at = space === -1 ? from : from + space + 1;
  // An entity is at most a dozen characters: look no further back (a scan to the
  // start of a text with no '&' at every cut would make the cutting quadratic).
  const near = html.slice(Math.max(0, at - 12), at);
  const amp = near.lastIndexOf('&');
  if (amp !== -1 && !near.includes(';', amp)) at = Math.min(end, html.indexOf(';', at - near.length + amp) + 1 || end);
  const code = html.charCodeAt(at - 1);
  if (code >= 0xd800 && code <= 0xdbff) at++;
  return Math.min(at, end);
}

/** Where a tag ends: past '>', skipping quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote = 0;
  for (let i = from; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) {
      quote = code;
    } else if (code === 0x3e) {
      return i + 1;
    }
  }
  return html.length;
}

/** The lower-case name of the tag starting at `at` ('<' or '</' then the name). */
function tagName(html: string, at: number): string {
  let end = at;
  // Char codes, not a regular expression per character: no string made for each one.
  for (
    let code = html.charCodeAt(end);
    (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
    code = html.charCodeAt(++end)
  );
  return html.slice(at, end).toLowerCase();
}

export function splitNoteHtml(html: string, partChars = PART_CHARS, longParagraph = LARGE_HTML): string[] {
  if (html.length <= partChars) return [html];
  const parts: string[] = [];
  /** The elements open at `i`, outermost first. */
  const open: string[] = [];
  /** What the part being built starts with (a table reopened after a split row). */
  let prefix = '';
  let start = 0;
  let i = 0;
  const cut = (at: number, suffix: string, nextPrefix: string): void => {
    parts.push(prefix + html.slice(start, at) + suffix);
    prefix = nextPrefix;
    start = at;
  };
  /** Where the top-level paragraph open at `i` began: only one longer than `longParagraph` is cut inside. */
  let paragraphStart = -1;
  const inParagraph = (): boolean => open.length === 1 && open[0] === 'p';
  const inLongParagraph = (at: number): boolean => inParagraph() && at - paragraphStart >= longParagraph;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    // The text of a top-level paragraph longer than a part: cut it inside.
    while (inLongParagraph(textEnd) && prefix.length + textEnd - start >= partChars) {
      const at = textCut(html, Math.max(i, start + partChars - prefix.length), textEnd);
      if (at <= start || at >= textEnd) break;
      cut(at, PARAGRAPH_END, CONTINUES);
    }
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    const isClose = html.charCodeAt(lt + 1) === 0x2f;
    const name = tagName(html, lt + (isClose ? 2 : 1));
    const end = tagEnd(html, lt + 1);
    i = end;
    if (name === '') continue;
    if (isClose) {
      const at = open.lastIndexOf(name);
      if (at !== -1) open.length = at;
    } else if (!VOID.has(name) && html.charCodeAt(end - 2) !== 0x2f) {
      open.push(name);
      if (inParagraph()) paragraphStart = lt;
      continue;
    }
    const isLong = prefix.length + end - start >= partChars;
    if (!isLong) continue;
    if (inLongParagraph(end)) {
      // After an inline element (or a <br>, a <wbr>) of a long paragraph.
      cut(end, PARAGRAPH_END, CONTINUES);
    } else if (!isClose) {
      continue;
    } else if (open.length === 0) {
      cut(end, '', '');
    } else if (name === 'tr' && open.length === 2 && open[0] === 'table' && (open[1] === 'tbody' || open[1] === 'thead')) {
      // Between two rows of a top-level table: the rest of the rows go in a table of their own.
      cut(end, `</${open[1]}></table>`, '<table><tbody>');
      open[1] = 'tbody';
    }
  }
  if (start < html.length || parts.length === 0) parts.push(prefix + html.slice(start));
  return parts;
}
