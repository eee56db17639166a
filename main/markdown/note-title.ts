import type { SectionRecord } from './types.js';

/**
 * Titles for notes whose file name says nothing to a person: exports and sync
 * tools name files by a hash (`3f2a9c0d….md`), a date plus a hash
 * (`2024-03-11-8f3a2b1c.md`) or a UUID. Such a note is better titled by what
 * its author wrote at its top.
 */

const HEX_ID = /^[0-9a-f]{8,}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A date (2024-03-11, 20240311, 2024_03_11) and a separator: what follows decides. */
const DATE_THEN = /^\d{4}[-_.]?\d{2}[-_.]?\d{2}[-_T ]+/;
/** After a date: a time or a number (`153012`, `15-30-12`), or a hex id with a digit (`8f3a2b1c`). */
const TIME_OR_ID = /^(?:[\d_:.-]+|(?=[0-9a-f]*\d)[0-9a-f]{6,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const UNTITLED = /^(?:untitled|新建文本文档|未命名|无标题)[\s_()（）\d-]*$/i;
/** Notion and similar exports append a 32-digit id to a readable name: `Attention 3f2a…d6e`. */
const TRAILING_ID = /\s+[0-9a-f]{32}$/i;

/** Whether a file's name (without extension) is one a machine gave it. */
export function isMachineName(name: string): boolean {
  const trimmed = name.trim();
  if (trimmed === '') return true;
  // A hex run with no digit is more likely a word ("deadbeef", "facade") than a hash;
  // eight digits alone are a date (a daily note).
  if (HEX_ID.test(trimmed)) return /\d/.test(trimmed) && !/^\d{8}$/.test(trimmed);
  const date = DATE_THEN.exec(trimmed);
  // A date alone (a daily note) or a date and words (`2024-03-11 注意力`) is a name a person chose.
  if (date) return TIME_OR_ID.test(trimmed.slice(date[0].length));
  return UUID.test(trimmed) || UNTITLED.test(trimmed);
}

const MAX_TITLE = 60;
/** Only a heading near the top names the note; one far down names a part of it ("参考资料"). */
const HEADING_NEAR_TOP = 300;

function shorten(line: string): string {
  const chars = [...line];
  if (chars.length <= MAX_TITLE) return line;
  return `${chars
    .slice(0, MAX_TITLE - 1)
    .join('')
    .trimEnd()}…`;
}

/** The first line of the text that has a letter, digit or CJK character in it (not a rule or a lone symbol). */
function firstLine(text: string): string | undefined {
  // Looks at the start of the note only: the first real line is near it.
  let start = 0;
  for (let n = 0; n < 50 && start < text.length; n++) {
    const end = text.indexOf('\n', start);
    const line = text
      .slice(start, end === -1 ? text.length : end)
      .replace(/\t/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (/[\p{L}\p{N}]/u.test(line)) return line;
    if (end === -1) break;
    start = end + 1;
  }
  return undefined;
}

/**
 * The title the file name gives a note (extension dropped). A machine name
 * gives way to the note's own first heading (when it opens the note) or its
 * first line of text; a readable name with an export id appended loses the id.
 */
export function fileTitle(fileName: string, sections: readonly SectionRecord[], text: string): string {
  const name = fileName.replace(/\.(md|markdown|txt)$/i, '');
  if (!isMachineName(name)) return name.replace(TRAILING_ID, '');
  const heading = sections.find((s) => s.title.trim() !== '');
  if (heading && heading.startOffset <= HEADING_NEAR_TOP) return shorten(heading.title.trim());
  const line = firstLine(text);
  if (line) return shorten(line);
  return heading ? shorten(heading.title.trim()) : name;
}
