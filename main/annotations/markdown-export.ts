import { pathToFileURL } from 'node:url';
import type { Locale } from '../../common/i18n/format.js';
import { translate } from '../../common/i18n/messages.js';
import { blockquote, escapeMarkdownBlock, escapeMarkdownInline, neutralizeHtml } from '../sheets/markdown-text.js';

/**
 * One note's highlights and comments as a Markdown file a person keeps beside
 * their notes or pastes into Obsidian: each quote, its comment and tags, under
 * its heading, every heading a link back to the note's file at that heading.
 *
 * SECURITY: the file is opened by other tools. Quotes, titles, headings and
 * tags are text (escaped); a comment keeps its Markdown and math, but can make
 * no HTML, link, image or reference definition (`neutralizeHtml` with
 * `isLinking: false`), and an unclosed code fence in it is closed so it cannot
 * swallow the rest of the file.
 */

export interface ExportedNote {
  title: string;
  /** Path inside its library, '/' separated. */
  path: string;
  /** Where the file is on disk: the links point there. */
  absolutePath: string;
  /** The note's headings, in document order (offsets into its text projection). */
  sections: readonly { ord: number; title: string; slug: string; parentOrd: number | null; startOffset: number }[];
}

export interface ExportedAnnotation {
  quote: string;
  comment: string;
  tags: readonly string[];
  start: number;
  state: 'anchored' | 'orphan';
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** Closes a code fence left open at the end of `markdown` (a comment cut short, or written to break out). */
function closeFences(markdown: string): string {
  let open: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (!marker) continue;
    if (!open) open = marker;
    else if (marker[0] === open[0] && marker.length >= open.length) open = undefined;
  }
  return open ? `${markdown}\n${open}` : markdown;
}

/**
 * A link destination Markdown reads as one token: a file: URL (percent-encoded
 * by Node, CJK included) with what could still end or split it encoded too.
 */
function fileLink(absolutePath: string, slug?: string): string {
  const url = pathToFileURL(absolutePath).href.replace(
    /[()<>\s\\[\]]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `<${url}${slug ? `#${encodeURIComponent(slug)}` : ''}>`;
}

/** A heading's path from the top (`RLHF › 奖励模型`), following parents by ord: a few steps per heading. */
function headingPath(sections: ExportedNote['sections'], index: number, byOrd: Map<number, ExportedNote['sections'][number]>): string {
  const names: string[] = [];
  const seen = new Set<number>();
  for (
    let section = sections[index];
    section && !seen.has(section.ord);
    section = section.parentOrd === null ? undefined : byOrd.get(section.parentOrd)
  ) {
    seen.add(section.ord);
    names.unshift(escapeMarkdownInline(section.title));
  }
  return names.join(' › ');
}

function annotationBlock(annotation: ExportedAnnotation, language: Locale): string {
  const parts = [blockquote(escapeMarkdownBlock(annotation.quote.trim()))];
  const comment = annotation.comment.trim();
  if (comment) parts.push(closeFences(neutralizeHtml(comment.replace(/\r\n?/g, '\n'), { isLinking: false })));
  if (annotation.tags.length > 0)
    parts.push(
      `${translate(language, 'annotationExport.tags')} ${annotation.tags.map((tag) => `\`${tag.replace(/`/g, "'")}\``).join(' ')}`,
    );
  return parts.join('\n\n');
}

/**
 * The Markdown file. `annotations` in reading order (by start); each goes
 * under the last heading at or before its start — one walk over both lists.
 */
export function annotationsMarkdown(
  note: ExportedNote,
  annotations: readonly ExportedAnnotation[],
  exportedAt: string,
  language: Locale = 'en',
): string {
  const title = escapeMarkdownInline(note.title);
  const lines = [
    `# ${translate(language, 'annotationExport.title', { title })}`,
    translate(language, 'annotationExport.source', {
      link: `[${escapeMarkdownInline(note.path || note.title)}](${fileLink(note.absolutePath)})`,
      date: exportedAt.slice(0, 10),
    }) + ` ${translate(language, 'annotationExport.count', { n: annotations.length })}.`,
  ];
  if (annotations.length === 0) lines.push(translate(language, 'annotationExport.none'));

  const byOrd = new Map(note.sections.map((section) => [section.ord, section]));
  const placed = annotations.filter((a) => a.state === 'anchored').sort((a, b) => a.start - b.start);
  let section = -1;
  let shown: number | null = null;
  for (const annotation of placed) {
    while (section + 1 < note.sections.length && (note.sections[section + 1]?.startOffset ?? Infinity) <= annotation.start) section++;
    if (shown !== section) {
      shown = section;
      const heading = note.sections[section];
      lines.push(
        heading
          ? `## [${headingPath(note.sections, section, byOrd)}](${fileLink(note.absolutePath, heading.slug)})`
          : `## ${translate(language, 'annotationExport.beforeHeadings')}`,
      );
    }
    lines.push(annotationBlock(annotation, language), '---');
  }
  const orphans = annotations.filter((a) => a.state === 'orphan');
  if (orphans.length > 0) {
    lines.push(`## ${translate(language, 'annotationExport.orphans')}`);
    for (const annotation of orphans) lines.push(annotationBlock(annotation, language), '---');
  }
  return `${lines.join('\n\n')}\n`;
}
