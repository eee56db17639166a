import type { Token } from 'markdown-it';
import type { DiagramRecord, FormulaRecord, NoteLinkRecord, SectionRecord } from './types.js';
import { inlineText } from './inline-text.js';
import { MAX_FORMULAS, MAX_LINKS, MAX_SECTIONS } from './note-limits.js';
import type { NoteCuts } from './note-limits.js';
import { resolveNoteHref } from './note-href.js';
import { sanitizeHtml } from './safe-html.js';

/**
 * The text projection of a note: the plain text a reader sees, in reading
 * order, with each formula contributing its TeX once and diagrams nothing.
 * Blocks end with '\n'; table cells are separated by '\t'. Offsets are UTF-16
 * code units (JavaScript string indices). Search indexes this text and
 * annotations anchor into it, so it must match what the reader shows.
 */
export interface Projection {
  text: string;
  sections: SectionRecord[];
  formulas: FormulaRecord[];
  diagrams: DiagramRecord[];
  links: NoteLinkRecord[];
  /** Text of the first level-1 heading, if any (a title candidate). */
  firstH1: string | undefined;
  /**
   * For each token of the parse, the length of `text` once that token was
   * read (never past the end of `text`): what lies between two tokens in the
   * projection, so the question finder can give an answer's offsets without
   * projecting the note a second time.
   */
  tokenEnds: number[];
}

const BLOCK_ENDS = new Set([
  'paragraph_close',
  'heading_close',
  'blockquote_close',
  'list_item_close',
  'bullet_list_close',
  'ordered_list_close',
  'tr_close',
  'callout_title_close',
  'table_close',
  'hr',
]);

function linkKind(href: string): NoteLinkRecord['kind'] | undefined {
  if (/^(https?:|mailto:)/i.test(href)) return 'url';
  if (href.startsWith('#') || href === '') return undefined;
  return 'note';
}

/**
 * Projects a parse. Past the limits of note-limits.ts, headings stay text
 * without becoming sections and links and formulas are not recorded; each one
 * left out is counted in `cuts`, for the note's warnings.
 */
