import type { Mastery } from '../../../main/api/contract.js';
import { masteryBadge, masteryDetail } from '../drills/mastery-marks.js';
import { drawDiagram } from '../reader/diagrams.js';

/**
 * Concept maps are Mermaid flowcharts whose node ids are `c` + the concept id
 * (see main/concepts/graph.ts). Mermaid's strict security level turns click
 * directives off, so navigation is attached here, to the drawn nodes, after
 * the sanitized SVG is in the page.
 */

/** FNV-1a: a short, stable key for the diagram cache (not a security boundary). */
export function sourceHash(source: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    hash ^= source.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `concept-map-${(hash >>> 0).toString(36)}-${source.length}`;
}

/** Draws a concept map's source; the SVG comes back sanitized (and cached by source and theme). */
export function drawConceptMap(source: string, isDark: boolean): Promise<string> {
  return drawDiagram(sourceHash(source), source, isDark);
}

const MIN_SCALE = 0.75;

/** Mermaid names a node's group `…flowchart-c12-3`; the concept id is the 12. */
const NODE_ID = /(?:^|-)flowchart-c(\d+)-\d+$/;

/** The concept a drawn node stands for, if it is one. */
export function conceptOfNode(element: Element): number | null {
  const match = NODE_ID.exec(element.id);
  return match?.[1] ? Number(match[1]) : null;
}

/** A node's words as drawn: Mermaid puts each word of a label in its own tspan, with no spaces between. */
function labelOf(node: SVGGElement): string {
  const words = [...node.querySelectorAll('tspan')].filter((t) => !t.querySelector('tspan')).map((t) => t.textContent?.trim() ?? '');
  return (words.length ? words.join(' ') : (node.textContent ?? '')).replace(/\s+/g, ' ').trim();
}

/**
 * Makes each node of a drawn map a link a person can click or reach with Tab
 * and open with Enter; `currentId` is marked as the page's own concept.
 * Returns the nodes found, by concept id.
 */
export function bindMapNodes(root: HTMLElement, currentId: number | null): Map<number, SVGGElement> {
  const nodes = new Map<number, SVGGElement>();
  for (const node of root.querySelectorAll<SVGGElement>('g.node')) {
    const id = conceptOfNode(node);
    if (id === null) continue;
    nodes.set(id, node);
    node.dataset.conceptId = String(id);
    node.setAttribute('tabindex', '0');
    node.setAttribute('role', 'link');
    node.setAttribute('aria-label', labelOf(node));
    node.classList.add('is-navigable');
    if (id === currentId) {
      node.classList.add('is-current');
      node.setAttribute('aria-current', 'page');
    }
  }
  // As wide as the frame, never wider than drawn, and never below MIN_SCALE:
  // past that the labels cannot be read, so a large map keeps a readable size
  // and the frame scrolls sideways instead. In CSS, so it refits as the
  // window changes size.
  const svg = root.querySelector('svg');
  const width = svg?.viewBox.baseVal?.width ?? 0;
  if (svg && width > 0) {
    svg.style.width = '100%';
    svg.style.maxWidth = `${Math.floor(width)}px`;
    svg.style.minWidth = `${Math.floor(width * MIN_SCALE)}px`;
    svg.removeAttribute('height');
  }
  return nodes;
}

/** The concept of the node an event happened on. */
export function conceptAt(target: EventTarget | null): number | null {
  const node = target instanceof Element ? target.closest<SVGGElement>('g.node[data-concept-id]') : null;
  return node ? Number(node.dataset.conceptId) : null;
}

/** A concept map's node lines (`  c12[…]`, main/concepts/graph.ts): the concepts it draws, without drawing it. */
export function conceptsInMap(source: string): number[] {
  const ids = new Set<number>();
  for (const match of source.matchAll(/^\s*c(\d+)\[/gm)) ids.add(Number(match[1]));
  return [...ids];
}

/**
 * The mastery last read for a map (by its concepts' ids), so a map opened
 * again is coloured with its SVG instead of a round trip later; the store's
 * answer, asked for every time, replaces it. A few maps only.
 */
export const lastMastery = new Map<string, Map<number, Mastery>>();
const REMEMBERED_MAPS = 32;

export function rememberMastery(key: string, mastery: Map<number, Mastery>): void {
  lastMastery.delete(key);
  lastMastery.set(key, mastery);
  const oldest = lastMastery.keys().next().value;
  if (lastMastery.size > REMEMBERED_MAPS && oldest !== undefined) lastMastery.delete(oldest);
}

const LEVEL_CLASSES = ['mastery-unstudied', 'mastery-weak', 'mastery-learning', 'mastery-solid'];
const BADGE_SIZE = 14;

/**
 * Colours the drawn nodes by mastery: a class per level (fill and border
 * pattern, styles/mastery.css), a badge of the level's shape in the corner,
 * and the level and figures in the node's description and tooltip. A concept with
 * no card is left as drawn. Runs again cleanly on the same nodes.
 */
export function markMastery(root: HTMLElement, masteryOf: Map<number, Mastery>): { any: boolean; plain: boolean } {
  let any = false;
  let plain = false;
  const nodes = [...root.querySelectorAll<SVGGElement>('g.node[data-concept-id]')];
  // Every box is read before anything is written: a read after a write would lay the map out again, node by node.
  for (const node of nodes) {
    node.classList.remove(...LEVEL_CLASSES);
    node.querySelector(':scope > .mastery-badge')?.remove();
    node.querySelector(':scope > title.mastery-title')?.remove();
  }
  const boxes = nodes.map((node) => (masteryOf.has(Number(node.dataset.conceptId)) ? node.getBBox() : null));
  nodes.forEach((node, i) => {
    const name = node.getAttribute('aria-label') ?? '';
    const mastery = masteryOf.get(Number(node.dataset.conceptId));
    const box = boxes[i];
    if (!mastery || !box) {
      plain = true;
      node.removeAttribute('aria-description');
      delete node.dataset.mastery;
      return;
    }
    any = true;
    const detail = masteryDetail(mastery);
    node.classList.add(`mastery-${mastery.level}`);
    node.dataset.mastery = mastery.level;
    // The name stays the concept's (what a link is called); the level is its description, and its tooltip.
    node.setAttribute('aria-description', detail);
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.setAttribute('class', 'mastery-title');
    title.textContent = `${name} — ${detail}`;
    node.prepend(title);
    node.append(masteryBadge(mastery.level, box.x + box.width - BADGE_SIZE * 0.6, box.y - BADGE_SIZE * 0.4, BADGE_SIZE));
  });
  return { any, plain };
}
