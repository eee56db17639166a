import type { CardRecord } from '../../db/repositories/card-records.js';
import type { SectionRecord } from '../markdown/types.js';
import { renderMarkdown } from '../markdown/pipeline.js';
import { escapeHtml } from '../markdown/safe-html.js';
import type { ResolvedImage } from '../markdown/local-images.js';
import { CLOZE_GAP, projectionHtml } from './hand-made.js';
import type { FormulaSpan } from './hand-made.js';

/** The note a card comes from, as far as its view needs it. */
export interface CardNote {
  path: string;
  source: string;
  sections: SectionRecord[];
  /** Where the note's formulas sit in its text projection (formulaSpans): a card made by hand typesets those inside its span. */
  formulas?: FormulaSpan[];
  /** The source split into lines, when the caller shows many cards of one note: split once, not once per card. */
  lines?: string[];
  /** The note's pictures (main/media/note-images.ts), so a card shows them as the reader does. */
  images?: ReadonlyMap<string, ResolvedImage>;
}

export interface CardFaces {
  questionHtml: string;
  answerHtml: string | null;
  /** The slug of the section holding the question, for "open in note". */
  section: string | null;
}

/** Where an inline answer starts on a `Q：… A：…` line. */
const INLINE_ANSWER = /(?:^|\s)(?:A|答)\s*[：:]\s*/u;
/** What a line carries before its question: a heading's hashes, a list marker, the author's number, a Q：. */
const QUESTION_LEAD = /^\s{0,3}(?:#{1,6}\s+)?(?:(?:[-*+]|\d{1,3}[.、)）])\s*)?(?:(?:Q|问)\s*[：:]\s*)?/u;

/**
 * Lines `first`..`last` (1-based, inclusive) of the file, with the
 * indentation they share removed: an answer nested under a list item would
 * otherwise read as a code block once cut out of its list.
 */
function fileLines(sourceLines: string[], first: number, last: number): string {
  const lines = sourceLines.slice(first - 1, last);
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => dropIndent(line, common)).join('\n');
}

function dropIndent(line: string, width: number): string {
  let at = 0;
  let seen = 0;
  while (at < line.length && seen < width && (line[at] === ' ' || line[at] === '\t')) {
    seen += line[at] === '\t' ? 4 : 1;
    at++;
  }
  return line.slice(at);
}

/** Markdown through the one pipeline, formulas left for the page to typeset as the reader does. */
function render(markdown: string, notePath: string, images?: ReadonlyMap<string, ResolvedImage>): string {
  return renderMarkdown(markdown, images ? { notePath, isMathDeferred: true, images } : { notePath, isMathDeferred: true });
}

/** Text with no Markdown behind it (an orphan's stored quote): shown as written, never interpreted. */
function plain(text: string): string {
  return `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
}

/**
 * What the review screen shows of a card. The question and the answer are
 * rendered from the note's own Markdown (the lines the question finder
 * measured), through the pipeline the reader uses, so formulas, tables, code,
 * callouts and diagrams look as they do in the note. What the person typed
 * replaces either side; an orphan, whose lines no longer describe its note,
 * shows the text it last had.
 */
export function cardFaces(card: CardRecord, note: CardNote | null): CardFaces {
  if (card.kind !== 'found') return handMadeFaces(card, note);
  const { line, answerFirstLine, answerLastLine } = card.lines;
  const isPlaced = note !== null && !card.isOrphan && line !== null;
  const sourceLines = isPlaced ? (note.lines ?? note.source.split('\n')) : [];
  const questionLine = isPlaced ? (sourceLines[line - 1] ?? '') : '';
  const inline = isPlaced && answerFirstLine === line ? INLINE_ANSWER.exec(questionLine.replace(QUESTION_LEAD, '')) : null;

  let questionHtml: string;
  if (card.questionOverride !== null) questionHtml = render(card.questionOverride, note?.path ?? '', note?.images);
  else if (isPlaced && questionLine.trim() !== '') {
    const asked = questionLine.replace(QUESTION_LEAD, '');
    questionHtml = render(inline ? asked.slice(0, inline.index) : asked, note.path, note?.images);
  } else questionHtml = plain(card.question.exact);

  let answerHtml: string | null;
  if (card.answerOverride !== null) answerHtml = render(card.answerOverride, note?.path ?? '', note?.images);
  else if (isPlaced && answerFirstLine !== null && answerLastLine !== null) {
    if (inline) {
      const asked = questionLine.replace(QUESTION_LEAD, '');
      const rest = fileLines(sourceLines, answerFirstLine + 1, answerLastLine);
      answerHtml = render(
        [asked.slice(inline.index + inline[0].length), rest].filter((part) => part.trim() !== '').join('\n'),
        note.path,
        note?.images,
      );
    } else answerHtml = render(fileLines(sourceLines, answerFirstLine, answerLastLine), note.path, note?.images);
  } else answerHtml = card.answer ? plain(card.answer.exact) : null;

  return { questionHtml, answerHtml, section: isPlaced ? sectionAt(note.sections, card.question.start) : null };
}

/** The innermost section whose span holds `offset`. */
function sectionAt(sections: SectionRecord[], offset: number): string | null {
  let found: SectionRecord | null = null;
  for (const section of sections) {
    if (section.startOffset <= offset && offset < section.endOffset && (!found || section.level >= found.level)) found = section;
  }
  return found?.slug ?? null;
}

/**
 * A card made by hand has no lines of its own in the file, only anchored
 * spans of the note's text projection: a manual card's answer is the span
 * the person selected; a cloze's question is the sentence around its
 * highlight with the highlighted words hidden, and its answer those words.
 * Spans are shown as plain text (escaped, never interpreted as Markdown);
 * the projection holds formulas as bare TeX, so each formula lying wholly in
 * the span is put back as a formula for the page to typeset. The stored
 * quotes are what the anchors last matched, so an orphan shows them too.
 */
function handMadeFaces(card: CardRecord, note: CardNote | null): CardFaces {
  const isPlaced = note !== null && !card.isOrphan;
  const formulas = isPlaced ? (note.formulas ?? []) : [];
  const spanHtml = (anchor: { exact: string; start: number }) => `<p>${projectionHtml(anchor.exact, anchor.start, formulas)}</p>`;

  let questionHtml: string;
  if (card.questionOverride !== null) questionHtml = render(card.questionOverride, note?.path ?? '', note?.images);
  else if (card.kind === 'cloze' && card.answer) questionHtml = clozeHtml(card.question, card.answer, formulas);
  else questionHtml = spanHtml(card.question);

  let answerHtml: string | null;
  if (card.answerOverride !== null) answerHtml = render(card.answerOverride, note?.path ?? '', note?.images);
  else answerHtml = card.answer ? spanHtml(card.answer) : null;

  return { questionHtml, answerHtml, section: isPlaced ? sectionAt(note.sections, card.question.start) : null };
}

/** The cloze's sentence with its answer's words replaced by the gap; the whole sentence if the answer is not inside it. */
function clozeHtml(question: CardRecord['question'], answer: NonNullable<CardRecord['answer']>, formulas: FormulaSpan[]): string {
  const from = answer.start - question.start;
  const to = answer.end - question.start;
  if (from < 0 || to > question.exact.length || to <= from) return `<p>${projectionHtml(question.exact, question.start, formulas)}</p>`;
  const before = projectionHtml(question.exact.slice(0, from), question.start, formulas);
  const after = projectionHtml(question.exact.slice(to), answer.end, formulas);
  return `<p>${before}<span class="cloze-gap">${escapeHtml(CLOZE_GAP)}</span>${after}</p>`;
}
