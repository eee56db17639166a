import type { Locale } from '../../common/i18n/format.js';
import { translate } from '../../common/i18n/messages.js';
import type { LinkRecord, LinkType } from '../../db/repositories/concepts.js';

/** Walking the concept graph: neighbourhoods for maps, shortest paths for the path finder. */

/**
 * Mermaid lays out 200 nodes in about 1.5 s and 1,000 in 13 s on a small
 * machine, and the window is frozen meanwhile: no map holds more concepts.
 */
export const MAX_MAP_CONCEPTS = 150;

export interface PathStep {
  link: LinkRecord;
  /** forward: the link points along the path; backward: against it. */
  direction: 'forward' | 'backward';
}

/** Concept ids within `depth` links of `start`, in either direction, and the links among them. */
export function neighbourhood(links: LinkRecord[], start: number, depth: number): { ids: Set<number>; links: LinkRecord[] } {
  const ids = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth; d++) {
    const next: number[] = [];
    for (const link of links) {
      for (const [a, b] of [
        [link.fromId, link.toId],
        [link.toId, link.fromId],
      ] as const) {
        if (frontier.includes(a) && !ids.has(b)) {
          ids.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return { ids, links: links.filter((l) => ids.has(l.fromId) && ids.has(l.toId)) };
}

/** The shortest chain of links from one concept to another, walking links either way (BFS). */
export function shortestPath(links: LinkRecord[], from: number, to: number): PathStep[] | undefined {
  const adjacent = new Map<number, PathStep[]>();
  const add = (at: number, step: PathStep): void => {
    const list = adjacent.get(at) ?? [];
    list.push(step);
    adjacent.set(at, list);
  };
  // Forward steps first, so a path that follows the arrows wins a tie.
  for (const link of links) add(link.fromId, { link, direction: 'forward' });
  for (const link of links) add(link.toId, { link, direction: 'backward' });
  const cameBy = new Map<number, PathStep | null>([[from, null]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head] as number;
    if (at === to) break;
    for (const step of adjacent.get(at) ?? []) {
      const next = step.direction === 'forward' ? step.link.toId : step.link.fromId;
      if (cameBy.has(next)) continue;
      cameBy.set(next, step);
      queue.push(next);
    }
  }
  if (!cameBy.has(to)) return undefined;
  const steps: PathStep[] = [];
  for (let at = to, step = cameBy.get(at); step; step = cameBy.get(at)) {
    steps.unshift(step);
    at = step.direction === 'forward' ? step.link.fromId : step.link.toId;
  }
  return steps;
}

// SECURITY: labels come from other people's notes. Mermaid parses markup,
// entities and directives inside labels, so everything that could close the
// quoted label, start markup or an entity, or begin a %% comment or directive
// is removed, and the label is always quoted.
export function mermaidLabel(text: string): string {
  const safe = text
    .replace(/["'`<>&#;%\\[\]{}()|\n\r\t]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `"${safe.slice(0, 80) || '?'}"`;
}

const TYPE_ARROWS: Record<LinkType, string> = {
  'leads-to': '-->',
  'is-a': '-->',
  'part-of': '-->',
  'prerequisite-of': '-->',
  'variant-of': '-.->',
  'contrasts-with': '<-.->',
  related: '---',
};

/**
 * A left-to-right flowchart of concepts. Node ids are `c` + the concept id
 * (safe ASCII); edge labels name the link type in `language`, from the
 * shared catalogue (our words, never a note's); the
 * current concept carries the class `current`. No click lines: the
 * renderer attaches navigation to nodes by their id.
 */
export function toMermaid(nodes: { id: number; name: string }[], links: LinkRecord[], currentId?: number, language: Locale = 'en'): string {
  const lines = ['flowchart LR'];
  for (const node of nodes) lines.push(`  c${node.id}[${mermaidLabel(node.name)}]`);
  // Several notes often draw the same edge; the map shows it once.
  const drawn = new Set<string>();
  for (const link of links) {
    const key = `${link.fromId} ${link.toId} ${link.type}`;
    if (drawn.has(key)) continue;
    drawn.add(key);
    lines.push(`  c${link.fromId} ${TYPE_ARROWS[link.type]}|${translate(language, `concept.edge.${link.type}`)}| c${link.toId}`);
  }
  if (currentId !== undefined) {
    lines.push('  classDef current stroke-width:3px');
    lines.push(`  class c${currentId} current`);
  }
  return lines.join('\n');
}
