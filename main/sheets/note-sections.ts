import type { Token } from 'markdown-it';
import type { SectionPart } from '../api/contract.js';
import { splitFrontMatter } from '../markdown/front-matter.js';
import { normalizeEnumerations } from '../markdown/enumerations.js';
import { parseMarkdown } from '../markdown/pipeline.js';

/**
 * A note section as Markdown, cut from the note's own source through the one
 * pipeline's tokens, so the sheet shows what the reader shows under that
 * heading. Sections are found by the slug the pipeline gives them (headings,
 * or top-level numbered questions in notes without headings).
 */

export interface SectionMarkdown {
  title: string;
  /** The section's Markdown without its own heading line. */
  markdown: string;
}

interface Located {
  title: string;
  /** Lines of the normalized body: [from, to). `bodyFrom` skips the heading itself. */
  from: number;
  bodyFrom: number;
  to: number;
  /** Index range of the section's tokens. */
  firstToken: number;
  endToken: number;
}

function inlineTitle(tokens: Token[], at: number): string {
  const inline = tokens.slice(at + 1, at + 3).find((t) => t.type === 'inline');
  return (inline?.content ?? '').split('\n')[0]?.trim() ?? '';
}

function locate(tokens: Token[], slug: string, lineCount: number): Located | undefined {
  const at = tokens.findIndex((t) => (t.meta as { slug?: string } | null)?.slug === slug);
  const open = tokens[at];
  if (!open?.map) return undefined;
  if (open.type === 'heading_open') {
    const level = Number(open.tag.slice(1));
    let end = tokens.length;
    for (let i = at + 1; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (t.type === 'heading_open' && Number(t.tag.slice(1)) <= level) {
        end = i;
        break;
      }
    }
    const to = tokens[end]?.map?.[0] ?? lineCount;
    return { title: inlineTitle(tokens, at), from: open.map[0], bodyFrom: open.map[1], to, firstToken: at + 3, endToken: end };
  }
  // A numbered question in a note without headings: its first line is the title, the rest the answer.
  let end = at + 1;
  for (let depth = 1; end < tokens.length && depth > 0; end++) {
    const t = tokens[end] as Token;
    if (t.type === 'list_item_open') depth++;
    if (t.type === 'list_item_close') depth--;
  }
  const title = (meta: unknown): string => (meta as { sectionTitle?: string } | null)?.sectionTitle ?? '';
  return { title: title(open.meta), from: open.map[0], bodyFrom: open.map[0] + 1, to: open.map[1], firstToken: at + 1, endToken: end };
}

/** Removes the list marker indentation of a numbered question's answer lines. */
function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0)));
}

function linesOf(lines: string[], token: Token | undefined): string {
  return token?.map ? lines.slice(token.map[0], token.map[1]).join('\n').trim() : '';
}

/** A note's body parsed once, for cutting several sections out of it. */
export interface ParsedNote {
  tokens: Token[];
  lines: string[];
}

/** Parses a note (`source`: the whole file, front matter included). */
export function parseNote(source: string): ParsedNote {
  const body = normalizeEnumerations(splitFrontMatter(source).body);
  return { tokens: parseMarkdown(body), lines: body.split('\n') };
}

/**
 * The Markdown of one section of a note, or undefined when the note has no
 * such section. `note` is the note's source or its {@link parseNote} result.
 */
export function sectionMarkdown(note: string | ParsedNote, slug: string, part: SectionPart = 'all'): SectionMarkdown | undefined {
  const { tokens, lines } = typeof note === 'string' ? parseNote(note) : note;
  const found = locate(tokens, slug, lines.length);
  if (!found) return undefined;
  const inside = tokens.slice(found.firstToken, found.endToken);
  if (part === 'formulas') {
    const formulas: string[] = [];
    for (const token of inside) {
      if (token.type === 'math_block') formulas.push(token.content);
      for (const child of token.children ?? []) if (child.type === 'math_inline') formulas.push(child.content);
    }
    return { title: found.title, markdown: formulas.map((tex) => `$$\n${tex}\n$$`).join('\n\n') };
  }
  if (part === 'first-paragraph') {
    // The first paragraph of the answer; an answer that opens with a formula or a diagram keeps that block.
    const block = inside.find((t) => t.type === 'paragraph_open' && t.level <= 2) ?? inside.find((t) => t.map && t.level <= 1);
    return { title: found.title, markdown: dedent(linesOf(lines, block).split('\n')).join('\n').trim() };
  }
  return { title: found.title, markdown: dedent(lines.slice(found.bodyFrom, found.to)).join('\n').trim() };
}
