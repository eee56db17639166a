import katex from 'katex';
import { KATEX_OPTIONS } from './katex-options.js';

/**
 * Typesets the `.math[data-tex]` elements of a note. Formulas on or near the
 * screen are done at once, so the first paint shows text and math together;
 * the rest follow in small slices between frames, so a note with hundreds of
 * formulas never blocks scrolling. Errors show inline (KaTeX's red source).
 */

const SLICE = 24;

function typesetOne(element: HTMLElement): void {
  if (element.dataset.typeset) return;
  element.dataset.typeset = 'true';
  katex.render(element.dataset.tex ?? element.textContent ?? '', element, { ...KATEX_OPTIONS, displayMode: element.dataset.display === 'true' });
}

/** Starts typesetting; returns a function that stops the background slices. */
export function typesetMath(root: HTMLElement, viewport: HTMLElement, onComplete?: () => void): () => void {
  const elements = [...root.querySelectorAll<HTMLElement>('.math[data-tex]:not([data-typeset])')];
  // On screen plus a little below, so the first scroll never meets raw TeX.
  const limit = viewport.getBoundingClientRect().bottom + 200;
  // Measure every position first, then typeset: measuring between typesets
  // would force a fresh layout of the whole note for each formula.
  const tops = elements.map((element) => element.getBoundingClientRect().top);
  const later: HTMLElement[] = [];
  elements.forEach((element, i) => {
    if ((tops[i] ?? 0) < limit) typesetOne(element);
    else later.push(element);
  });
  let handle = 0;
  const next = (): void => {
    for (const element of later.splice(0, SLICE)) typesetOne(element);
    if (later.length > 0) handle = requestAnimationFrame(next);
    else onComplete?.();
  };
  if (later.length > 0) handle = requestAnimationFrame(next);
  else onComplete?.();
  return () => cancelAnimationFrame(handle);
}

/** Typesets every formula before `target`, so jumping to it lands where the finished layout puts it. */
export function typesetBefore(root: HTMLElement, target: Element): void {
  for (const element of root.querySelectorAll<HTMLElement>('.math[data-tex]:not([data-typeset])')) {
    if (target.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING) typesetOne(element);
    else break;
  }
}
