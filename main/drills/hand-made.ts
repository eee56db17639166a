import { escapeHtml } from '../markdown/safe-html.js';

/** The longest stretch of the note a cloze asks about: a sentence, else the words around the highlight. */
export const CLOZE_MAX_UNITS = 300;
/** What a cloze shows where the highlighted words were. */
export const CLOZE_GAP = '[……]';

/** Where a sentence ends: Chinese full stops and marks always, Latin ones before a space or the end; a block's end. */
function endsSentence(text: string, at: number): boolean {
  const ch = text[at];
  if (ch === '\n' || ch === '。' || ch === '！' || ch === '？' || ch === '；') return true;
  if (ch === '.' || ch === '!' || ch === '?') {
    const next = text[at + 1];
    return next === undefined || next === ' ' || next === '\n' || next === '\t';
  }
  return false;
}

function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The span a cloze asks about for a highlight at `start`..`end` of a note's
 * text projection: the sentence (or line) holding it, bounded to about
 * CLOZE_MAX_UNITS units around the highlight, trimmed of blanks. It never
 * looks further than that bound on either side, so it costs the same for any
 * note.
 */
export function clozeSpan(text: string, start: number, end: number): { start: number; end: number } {
  const room = Math.max(0, Math.floor((CLOZE_MAX_UNITS - (end - start)) / 2));
  let from = start;
  while (from > 0 && start - from < room && !endsSentence(text, from - 1)) from--;
  let to = end;
  // A highlight that ends on the sentence's own full stop already holds it.
  if (!(to > start && endsSentence(text, to - 1))) {
    while (to < text.length && to - end < room && !endsSentence(text, to)) to++;
    if (to < text.length && text[to] !== '\n' && endsSentence(text, to)) to++;
  }
  while (from < start && /\s/.test(text[from] ?? '')) from++;
  while (to > end && /\s/.test(text[to - 1] ?? '')) to--;
  // Never cut a character in half at a bound that was reached by the length limit.
  if (from > 0 && from < start && isLowSurrogate(text, from)) from++;
  if (to < text.length && to > end && isLowSurrogate(text, to)) to--;
  return { start: from, end: to };
}

/** A formula's place in a note's text projection (its TeX, once, without delimiters). */
export interface FormulaSpan {
  start: number;
  end: number;
  tex: string;
  isDisplay: boolean;
}

/**
 * Where a note's formulas are in its text projection. The projection holds
 * each formula's TeX once, in reading order (as notes.formulas lists them),
 * so one forward walk finds them all; a TeX that cannot be found is skipped.
 */
export function formulaSpans(text: string, formulas: { tex: string; isDisplay?: boolean }[]): FormulaSpan[] {
  const spans: FormulaSpan[] = [];
  let cursor = 0;
  for (const formula of formulas) {
    if (formula.tex === '') continue;
    const at = text.indexOf(formula.tex, cursor);
    if (at < 0) continue;
    spans.push({ start: at, end: at + formula.tex.length, tex: formula.tex, isDisplay: formula.isDisplay ?? false });
    cursor = at + formula.tex.length;
  }
  return spans;
}

/**
 * A stretch of a note's text projection as safe HTML: text escaped, line
 * breaks kept, and each formula lying wholly inside it left as TeX in a
 * `.math[data-tex]` element for the page to typeset, as the reader does (a
 * formula cut by the stretch's ends stays as its TeX text). `offset` is where
 * the stretch starts in the projection.
 */
export function projectionHtml(stretch: string, offset: number, formulas: FormulaSpan[]): string {
  let html = '';
  let at = 0;
  for (const formula of formulas) {
    const start = formula.start - offset;
    const end = formula.end - offset;
    if (start < at || end > stretch.length) continue;
    html += textHtml(stretch.slice(at, start));
    const tex = escapeHtml(formula.tex);
    const tag = formula.isDisplay ? 'div' : 'span';
    html += `<${tag} class="math math-${formula.isDisplay ? 'display' : 'inline'}" data-tex="${tex}" data-display="${formula.isDisplay}">${tex}</${tag}>`;
    at = end;
  }
  return html + textHtml(stretch.slice(at));
}

function textHtml(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>').replace(/\t/g, ' ');
}
