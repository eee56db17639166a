import type { Locale } from '../../common/i18n/format.js';
import { translate } from '../../common/i18n/messages.js';
import type { AnnotationColor, SheetItem, SheetItemKind } from '../api/contract.js';
import { renderMarkdown } from '../markdown/pipeline.js';
import { escapeHtml } from '../markdown/safe-html.js';
import type { ResolvedImage } from '../markdown/local-images.js';
import { escapeMarkdownInline } from './markdown-text.js';

/**
 * One sheet item as HTML and as Markdown. The body always goes through the
 * one Markdown pipeline (the reader's escaping and sanitizing rules); titles
 * and origins are text and are escaped, never parsed.
 */

export interface ItemContent {
  kind: SheetItemKind;
  title: string;
  origin: string;
  markdown: string;
  missingSince: string | null;
  notePath?: string;
  color?: AnnotationColor;
  /** The pictures of the note the item comes from: shown at /media/<hash>, inlined by the HTML export. */
  images?: ReadonlyMap<string, ResolvedImage>;
}

/** The words shown on an item whose source is gone, in the sheet's language. */
export function missingNote(since: string, language: Locale = 'en'): string {
  return translate(language, 'sheet.missing', { date: since.slice(0, 10) });
}

/**
 * SECURITY: links in a sheet would lead off a printed page or out of an
 * offline file; they become plain text. Image placeholders lose the remote
 * address they record, so an export names no other host. The markup comes
 * from our pipeline (attribute values escaped), so these patterns cannot be
 * fooled by note content.
 */
function forExport(html: string): string {
  return html
    .replace(/<a\b[^>]*>/g, '<span class="link">')
    .replace(/<\/a>/g, '</span>')
    .replace(/ data-src="[^"]*"/g, '')
    .replace(/ data-host="[^"]*"/g, '');
}

/** An item as an `<article>`, math typeset, diagrams as `.mermaid-block` placeholders. */
export function itemHtml(item: ItemContent, id: number, language: Locale = 'en'): string {
  const classes = ['item', `item-${item.kind}`];
  if (item.color) classes.push(`color-${item.color}`);
  const parts = [`<article class="${classes.join(' ')}" data-item="${id}"${item.missingSince ? ' data-missing=""' : ''}>`];
  if (item.title) parts.push(`<h3 class="item-title">${escapeHtml(item.title)}</h3>`);
  if (item.origin) parts.push(`<p class="item-origin">${escapeHtml(item.origin)}</p>`);
  if (item.missingSince) parts.push(`<p class="item-missing">⚠ ${escapeHtml(missingNote(item.missingSince, language))}</p>`);
  if (item.markdown.trim())
    parts.push(
      `<div class="item-body">${forExport(renderMarkdown(item.markdown, item.images ? { notePath: item.notePath ?? '', images: item.images } : { notePath: item.notePath ?? '' }))}</div>`,
    );
  parts.push('</article>');
  return parts.join('');
}

/** An item as a Markdown block: a level-2 heading, its origin in italics, then the content. */
export function itemMarkdown(item: Pick<SheetItem, 'title' | 'origin' | 'markdown' | 'missingSince'>, language: Locale = 'en'): string {
  const parts: string[] = [];
  if (item.title) parts.push(`## ${escapeMarkdownInline(item.title)}`);
  if (item.origin) parts.push(`*${escapeMarkdownInline(item.origin)}*`);
  if (item.missingSince) parts.push(`> ⚠ ${missingNote(item.missingSince, language)}`);
  if (item.markdown.trim()) parts.push(item.markdown.trim());
  return parts.join('\n\n');
}
