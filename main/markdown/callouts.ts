import type { MarkdownIt, StateCore, Token } from 'markdown-it';

const CALLOUT = /^\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*/;

/**
 * Obsidian callouts: a blockquote whose first line is `[!type] title`.
 * The blockquote gets `class="callout" data-callout="type"`, and the first
 * line becomes a `callout_title` block holding the title's inline tokens.
 */
function callouts(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i] as Token;
    if (open.type !== 'blockquote_open') continue;
    const paragraph = tokens[i + 1];
    const inline = tokens[i + 2];
    if (paragraph?.type !== 'paragraph_open' || inline?.type !== 'inline') continue;
    const match = CALLOUT.exec(inline.content);
    if (!match) continue;
    const kind = (match[1] ?? 'note').toLowerCase();
    const children = inline.children ?? [];
    const firstText = children[0];
    if (firstText?.type !== 'text' || !firstText.content.startsWith(match[0].trimEnd())) continue;
    firstText.content = firstText.content.slice(match[0].length);

    const lineEnd = children.findIndex((t) => t.type === 'softbreak' || t.type === 'hardbreak');
    const titleChildren = lineEnd === -1 ? children : children.slice(0, lineEnd);
    const bodyChildren = lineEnd === -1 ? [] : children.slice(lineEnd + 1);
    const titleText = titleChildren
      .map((t) => t.content)
      .join('')
      .trim();

    open.attrJoin('class', `callout callout-${kind}`);
    open.attrSet('data-callout', kind);
    if (match[2]) open.attrSet('data-fold', match[2] === '-' ? 'closed' : 'open');

    const titleOpen = new state.Token('callout_title_open', 'div', 1);
    titleOpen.attrSet('class', 'callout-title');
    titleOpen.block = true;
    const titleInline = new state.Token('inline', '', 0);
    titleInline.content = titleText;
    if (titleText === '') {
      const fallback = new state.Token('text', '', 0);
      fallback.content = kind.charAt(0).toUpperCase() + kind.slice(1);
      titleInline.children = [fallback];
      titleInline.content = fallback.content;
    } else {
      titleInline.children = titleChildren.filter((t, n) => !(n === 0 && t.type === 'text' && t.content === ''));
    }
    const titleClose = new state.Token('callout_title_close', 'div', -1);
    titleClose.block = true;

    if (bodyChildren.length > 0) {
      inline.children = bodyChildren;
      inline.content = bodyChildren.map((t) => t.content).join('');
      tokens.splice(i + 1, 0, titleOpen, titleInline, titleClose);
    } else {
      // The callout's first paragraph was only its title line.
      tokens.splice(i + 1, 3, titleOpen, titleInline, titleClose);
    }
  }
}

export function calloutPlugin(md: MarkdownIt): void {
  md.core.ruler.push('callouts', callouts);
}
