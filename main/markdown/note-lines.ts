import { isBlankBetween } from './js-space.js';

/**
 * Line numbers for the question finder: a found question's lines are lines
 * of the file as on disk (front matter included), while the parse saw the
 * body after normalizeEnumerations, which may have inserted blank lines.
 * Every function here is one pass over the text, by offsets (no array of
 * every line's string).
 */

/** Where each line of a text starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The file's lines by number (1-based), read from one list of line starts
 * made once: the line numbers of the body (writtenLines) come from the same
 * list, so the note is scanned for line breaks once, not once per question
 * of line numbering.
 */
export interface FileLines {
  /** Line starts of the file. */
  starts: number[];
  /** Lines before the body (the front matter). */
  frontLines: number;
  /** The body's line starts, and what to add to them and to take off: the file's own when the body begins a line of it. */
  bodyStarts: number[];
  bodyFirst: number;
  bodyBase: number;
}

export function fileLinesOf(source: string, body: string): FileLines {
  const starts = lineStarts(source);
  // As endsWith, by string equality: that compares the memory at once, endsWith one character at a time.
  const isSuffix =
    body.length <= source.length && (body.length === source.length ? source === body : source.slice(source.length - body.length) === body);
  if (!isSuffix) return { starts, frontLines: 0, bodyStarts: lineStarts(body), bodyFirst: 0, bodyBase: 0 };
  const bodyOffset = source.length - body.length;
  let frontLines = 0;
  while (frontLines + 1 < starts.length && (starts[frontLines + 1] as number) <= bodyOffset) frontLines++;
  return starts[frontLines] === bodyOffset
    ? { starts, frontLines, bodyStarts: starts, bodyFirst: frontLines, bodyBase: bodyOffset }
    : { starts, frontLines, bodyStarts: lineStarts(body), bodyFirst: 0, bodyBase: 0 };
}

/** File line n (1-based), without its line break; '' past the end. */
export function lineOf(source: string, lines: FileLines, n: number): string {
  const start = lines.starts[n - 1];
  if (start === undefined) return '';
  const next = lines.starts[n];
  return source.slice(start, next === undefined ? source.length : next - 1);
}

/** Whether file line n is blank (or past the end): lineOf(…).trim() === '' without the slice. */
export function isBlankLine(source: string, lines: FileLines, n: number): boolean {
  const start = lines.starts[n - 1];
  if (start === undefined) return true;
  const next = lines.starts[n];
  return isBlankBetween(source, start, next === undefined ? source.length : next - 1);
}

/**
 * For each line of the parsed body, the line of the body as written:
 * normalizeEnumerations only inserts blank lines (and rewrites list lines in
 * place), so an empty parsed line facing a non-blank written line is one it
 * inserted. The last entry is the body's line count.
 */
export function writtenLines(body: string, normalizedBody: string, lines: FileLines): number[] {
  const { bodyStarts, bodyFirst, bodyBase } = lines;
  const writtenCount = bodyStarts.length - bodyFirst;
  const map: number[] = [];
  let w = 0;
  let parsedAt = 0;
  for (;;) {
    const parsedEnd = lineEnd(normalizedBody, parsedAt);
    map.push(Math.min(w, writtenCount - 1));
    let isInserted = false;
    if (parsedEnd === parsedAt && w < writtenCount) {
      const writtenAt = (bodyStarts[bodyFirst + w] as number) - bodyBase;
      const next = bodyStarts[bodyFirst + w + 1];
      isInserted = !isBlankBetween(body, writtenAt, next === undefined ? body.length : next - bodyBase - 1);
    }
    if (!isInserted) w++;
    if (parsedEnd === normalizedBody.length) break;
    parsedAt = parsedEnd + 1;
  }
  map.push(writtenCount);
  return map;
}

/** Where the line starting at `from` ends (its '\n', or the end of the text). */
function lineEnd(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at === -1 ? text.length : at;
}
