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
  while (end < html.length && /[A-Za-z0-9-]/.test(html[end] as string)) end++;
  return html.slice(at, end).toLowerCase();
}

export function splitNoteHtml(html: string, partChars = PART_CHARS): string[] {
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
  while (i < html.length) {
    const lt = html.indexOf('<', i);
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
      continue;
    }
    const isLong = prefix.length + end - start >= partChars;
    if (!isLong || !isClose) continue;
    if (open.length === 0) {
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
