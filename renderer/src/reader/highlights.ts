import type { AnnotationColor } from '../../../main/api/contract.js';
import { TextMap } from './text-map.js';
import type { TextSegment } from './text-map.js';

/**
 * Paints annotations over a rendered note. Text is wrapped in
 * `<mark class="annotation annotation-COLOR" data-annotation-id>` pieces
 * (text nodes are split; overlapping annotations nest, the longer outside);
 * a formula gets classes and `data-annotation-ids` on its own `.math` element,
 * so KaTeX replacing the element's children keeps it painted. Marks add no
 * text, so the text map reads a painted note as it reads a bare one.
 */

export interface PaintableAnnotation {
  id: string;
  start: number;
  end: number;
  color: AnnotationColor;
  hasComment: boolean;
}

const MARK_SELECTOR = 'mark.annotation[data-annotation-id]';
const MATH_SELECTOR = '.math[data-annotation-ids]';

/** Removes every painted highlight and joins the text nodes painting split. */
export function clearHighlights(root: HTMLElement): void {
  const parents = new Set<Node>();
  for (const mark of root.querySelectorAll(MARK_SELECTOR)) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    if (parent) parents.add(parent);
  }
  for (const parent of parents) if (root.contains(parent)) parent.normalize();
  for (const math of root.querySelectorAll<HTMLElement>(MATH_SELECTOR)) {
    for (const name of [...math.classList])
      if (name.startsWith('annotation') || name === 'has-comment' || name === 'is-flashing') math.classList.remove(name);
    delete math.dataset.annotationIds;
  }
}

interface Piece extends TextSegment {
  annotation: PaintableAnnotation;
}

function markFor(annotation: PaintableAnnotation): HTMLElement {
  const mark = document.createElement('mark');
  mark.className = `annotation annotation-${annotation.color}`;
  mark.dataset.annotationId = annotation.id;
  return mark;
}

/**
 * Replaces one text node by its pieces, each inside the marks that cover it.
 * Neighbouring pieces share the marks they have in common (outermost first),
 * so `甲[乙]` under two annotations becomes `<mark A>甲<mark B>乙</mark></mark>`.
 */
function wrapTextNode(node: Text, pieces: Piece[], lastPieceOf: Map<string, HTMLElement>): void {
  const cuts = [...new Set([0, node.data.length, ...pieces.flatMap((p) => [p.start, p.end])])].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  const open: { id: string; element: HTMLElement }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] as number;
    const to = cuts[i + 1] as number;
    const covering = pieces.filter((p) => p.start <= from && p.end >= to).map((p) => p.annotation);
    let shared = 0;
    while (shared < open.length && shared < covering.length && open[shared]?.id === covering[shared]?.id) shared++;
    open.length = shared;
    for (const annotation of covering.slice(shared)) {
      const mark = markFor(annotation);
      (open[open.length - 1]?.element ?? fragment).append(mark);
      open.push({ id: annotation.id, element: mark });
      lastPieceOf.set(annotation.id, mark);
    }
    (open[open.length - 1]?.element ?? fragment).append(node.data.slice(from, to));
  }
  node.replaceWith(fragment);
}

/**
 * Clears and repaints `annotations` (anchored ones, offsets into `projection`).
 * Returns the ids that could not be painted because the note's layout and its
 * text projection disagree there.
 */
export function paintHighlights(root: HTMLElement, projection: string, annotations: PaintableAnnotation[]): string[] {
  clearHighlights(root);
  const map = TextMap.build(root, projection);
  // Longer first among those starting together, so the longer one is the outer mark.
  const ordered = [...annotations].sort((a, b) => a.start - b.start || b.end - a.end);
  const piecesByNode = new Map<Text, Piece[]>();
  const formulas = new Map<HTMLElement, PaintableAnnotation[]>();
  const unpainted: string[] = [];
  for (const annotation of ordered) {
    const segments = map.offsetsToSegments(annotation.start, annotation.end);
    if (!segments || segments.length === 0) {
      unpainted.push(annotation.id);
      continue;
    }
    for (const segment of segments) {
      if (segment.kind === 'math') {
        formulas.set(segment.element, [...(formulas.get(segment.element) ?? []), annotation]);
      } else {
        piecesByNode.set(segment.node, [...(piecesByNode.get(segment.node) ?? []), { ...segment, annotation }]);
      }
    }
  }
  const lastPieceOf = new Map<string, HTMLElement>();
  for (const [node, pieces] of piecesByNode) wrapTextNode(node, pieces, lastPieceOf);
  for (const [element, covering] of formulas) {
    const top = covering[covering.length - 1] as PaintableAnnotation;
    element.classList.add('annotation', `annotation-${top.color}`);
    element.dataset.annotationIds = covering.map((a) => a.id).join(' ');
    // Formulas are painted after the text: one is the last piece only if it comes after the text marks in reading order.
    const before = lastPieceOf.get(top.id);
    if (!before || before.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) lastPieceOf.set(top.id, element);
  }
  // A small marker after the last piece says "this highlight has a comment".
  for (const annotation of annotations) if (annotation.hasComment) lastPieceOf.get(annotation.id)?.classList.add('has-comment');
  return unpainted;
}

/** Whether any highlight is painted in `root`. */
export function hasHighlights(root: HTMLElement): boolean {
  return root.querySelector(`${MARK_SELECTOR}, ${MATH_SELECTOR}`) !== null;
}

/** Every painted element of one annotation, in reading order. */
export function highlightElements(root: HTMLElement, id: string): HTMLElement[] {
  const quoted = CSS.escape(id);
  return [
    ...root.querySelectorAll<HTMLElement>(`mark.annotation[data-annotation-id="${quoted}"], .math[data-annotation-ids~="${quoted}"]`),
  ];
}

/** The annotation a click landed on: the innermost mark, or a painted formula's top annotation. */
export function annotationAt(target: EventTarget | null): string | null {
  const element =
    target instanceof Element ? target.closest<HTMLElement>('mark.annotation[data-annotation-id], .math[data-annotation-ids]') : null;
  if (!element) return null;
  return element.dataset.annotationId ?? element.dataset.annotationIds?.split(' ').pop() ?? null;
}

/** Briefly flashes an annotation's highlight, so the eye finds it after a jump. */
export function flashHighlight(root: HTMLElement, id: string): void {
  const elements = highlightElements(root, id);
  for (const element of elements) {
    element.classList.remove('is-flashing');
    // Restart the animation when the same highlight is flashed twice in a row.
    void element.offsetWidth;
    element.classList.add('is-flashing');
  }
  setTimeout(() => elements.forEach((element) => element.classList.remove('is-flashing')), 1600);
}
