import { isJsSpace } from '../../../common/js-space.js';
/**
 * Maps between the rendered note (the DOM inside `.note-body`) and the note's
 * text projection (`NoteDetail.text`), which annotations address in UTF-16
 * offsets.
 *
 * Both show the same visible characters in the same order. They differ only in
 * whitespace (the projection ends blocks with '\n' and separates table cells
 * with '\t'), in diagrams (nothing in the projection) and in formulas (their
 * TeX, once, in the projection; KaTeX's markup or the raw TeX in the DOM). So
 * the two are aligned on their NON-WHITESPACE characters: the k-th one of the
 * DOM — a `.math[data-tex]` element read as its `data-tex`, a `.mermaid-block`
 * skipped — is the k-th one of the projection. Where the two ever disagree, only
 * the agreeing prefix is mapped, so nothing is painted over the wrong text.
 *
 * Highlight marks add elements but no text, so a map built on a painted note
 * maps exactly as one built on the bare note (with more, shorter text nodes).
 */

const MATH_SELECTOR = '.math[data-tex]';
const DIAGRAM_CLASS = 'mermaid-block';

/** Elements whose neighbouring whitespace is layout, not text a reader sees. */
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

/** A piece of a text node: `node.data.slice(start, end)`. */
export interface TextSegment {
  kind: 'text';
  node: Text;
  start: number;
  end: number;
}

/** A formula, always covered whole. */
export interface MathSegment {
  kind: 'math';
  element: HTMLElement;
}

export type DomSegment = TextSegment | MathSegment;

/** Offsets into the text projection, UTF-16 code units, `end` exclusive. */
export interface ProjectionSpan {
  start: number;
  end: number;
}

type Unit = Text | HTMLElement;

function isMath(unit: Unit): unit is HTMLElement {
  return unit.nodeType === Node.ELEMENT_NODE;
}

/** Text nodes and formulas of `root`, in reading order. */
function collectUnits(root: Element, units: Unit[]): void {
  for (let child = root.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === Node.TEXT_NODE) {
      units.push(child as Text);
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      const element = child as HTMLElement;
      if (element.classList.contains(DIAGRAM_CLASS)) continue;
      if (element.matches(MATH_SELECTOR)) units.push(element);
      else collectUnits(element, units);
    }
  }
}

function isBlockish(node: Node | null): boolean {
  if (!node) return true;
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  const element = node as HTMLElement;
  return BLOCK_TAGS.has(element.tagName) || element.classList.contains('math-display') || element.classList.contains(DIAGRAM_CLASS);
}

/** Whitespace between two inline pieces (`<b>a</b> <i>b</i>`) shows as a space; between blocks it does not. */
function isVisibleGap(text: Text): boolean {
  return !isBlockish(text.previousSibling) && !isBlockish(text.nextSibling);
}

const warned = new WeakSet<Element>();

export class TextMap {
  readonly root: Element;
  readonly text: string;
  /** How many non-whitespace characters agree from the start; beyond them nothing is mapped. */
  readonly alignedCount: number;
  readonly isAligned: boolean;

  #units: Unit[] = [];
  #unitIndex = new Map<Unit, number>();
  /** Per unit: index (k) of its first non-whitespace character, and how many it has. */
  #unitStart: number[] = [];
  #unitCount: number[] = [];
  /** Per DOM non-whitespace character k: its unit, and its offset in a text unit (-1 in a formula). */
  #charUnit: number[] = [];
  #charOffset: number[] = [];
  /** Per projection non-whitespace character k: its offset in the projection. */
  #projectionOffset: number[] = [];
  /** Per projection offset i (0..length): how many non-whitespace characters lie before it. */
  #countBefore: Int32Array;

  private constructor(root: Element, text: string) {
    this.root = root;
    this.text = text;
    collectUnits(root, this.#units);
    const domCodes: number[] = [];
    this.#units.forEach((unit, u) => {
      this.#unitIndex.set(unit, u);
      this.#unitStart.push(domCodes.length);
      const isFormula = isMath(unit);
      const data = isFormula ? (unit.dataset.tex ?? '') : unit.data;
      for (let i = 0; i < data.length; i++) {
        const code = data.charCodeAt(i);
        if (isJsSpace(code)) continue;
        domCodes.push(code);
        this.#charUnit.push(u);
        this.#charOffset.push(isFormula ? -1 : i);
      }
      this.#unitCount.push(domCodes.length - (this.#unitStart[u] ?? 0));
    });

    this.#countBefore = new Int32Array(text.length + 1);
    for (let i = 0; i < text.length; i++) {
      this.#countBefore[i] = this.#projectionOffset.length;
      if (!isJsSpace(text.charCodeAt(i))) this.#projectionOffset.push(i);
    }
    this.#countBefore[text.length] = this.#projectionOffset.length;

