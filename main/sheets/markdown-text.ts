/**
 * Plain text inside Markdown. Quotes and titles are text, not Markdown: a
 * quote that contains `*`, `[x]` or `<script>` must print those characters.
 */

// `$` too: the math plugin would read "$5 and $6" as a formula otherwise.
const INLINE_SPECIAL = /[\\`*_[\]<>$|~]/g;

/** Escapes text so Markdown (CommonMark + our math) shows it as written, on one line. */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(INLINE_SPECIAL, (ch) => `\\${ch}`);
}

/** Escapes multi-line text, also neutralizing what starts a block (headings, lists, quotes, fences). */
export function escapeMarkdownBlock(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(INLINE_SPECIAL, (ch) => `\\${ch}`)
        .replace(/^(\s*)([#+\-=]|\d+[.)、])/, (_whole, space: string, marker: string) => `${space}\\${marker}`),
    )
    .join('\n');
}

/** Prefixes every line with `> `, keeping blank lines inside the quote. */
export function blockquote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
}

const FENCE = /^\s*(`{3,}|~{3,})/;

// What CommonMark reads as raw HTML (its inline rule and the start of an HTML block).
const ATTRIBUTE = String.raw`(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^"'=<>\x60\x00-\x20]+|'[^']*'|"[^"]*"))?)`;
const HTML_IN_MATH = new RegExp(
  String.raw`<(?=[A-Za-z][A-Za-z0-9-]*${ATTRIBUTE}*\s*\/?>|\/[A-Za-z][A-Za-z0-9-]*\s*>|!--|![A-Za-z]|!\[CDATA\[|\?)`,
  'g',
);

/**
 * A line split into text and math (`$…$`, `$$…$$`), carrying an open `$$`
 * block over to the next line — only when a later line can close it
 * (`canOpen`): an unclosed `$$` is text to the Markdown reader too.
 */
function splitMath(line: string, inDisplay: boolean, canOpen: boolean): { parts: { text: string; isMath: boolean }[]; inDisplay: boolean } {
  const parts: { text: string; isMath: boolean }[] = [];
  let from = 0;
  let at = 0;
  // An unescaped `delimiter` at or after `start`, or -1.
  const closing = (delimiter: string, start: number): number => {
    for (let i = start; i < line.length; i++) {
      if (line[i] === '\\') i++;
      else if (line.startsWith(delimiter, i)) return i;
    }
    return -1;
  };
  if (inDisplay) {
    const end = closing('$$', 0);
    if (end === -1) return { parts: [{ text: line, isMath: true }], inDisplay: true };
    parts.push({ text: line.slice(0, end + 2), isMath: true });
    from = at = end + 2;
  }
  while (at < line.length) {
    if (line[at] === '\\') {
      at += 2;
      continue;
    }
    if (line[at] !== '$') {
      at++;
      continue;
    }
    const delimiter = line.startsWith('$$', at) ? '$$' : '$';
    const end = closing(delimiter, at + delimiter.length);
    if (end === -1 && (delimiter === '$' || !canOpen)) {
      at += delimiter.length;
      continue;
    }
    parts.push({ text: line.slice(from, at), isMath: false });
    if (end === -1) {
      parts.push({ text: line.slice(at), isMath: true });
      return { parts, inDisplay: true };
    }
    parts.push({ text: line.slice(at, end + delimiter.length), isMath: true });
    from = at = end + delimiter.length;
  }
  parts.push({ text: line.slice(from), isMath: false });
  return { parts, inDisplay: false };
}

export interface NeutralizeOptions {
  /**
   * False: no link, image or reference definition can be made either — every
   * `[` and `]` outside code and math is escaped, so `[x](javascript:…)`,
   * `![](https://tracker…)` and `[x]: javascript:…` print as text. For
   * Markdown written by someone other than the exporter's reader (comments).
   */
  isLinking?: boolean;
}

/**
 * Backslash-escapes what would start HTML (`<` before a letter, `/`, `!` or
 * `?`) and, unless linking, `[` and `]`. It walks escapes as Markdown does:
 * in `\\\\<b>` the backslash is itself escaped and the tag would be live, so
 * it is escaped too; an already escaped `\\<` or `\\[` is left as it is.
 */
function escapeOutsideCode(text: string, isLinking: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length) {
      out += ch + (text[i + 1] as string);
      i++;
    } else if ((ch === '<' && /[a-zA-Z/!?]/.test(text[i + 1] ?? '')) || (!isLinking && (ch === '[' || ch === ']'))) {
      out += `\\${ch}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * SECURITY: the Markdown export is opened by other tools, some of which pass
 * raw HTML through. Anything that would start an HTML tag, comment or
 * processing instruction outside code is backslash-escaped, so `<script>` in
 * a comment or a note prints as text everywhere. Code blocks and code spans
 * are left alone: Markdown never reads HTML inside them.
 *
 * Math is TeX and is written exactly as its author wrote it (`y_{<t}` stays
 * `y_{<t}`: a backslash there would change the formula). Only a `<` that a
 * tool without math would read as HTML — a whole tag, a comment, or a tag
 * opening a line — becomes `\lt `, which KaTeX typesets as the same `<`.
 */
export function neutralizeHtml(markdown: string, options: NeutralizeOptions = {}): string {
  const isLinking = options.isLinking ?? true;
  let fence: string | undefined;
  let inDisplay = false;
  const lines = markdown.split('\n');
  // closesLater[i]: some line after line i holds `$$`, so a `$$` left open on line i can be closed.
  const closesLater: boolean[] = new Array<boolean>(lines.length).fill(false);
  for (let i = lines.length - 2; i >= 0; i--) closesLater[i] = closesLater[i + 1] === true || (lines[i + 1] ?? '').includes('$$');
  return lines
    .map((line, index) => {
      const marker = FENCE.exec(line)?.[1];
      if (fence) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
        return line;
      }
      if (marker && !inDisplay) {
        fence = marker;
        return line;
      }
      return line
        .split(/(`+[^`]*`+)/)
        .map((part, i) => {
          if (i % 2 === 1 && !inDisplay) return part;
          const split = splitMath(part, inDisplay, closesLater[index] === true);
          inDisplay = split.inDisplay;
          return split.parts
            .map(({ text, isMath }) =>
              isMath
                ? text.replace(HTML_IN_MATH, '\\lt ').replace(/^(\s{0,3})<(?=[A-Za-z/!?])/, '$1\\lt ')
                : escapeOutsideCode(text, isLinking),
            )
            .join('');
        })
        .join('');
    })
    .join('\n');
}
