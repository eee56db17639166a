/**
 * Users write lists the way their editor let them: `1.预训练` with no space,
 * Chinese `11、` enumerations, and items nested with tabs under a paragraph.
 * CommonMark reads those as plain text or as indented code. This pass rewrites
 * only the list-marker lines (outside code fences) into the CommonMark the
 * author meant, tracking the open items so nesting follows the author's
 * indentation, and keeping the author's numbers: a run that restarts (`1.`
 * after `3.`) is a new list, and a list starts at the number written. It never
 * adds or removes characters of content; it may insert a blank line where
 * CommonMark needs one to see the list or the paragraph the author meant, and
 * re-indent a paragraph line the author placed outside a nested list.
 */

const ORDERED = /^([ \t]*)(\d{1,3})([.．、)）])([ \t]*)(\S.*)$/;
const BULLET = /^([ \t]*)([-*+])([ \t]+)(\S.*)$/;
/** A line holding only `-`: an empty bullet left by a pasted outline, never a setext underline in a list. */
const EMPTY_BULLET = /^([ \t]*)-[ \t]*$/;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}(\s|$)/;
const TAB_WIDTH = 4;

interface OpenItem {
  /** Column of the marker as the author wrote it. */
  sourceColumn: number;
  /** Column of the marker after rewriting. */
  indent: number;
  /** Column where the item's content starts after rewriting. */
  contentColumn: number;
  /** The item's number as written; undefined for a bullet. */
  number: number | undefined;
  /** The marker after the number as rewritten, `.` or `)`; the bullet character for a bullet. */
  delimiter: string;
}

function columnsOf(whitespace: string): number {
  let col = 0;
  for (const ch of whitespace) col = ch === '\t' ? col + TAB_WIDTH - (col % TAB_WIDTH) : col + 1;
  return col;
}

interface ListLine {
  column: number;
  /** The item's number; undefined for a bullet. */
  number: number | undefined;
  /** `.` or `)` after a number, the bullet character for a bullet. */
  delimiter: string;
  rest: string;
}

function parseListLine(line: string): ListLine | undefined {
  const ordered = ORDERED.exec(line);
  if (ordered) {
    const [, ws = '', num = '', mark = '', , rest = ''] = ordered;
    // `3.14` or `1.5倍` is a number, not an item.
    if ((mark === '.' || mark === '．') && /^\d/.test(rest)) return undefined;
    return { column: columnsOf(ws), number: Number(num), delimiter: mark === ')' || mark === '）' ? ')' : '.', rest };
  }
  const bullet = BULLET.exec(line);
  if (bullet) {
    const [, ws = '', mark = '', , rest = ''] = bullet;
    // `---` or `***` are rules, `**bold**` is emphasis: BULLET needs a space after one marker char.
    return { column: columnsOf(ws), number: undefined, delimiter: mark, rest };
  }
  return undefined;
}

/** Rewrites author-style enumerations into CommonMark lists. */
export function normalizeEnumerations(source: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  let stack: OpenItem[] = [];
  let fence: string | undefined;
  let previousBlank = true;

  for (const line of lines) {
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      out.push(line);
      if (fenceMatch && fenceMatch[1]?.[0] === fence[0] && (fenceMatch[1]?.length ?? 0) >= fence.length) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      out.push(line);
      previousBlank = false;
      continue;
    }
    if (line.trim() === '') {
      out.push(line);
      previousBlank = true;
      continue;
    }
    if (HEADING.test(line)) {
      stack = [];
      out.push(line);
      previousBlank = false;
      continue;
    }
    const emptyBullet = stack.length > 0 ? EMPTY_BULLET.exec(line) : null;
    const item = emptyBullet
      ? { column: columnsOf(emptyBullet[1] ?? ''), number: undefined, delimiter: '-', rest: '' }
      : parseListLine(line);
    if (!item) {
      const column = columnsOf(/^[ \t]*/.exec(line)?.[0] ?? '');
      if (previousBlank && column === 0) stack = [];
      // A line written left of a nested item's marker (or level with it) is
      // not that item's text: `生成环节：` below the items of `检索环节：`. CommonMark
      // would take it as a lazy continuation of the last item, so end the
      // paragraph and give the line the indentation of the list it belongs to.
      const isOutside = (open: OpenItem): boolean => open.sourceColumn > column || (column > 0 && open.sourceColumn === column);
      let closed = false;
      while (stack.length > 0 && isOutside(stack[stack.length - 1] as OpenItem)) {
        stack.pop();
        closed = true;
      }
      if (closed) {
        if (!previousBlank) out.push('');
        out.push(`${' '.repeat(stack[stack.length - 1]?.contentColumn ?? 0)}${line.trimStart()}`);
      } else {
        out.push(line);
      }
      previousBlank = false;
      continue;
    }

    let sibling: OpenItem | undefined;
    while (stack.length > 0 && item.column <= (stack[stack.length - 1]?.sourceColumn ?? 0)) sibling = stack.pop();
    const parent = stack[stack.length - 1];
    const indent = parent ? parent.contentColumn : (sibling?.indent ?? 0);
    // The author's numbers are kept: an item that does not follow its
    // sibling's number (a run restarting at 1) opens a new list, which
    // CommonMark sees when the delimiter changes between `.` and `)`.
    const continuesSibling =
      sibling !== undefined &&
      (sibling.number === undefined) === (item.number === undefined) &&
      (item.number === undefined ? sibling.delimiter === item.delimiter : item.number === (sibling.number ?? 0) + 1);
    let delimiter = item.delimiter;
    if (item.number !== undefined) {
      if (continuesSibling) delimiter = sibling?.delimiter ?? delimiter;
      else if (sibling?.number !== undefined && sibling.delimiter === delimiter) delimiter = delimiter === '.' ? ')' : '.';
    }
    const marker = item.number === undefined ? delimiter : `${item.number}${delimiter}`;
    // A new list may only interrupt a paragraph when it is a bullet with
    // content or starts at 1; anything else would read as text of the line
    // above (an empty `-` as its setext underline). The author meant an item.
    const mayInterrupt = item.rest !== '' && (item.number === undefined || item.number === 1);
    if (!previousBlank && !continuesSibling && !mayInterrupt) out.push('');
    out.push(`${' '.repeat(indent)}${marker}${item.rest === '' ? '' : ` ${item.rest}`}`);
    stack.push({ sourceColumn: item.column, indent, contentColumn: indent + marker.length + 1, number: item.number, delimiter });
    previousBlank = false;
  }
  return out.join('\n');
}
