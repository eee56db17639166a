import type { MarkdownIt, StateInline } from 'markdown-it';

/** A parsed `[[target#heading|alias]]`. */
export interface Wikilink {
  target: string;
  heading: string;
  label: string;
  isEmbed: boolean;
}

const OPEN = 0x5b; // [
const BANG = 0x21; // !
const CLOSE = 0x5d; // ]
const NEWLINE = 0x0a;

/** Parses the inside of `[[…]]`; undefined when it is not a usable link. */
export function parseWikilink(inner: string, isEmbed = false): Wikilink | undefined {
  const [pathPart = '', alias] = inner.split('|', 2);
  const [target = '', heading = ''] = pathPart.split('#', 2);
  const cleanTarget = target.trim();
  if (cleanTarget === '' && heading.trim() === '') return undefined;
  const label =
    alias?.trim() || (heading.trim() && !cleanTarget ? heading.trim() : cleanTarget + (heading.trim() ? ` › ${heading.trim()}` : ''));
  return { target: cleanTarget, heading: heading.trim(), label, isEmbed };
}

function wikilinkRule(state: StateInline, silent: boolean): boolean {
  const { src } = state;
  let pos = state.pos;
  const isEmbed = src.charCodeAt(pos) === BANG;
  if (isEmbed) pos += 1;
  if (src.charCodeAt(pos) !== OPEN || src.charCodeAt(pos + 1) !== OPEN) return false;
  // A link's inside holds no bracket and no line break, so the scan stops at
  // the first of them: looking for ']]' anywhere after it would read the rest
  // of the paragraph once per '[[', quadratic in a line of brackets.
  let close = pos + 2;
  for (; close < state.posMax; close++) {
    const code = src.charCodeAt(close);
    if (code === OPEN || code === CLOSE || code === NEWLINE) break;
  }
  if (src.charCodeAt(close) !== CLOSE || src.charCodeAt(close + 1) !== CLOSE || close + 2 > state.posMax) return false;
  const inner = src.slice(pos + 2, close);
  const link = parseWikilink(inner, isEmbed);
  if (!link) return false;
  if (!silent) {
    const token = state.push('wikilink', 'a', 0);
    token.meta = { ...link };
    token.content = link.label;
  }
  state.pos = close + 2;
  return true;
}

/** Obsidian `[[wikilinks]]` (and `![[embeds]]`, shown as links) as `wikilink` tokens. */
export function wikilinkPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', wikilinkRule);
  md.inline.ruler.before('image', 'wikilink_embed', (state, silent) =>
    state.src.charCodeAt(state.pos) === BANG ? wikilinkRule(state, silent) : false,
  );
}
