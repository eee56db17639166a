import type { ConceptOccurrence } from '../../../main/api/contract.js';
import { TextMap } from '../reader/text-map.js';
import type { TextSegment } from '../reader/text-map.js';

/**
 * Links concept names in a rendered note to their pages:
 * `<span class="concept-mention" role="link" data-concept-id>`, not an `<a>`:
 * a drag that starts on an `<a>` drags the link instead of selecting text,
 * and people select from the first word of a name. Like annotation marks,
 * the links add elements and no text, so the text map (and so highlights and
 * selections) reads a linked note exactly as a bare one. Names inside links,
 * code, headings and formulas are left alone.
 */

const LINK_SELECTOR = '.concept-mention[data-concept-id]';
const SKIP_INSIDE = 'a, code, pre, h1, h2, h3, h4, h5, h6, .math, .katex, .mermaid-block';

/** Removes every concept link and joins the text nodes linking split. */
export function clearConceptLinks(root: HTMLElement): void {
  const parents = new Set<Node>();
  for (const link of root.querySelectorAll(LINK_SELECTOR)) {
    const parent = link.parentNode;
    link.replaceWith(...link.childNodes);
    if (parent) parents.add(parent);
  }
  for (const parent of parents) if (root.contains(parent)) parent.normalize();
}

interface Piece {
  start: number;
  end: number;
  occurrence: ConceptOccurrence;
}

function isLinkable(segment: TextSegment): boolean {
  return !segment.node.parentElement?.closest(SKIP_INSIDE);
}

function linkFor(occurrence: ConceptOccurrence, title: string): HTMLElement {
  const link = document.createElement('span');
  link.className = 'concept-mention';
  link.setAttribute('role', 'link');
  link.tabIndex = 0;
  link.dataset.conceptId = String(occurrence.conceptId);
  // Where the name stands in the text projection: what "not this concept here" turns off.
  link.dataset.start = String(occurrence.start);
  link.dataset.end = String(occurrence.end);
  link.title = title;
  return link;
}

/** A linked name an event happened on: its element, concept and place in the text projection. */
export interface LinkedName {
  element: HTMLElement;
  conceptId: number;
  start: number;
  end: number;
}

/** The linked name an event happened on. */
export function conceptLinkAt(target: EventTarget | null): LinkedName | null {
  const link = target instanceof Element ? target.closest<HTMLElement>(LINK_SELECTOR) : null;
  if (!link) return null;
  return { element: link, conceptId: Number(link.dataset.conceptId), start: Number(link.dataset.start), end: Number(link.dataset.end) };
}

/** Where a popover for a linked name stands: centred on `x`, its top at `y` (its bottom when `isAbove`), in viewport pixels. */
export interface MentionPlace {
  x: number;
  y: number;
  isAbove: boolean;
}

const POPOVER_HALF_WIDTH = 170;
const POPOVER_HEIGHT = 120;

/**
 * Below the name, so the line being read stays in view, or above it near the
 * bottom of the window; never past the window's sides.
 */
export function placeBeside(rect: DOMRect, viewport: { width: number; height: number }): MentionPlace {
  const x = Math.min(Math.max(rect.left + rect.width / 2, POPOVER_HALF_WIDTH + 8), viewport.width - POPOVER_HALF_WIDTH - 8);
  const isAbove = rect.bottom + 6 + POPOVER_HEIGHT > viewport.height && rect.top - 6 - POPOVER_HEIGHT > 0;
  return { x, y: isAbove ? rect.top - 6 : rect.bottom + 6, isAbove };
}

/** The linked name at [start, end) of the text projection (its first piece), after a repaint. */
export function conceptLinkOf(root: HTMLElement, start: number, end: number): HTMLElement | null {
  return root.querySelector<HTMLElement>(`${LINK_SELECTOR}[data-start="${start}"][data-end="${end}"]`);
}

/**
 * Clears and relinks concept names at `occurrences` (offsets into
 * `projection`). Returns how many occurrences were linked.
 */
export function paintConceptLinks(
  root: HTMLElement,
  projection: string,
  occurrences: ConceptOccurrence[],
  titleOf: (occurrence: ConceptOccurrence) => string,
): number {
  clearConceptLinks(root);
  const map = TextMap.build(root, projection);
  const piecesByNode = new Map<Text, Piece[]>();
  let linked = 0;
  for (const occurrence of occurrences) {
    const segments = map.offsetsToSegments(occurrence.start, occurrence.end);
    if (!segments || segments.length === 0) continue;
    const texts = segments.filter((s): s is TextSegment => s.kind === 'text');
    if (texts.length !== segments.length || !texts.every(isLinkable)) continue;
    for (const segment of texts) {
      piecesByNode.set(segment.node, [...(piecesByNode.get(segment.node) ?? []), { start: segment.start, end: segment.end, occurrence }]);
    }
    linked++;
  }
  for (const [node, pieces] of piecesByNode) {
    // From the end of the node back, so the offsets of earlier pieces stay valid as it is split.
    for (const piece of pieces.sort((a, b) => b.start - a.start)) {
      const name = node.splitText(piece.start);
      name.splitText(piece.end - piece.start);
      const link = linkFor(piece.occurrence, titleOf(piece.occurrence));
      name.replaceWith(link);
      link.append(name);
    }
  }
  return linked;
}