    const shared = Math.min(domCodes.length, this.#projectionOffset.length);
    let k = 0;
    while (k < shared && domCodes[k] === text.charCodeAt(this.#projectionOffset[k] ?? -1)) k++;
    this.alignedCount = k;
    this.isAligned = k === domCodes.length && k === this.#projectionOffset.length;
    if (!this.isAligned && !warned.has(root)) {
      warned.add(root);
      const at = this.#projectionOffset[k] ?? text.length;
      console.warn(
        `Lattice: the rendered note and its text projection disagree after ${k} characters (projection offset ${at}: ` +
          `${JSON.stringify(text.slice(at, at + 20))}); highlights past that point are not shown.`,
      );
    }
  }

  /** Maps the note rendered in `root` onto its text projection. */
  static build(root: Element, projection: string): TextMap {
    return new TextMap(root, projection);
  }

  /** How many non-whitespace characters lie before a DOM boundary point; inside a formula, before or after it whole. */
  #countAtPoint(container: Node, offset: number, edge: 'start' | 'end'): number {
    const element = container.nodeType === Node.ELEMENT_NODE ? (container as Element) : container.parentElement;
    const formula = element?.closest<HTMLElement>(MATH_SELECTOR);
    if (formula && this.root.contains(formula)) {
      const u = this.#unitIndex.get(formula);
      if (u !== undefined) return (this.#unitStart[u] ?? 0) + (edge === 'end' ? (this.#unitCount[u] ?? 0) : 0);
    }
    if (container.nodeType === Node.TEXT_NODE) {
      const u = this.#unitIndex.get(container as Text);
      if (u !== undefined) {
        const data = (container as Text).data;
        let count = this.#unitStart[u] ?? 0;
        for (let i = 0; i < Math.min(offset, data.length); i++) if (!isJsSpace(data.charCodeAt(i))) count++;
        return count;
      }
    }
    // An element boundary (or a point inside a diagram): count everything in the units before it.
    const point = document.createRange();
    point.setStart(container, offset);
    let lo = 0;
    let hi = this.#units.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (point.comparePoint(this.#units[mid] as Node, 0) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.#units.length ? (this.#unitStart[lo] ?? 0) : this.#charUnit.length;
  }

  /**
   * The projection span a DOM range covers, trimmed to its first and last
   * visible characters; a formula the range touches is taken whole. Null when
   * the range covers only whitespace or reaches past the aligned text.
   */
  rangeToOffsets(range: Range): ProjectionSpan | null {
    const first = this.#countAtPoint(range.startContainer, range.startOffset, 'start');
    const end = this.#countAtPoint(range.endContainer, range.endOffset, 'end');
    if (end <= first || end > this.alignedCount) return null;
    return { start: this.#projectionOffset[first] ?? 0, end: (this.#projectionOffset[end - 1] ?? 0) + 1 };
  }

  /**
   * The DOM pieces that show projection offsets [start, end), in reading
   * order: parts of text nodes, and whole formulas. Null when the span reaches
   * past the aligned text (it would be painted over the wrong characters).
   */
  offsetsToSegments(start: number, end: number): DomSegment[] | null {
    const from = Math.max(0, Math.min(start, this.text.length));
    const to = Math.max(from, Math.min(end, this.text.length));
    const first = this.#countBefore[from] ?? 0;
    const last = (this.#countBefore[to] ?? 0) - 1;
    if (last < first) return [];
    if (last >= this.alignedCount) return null;
    const firstUnit = this.#charUnit[first] ?? 0;
    const lastUnit = this.#charUnit[last] ?? 0;
    const segments: DomSegment[] = [];
    for (let u = firstUnit; u <= lastUnit; u++) {
      const unit = this.#units[u] as Unit;
      if (isMath(unit)) {
        segments.push({ kind: 'math', element: unit });
        continue;
      }
      if ((this.#unitCount[u] ?? 0) === 0 && !isVisibleGap(unit)) continue;
      const segmentStart = u === firstUnit ? (this.#charOffset[first] ?? 0) : 0;
      const segmentEnd = u === lastUnit ? (this.#charOffset[last] ?? 0) + 1 : unit.data.length;
      if (segmentEnd > segmentStart) segments.push({ kind: 'text', node: unit, start: segmentStart, end: segmentEnd });
    }
    return segments;
  }

  /** DOM ranges for projection offsets [start, end): one per text piece, one around each formula. */
  offsetsToRanges(start: number, end: number): Range[] | null {
    const segments = this.offsetsToSegments(start, end);
    return (
      segments?.map((segment) => {
        const range = document.createRange();
        if (segment.kind === 'math') {
          range.selectNode(segment.element);
        } else {
          range.setStart(segment.node, segment.start);
          range.setEnd(segment.node, segment.end);
        }
        return range;
      }) ?? null
    );
  }
}
