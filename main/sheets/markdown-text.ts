/**
 * Plain text inside Markdown. Quotes and titles are text, not Markdown: a
 * quote that contains `*`, `[x]` or `<script>` must print those characters.
 */

// `$` too: the math plugin would read "$5 and $6" as a formula otherwise.
const INLINE_SPECIAL = /[\\`*_[\]<>$|~]/g;

/** Escapes text so Markdown (CommonMark + our math) shows it as written, on one line. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(INLINE_SPECIAL, (ch) => `\\${ch}`);
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

/**
 * SECURITY: the Markdown export is opened by other tools, some of which pass
 * raw HTML through. Anything that would start an HTML tag, comment or
 * processing instruction outside code is backslash-escaped, so `<script>` in
 * a comment or a note prints as text everywhere. Code blocks and code spans
 * are left alone: Markdown never reads HTML inside them.
 */
export function neutralizeHtml(markdown: string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = FENCE.exec(line)?.[1];
      if (fence) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
        return line;
      }
      if (marker) {
        fence = marker;
        return line;
      }
      return line
        .split(/(`+[^`]*`+)/)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(/(^|[^\\])<(?=[a-zA-Z/!?])/g, '$1\\<')))
        .join('');
    })
    .join('\n');
}
