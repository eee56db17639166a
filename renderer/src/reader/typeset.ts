import { KATEX_OPTIONS } from '../../../common/katex-options.js';

/**
 * Typesets the `.math[data-tex]` elements of a note. Formulas on or near the
 * screen are done at once, so the first paint shows text and math together;
 * the rest follow in small tasks after the first paint, so a note with hundreds of
 * formulas never blocks scrolling. Errors show inline (KaTeX's red source).
 */

const SLICE = 8;

type Katex = (typeof import('katex'))['default'];
let katex: Katex | undefined;
// KaTeX is its own chunk, fetched as soon as the app starts and in parallel
// with it, so the app shell does not wait for it and the first note rarely does.
const katexReady: Promise<Katex> = import('katex').then((m) => (katex = m.default));

/**
 * Resolves once KaTeX is loaded and a frame has been painted after it. The
 * reader waits for this before loading Mermaid (over a megabyte of script),
 * so opening a note paints its text and formulas before any diagram work.
 */
export function afterMathPaint(): Promise<void> {
  return katexReady.then(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/**
 * A formula KaTeX cannot typeset keeps its source, marked as an error with
 * the reason in its title: the shape KaTeX itself gives a parse error, and
 * the one the main process gives exports (pipeline.ts, typesetTex).
 */
function showFormulaError(element: HTMLElement, tex: string, error: unknown): void {
  const marked = document.createElement('span');
  marked.className = 'katex-error';
  marked.title = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  marked.style.color = '#cc0000';
  marked.textContent = tex;
  element.replaceChildren(marked);
}

function typesetOne(element: HTMLElement): void {
  if (element.dataset.typeset || !katex) return;
  element.dataset.typeset = 'true';
  const tex = element.dataset.tex ?? element.textContent ?? '';
  // throwOnError:false covers parse errors only; some malformed input throws
  // a plain Error, which must not stop the formulas after it.
  try {
    katex.render(tex, element, { ...KATEX_OPTIONS, displayMode: element.dataset.display === 'true' });
  } catch (error) {
    showFormulaError(element, tex, error);
  }
}

/** Starts typesetting; returns a function that stops the background slices. */
export interface TypesetProgress {
  /** The formulas on screen are typeset (the next frame paints them). */
  onVisible?: () => void;
  /** Every formula of the note is typeset. */
  onComplete?: () => void;
}

export function typesetMath(root: HTMLElement, viewport: HTMLElement, progress: TypesetProgress = {}): () => void {
  if (!katex) {
    let stop: (() => void) | undefined;
    let isStopped = false;
    void katexReady.then(() => {
      if (!isStopped) stop = typesetMath(root, viewport, progress);
    });
    return () => {
      isStopped = true;
      stop?.();
    };
  }
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
  progress.onVisible?.();
  let isStopped = false;
  void (async () => {
    // Let the browser paint the screen first; then work through the rest in
    // small tasks, so scrolling and painting are never held up for long.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    while (later.length > 0 && !isStopped) {
      for (const element of later.splice(0, SLICE)) typesetOne(element);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (!isStopped) progress.onComplete?.();
  })();
  return () => {
    isStopped = true;
  };
}

/** Typesets every formula before `target`, so jumping to it lands where the finished layout puts it. */
export function typesetBefore(root: HTMLElement, target: Element): void {
  if (!katex) return;
  for (const element of root.querySelectorAll<HTMLElement>('.math[data-tex]:not([data-typeset])')) {
    if (target.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING) typesetOne(element);
    else break;
  }
}

/** Typesets every formula under `root` as soon as KaTeX is loaded (a comment: a few formulas at most). */
export function typesetAll(root: HTMLElement): () => void {
  let isStopped = false;
  void katexReady.then(() => {
    if (isStopped) return;
    for (const element of root.querySelectorAll<HTMLElement>('.math[data-tex]:not([data-typeset])')) typesetOne(element);
  });
  return () => {
    isStopped = true;
  };
}
