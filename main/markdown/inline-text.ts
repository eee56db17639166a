import type { Token } from 'markdown-it';
import { sanitizeHtml } from './safe-html.js';
import { softbreakKind } from './text-joining.js';

/**
 * The visible text of a run of inline tokens, exactly as the text projection
 * records it: formulas contribute their TeX, images their alt text, raw HTML
 * what the sanitizer lets a reader see. `visit` sees every token, so callers
 * can collect formulas and links in the same pass. `openHtml` carries the
 * raw HTML tags left open across fragments (see sanitizeHtml), so a caller
 * reading a whole note sees what the reader shows.
 */
export function inlineText(children: Token[], visit?: (token: Token, offsetInText: number) => void, openHtml: string[] = []): string {
  let text = '';
  children.forEach((token, index) => {
    visit?.(token, text.length);
    switch (token.type) {
      case 'text':
      case 'code_inline':
        text += token.content;
        break;
      case 'math_inline':
        text += token.content;
        break;
      case 'softbreak':
        text += { join: '', space: ' ', break: '\n' }[softbreakKind(children, index)];
        break;
      case 'hardbreak':
        text += '\n';
        break;
      case 'image':
        text += inlineText(token.children ?? []);
        break;
      case 'wikilink':
        text += token.content;
        break;
      case 'html_inline':
        text += sanitizeHtml(token.content, openHtml).text;
        break;
      default:
        break;
    }
  });
  return text;
}