export function projectTokens(tokens: Token[], notePath = '', cuts?: NoteCuts): Projection {
  let text = '';
  const sections: SectionRecord[] = [];
  const formulaRecords: FormulaRecord[] = [];
  const formulas = {
    push(formula: FormulaRecord): void {
      if (formulaRecords.length < MAX_FORMULAS) formulaRecords.push(formula);
      else if (cuts) cuts.formulas++;
    },
  };
  const diagrams: DiagramRecord[] = [];
  const links: NoteLinkRecord[] = [];
  let firstH1: string | undefined;
  let currentSection: number | null = null;
  const tokenEnds: number[] = new Array<number>(tokens.length);

  // Checking text.endsWith() would flatten the growing string on every block;
  // looking at the last appended piece keeps projection linear.
  let lastPiece = '';
  // A cell's closing tab is written only once something follows it in the row:
  // taking a row's last tab back off the text would copy the whole text per row.
  let pendingTab = false;
  const append = (piece: string): void => {
    if (piece === '') return;
    if (pendingTab) {
      text += '\t';
      pendingTab = false;
    }
    text += piece;
    lastPiece = piece;
  };
  // The open headings, innermost last: a new heading's parent is the nearest with a lower level.
  const openSections: SectionRecord[] = [];
  const endBlock = (): void => {
    if (text.length > 0 && !lastPiece.endsWith('\n')) append('\n');
  };
  const addLink = (kind: NoteLinkRecord['kind'], target: string, label: string): void => {
    if (!target) return;
    if (links.length < MAX_LINKS) links.push({ kind, target, label });
    else if (cuts) cuts.links++;
  };
  // Raw HTML tags left open by one fragment for the next, as the renderer carries them.
  const openHtml: string[] = [];
  const visitInline = (token: Token): void => {
    if (token.type === 'math_inline') {
      formulas.push({
        tex: token.content,
        isDisplay: (token.meta as { display?: boolean } | null)?.display === true,
        sectionOrd: currentSection,
      });
    } else if (token.type === 'image') {
      addLink('image', String(token.attrGet('src') ?? ''), inlineText(token.children ?? []));
    } else if (token.type === 'link_open') {
      const href = String(token.attrGet('href') ?? '');
      const kind = linkKind(href);
      if (kind === 'note') addLink(kind, resolveNoteHref(href, notePath), '');
      else if (kind) addLink(kind, href, '');
    } else if (token.type === 'wikilink') {
      const meta = token.meta as { target: string; heading: string };
      addLink('wikilink', meta.target || `#${meta.heading}`, token.content);
    } else if (token.type === 'html_inline') {
      for (const image of sanitizeHtml(token.content).images) addLink('image', image.src, image.alt);
    }
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    switch (token.type) {
      case 'heading_open': {
        endBlock();
        if (sections.length >= MAX_SECTIONS) {
          if (cuts) cuts.sections++;
          break;
        }
        const level = Number(token.tag.slice(1));
        const titleTokens = tokens[i + 1]?.children ?? [];
        const ord = sections.length;
        while (openSections.length > 0 && (openSections.at(-1) as SectionRecord).level >= level) openSections.pop();
        const parentOrd = openSections.at(-1)?.ord ?? null;
        currentSection = ord;
        const title = inlineText(titleTokens);
        if (level === 1 && firstH1 === undefined && title.trim()) firstH1 = title.trim();
        const section: SectionRecord = {
          ord,
          level,
          title,
          slug: String((token.meta as { slug?: string } | null)?.slug ?? ''),
          parentOrd,
          startOffset: text.length,
          endOffset: text.length,
        };
        sections.push(section);
        openSections.push(section);
        break;
      }
      case 'list_item_open': {
        const meta = token.meta as { slug?: string; sectionTitle?: string } | null;
        if (meta?.sectionTitle && sections.length >= MAX_SECTIONS) {
          if (cuts) cuts.sections++;
        } else if (meta?.sectionTitle) {
          endBlock();
          currentSection = sections.length;
          sections.push({
            ord: sections.length,
            level: 2,
            title: meta.sectionTitle,
            slug: meta.slug ?? '',
            parentOrd: null,
            startOffset: text.length,
            endOffset: text.length,
          });
        }
        break;
      }
      case 'inline':
        append(inlineText(token.children ?? [], visitInline, openHtml));
        break;
      case 'td_close':
      case 'th_close':
        // Still pending: this cell was empty, and the tab before it is written now.
        if (pendingTab) {
          text += '\t';
          lastPiece = '\t';
        }
        pendingTab = true;
        break;
      case 'tr_close':
        pendingTab = false;
        endBlock();
        break;
      case 'math_block':
        endBlock();
        formulas.push({ tex: token.content, isDisplay: true, sectionOrd: currentSection });
        append(token.content);
        endBlock();
        break;
      case 'fence':
      case 'code_block': {
        endBlock();
        const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
        if (lang === 'mermaid') {
          diagrams.push({ source: token.content, sectionOrd: currentSection });
        } else {
          append(token.content);
          endBlock();
        }
        break;
      }
      case 'html_block': {
        endBlock();
        const safe = (token.meta as { isRawHtmlCut?: boolean } | null)?.isRawHtmlCut
          ? { text: token.content, images: [] }
          : sanitizeHtml(token.content, openHtml);
        for (const image of safe.images) addLink('image', image.src, image.alt);
        // The block's own line ends are not text: `</details>\n` shows nothing
        // and must not leave a blank line in the projection.
        append(safe.text.replace(/\n+$/, ''));
        endBlock();
        break;
      }
      default:
        if (BLOCK_ENDS.has(token.type)) endBlock();
    }
    tokenEnds[i] = text.length;
  }

  if (text.endsWith('\n')) text = text.slice(0, -1);
  for (let i = 0; i < tokenEnds.length; i++) tokenEnds[i] = Math.min(tokenEnds[i] ?? 0, text.length);
  // A section runs until the next heading of the same or a higher level: walking
  // backwards with the headings still waiting for their end, each is found once.
  const following = new Array<SectionRecord | undefined>(sections.length);
  const waiting: SectionRecord[] = [];
  for (let index = sections.length - 1; index >= 0; index--) {
    const section = sections[index] as SectionRecord;
    while (waiting.length > 0 && (waiting.at(-1) as SectionRecord).level > section.level) waiting.pop();
    following[index] = waiting.at(-1);
    waiting.push(section);
  }
  sections.forEach((section, index) => {
    const next = following[index];
    section.startOffset = Math.min(section.startOffset, text.length);
    section.endOffset = next ? next.startOffset : text.length;
    if (section.endOffset > 0 && text[section.endOffset - 1] === '\n' && next) section.endOffset -= 1;
    section.endOffset = Math.max(section.endOffset, section.startOffset);
  });
  return { text, sections, formulas: formulaRecords, diagrams, links, firstH1, tokenEnds };
}
