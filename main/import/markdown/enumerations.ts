/**
 * Users write lists the way their editor let them: `1.预训练` with no space,
 * Chinese `11、` enumerations, and items nested with tabs under a paragraph.
 * CommonMark reads those as plain text or as indented code. This pass rewrites
 * only the list-marker lines (outside code fences) into the CommonMark the
 * author meant, tracking the open items so nesting follows the author's
 * indentation. It never adds or removes characters of content; it may insert a
 * blank line before a list that would otherwise not be allowed to start.
 */

const ORDERED = /^([ \t]*)(\d{1,3})([.．、)）])([ \t]*)(\S.*)$/;
const BULLET = /^([ \t]*)([-*+])([ \t]+)(\S.*)$/;
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
}

function columnsOf(whitespace: string): number {
  let col = 0;
  for (const ch of whitespace) col = ch === '\t' ? col + TAB_WIDTH - (col % TAB_WIDTH) : col + 1;
  return col;
}

interface ListLine {
  column: number;
  marker: string;
  rest: string;
  isOrdered: boolean;
  startsAtOne: boolean;
}

function parseListLine(line: string): ListLine | undefined {
  const ordered = ORDERED.exec(line);
  if (ordered) {
    const [, ws = '', num = '', mark = '', , rest = ''] = ordered;
    // `3.14` or `1.5倍` is a number, not an item.
    if ((mark === '.' || mark === '．') && /^\d/.test(rest)) return undefined;
    const normalized = mark === ')' || mark === '）' ? ')' : '.';
    return { column: columnsOf(ws), marker: `${Number(num)}${normalized}`, rest, isOrdered: true, startsAtOne: Number(num) === 1 };
  }
  const bullet = BULLET.exec(line);
  if (bullet) {
    const [, ws = '', mark = '', , rest = ''] = bullet;
    // `---` or `***` are rules, `**bold**` is emphasis: BULLET needs a space after one marker char.
    return { column: columnsOf(ws), marker: mark, rest, isOrdered: false, startsAtOne: false };
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
  let previousWasListLine = false;

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
      previousWasListLine = false;
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
      previousWasListLine = false;
      continue;
    }
    const item = parseListLine(line);
    if (!item) {
      const column = columnsOf(/^[ \t]*/.exec(line)?.[0] ?? '');
      if (previousBlank && column === 0) stack = [];
      out.push(line);
      previousBlank = false;
      previousWasListLine = false;
      continue;
    }

    let sibling: OpenItem | undefined;
    while (stack.length > 0 && item.column <= (stack[stack.length - 1]?.sourceColumn ?? 0)) sibling = stack.pop();
    const parent = stack[stack.length - 1];
    const indent = parent ? parent.contentColumn : (sibling?.indent ?? 0);
    const rewritten = `${' '.repeat(indent)}${item.marker} ${item.rest}`;
    // A list that is not nested may only interrupt a paragraph when it is a
    // bullet or starts at 1; the author clearly meant an item, so open it.
    const needsBlank = !previousBlank && !previousWasListLine && stack.length === 0 && !sibling && item.isOrdered && !item.startsAtOne;
    if (needsBlank) out.push('');
    out.push(rewritten);
    stack.push({ sourceColumn: item.column, indent, contentColumn: indent + item.marker.length + 1 });
    previousBlank = false;
    previousWasListLine = true;
  }
  return out.join('\n');
}
