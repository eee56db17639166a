import { z } from 'zod';
import { MAX_MAP_CONCEPTS, toMermaid } from '../concepts/graph.js';
import { SuppressedMatches, TermMatcher } from '../concepts/mentions.js';
import type { AppContext } from './context.js';
import type { ConceptOccurrence, ConceptOverviewGroup } from './contract.js';
import { notFound } from './errors.js';
import type { DomainHandlers } from './handler.js';
import { chosenLanguage } from './settings.js';

type ConceptViewCalls = 'concepts.overview' | 'concepts.subgraph' | 'concepts.inNote';

const id = z.number().int().positive();

/**
 * Views of the concept graph for the screens that navigate it: the grouped
 * overview, maps of chosen concepts, and concept names to link in a note.
 */
export function conceptViewHandlers(ctx: AppContext): DomainHandlers<ConceptViewCalls> {
  const concepts = ctx.repositories.concepts;
  const overview = ctx.repositories.conceptOverview;
  const suppressions = ctx.repositories.mentionSuppressions;

  return {
    'concepts.overview': {
      schema: z.strictObject({ q: z.string().max(200).optional() }),
      run: ({ q }) => {
        const query = q?.trim() || undefined;
        const homes = overview.homes(query);
        const groups: ConceptOverviewGroup[] = [];
        for (const home of homes) {
          let group = groups[groups.length - 1];
          if (!group || group.noteId !== home.noteId) {
            group = { noteId: home.noteId, noteTitle: home.noteTitle, notePath: home.notePath, concepts: [] };
            groups.push(group);
          }
          group.concepts.push({ id: home.id, name: home.name, linkCount: home.linkCount });
        }
        const links = concepts.allLinks();
        for (const group of groups) group.concepts = inMapOrder(group.concepts, links);
        const total = query === undefined ? homes.length : overview.homes().length;
        return { total, matched: homes.length, groups };
      },
    },
    'concepts.subgraph': {
      schema: z.strictObject({ ids: z.array(id).min(1).max(MAX_MAP_CONCEPTS), currentId: id.optional() }),
      run: ({ ids, currentId }) => {
        const chosen = new Set(ids);
        const links = concepts.allLinks().filter((l) => chosen.has(l.fromId) && chosen.has(l.toId));
        const linked = new Set(links.flatMap((l) => [l.fromId, l.toId]));
        const drawn = [...chosen].filter((c) => linked.has(c));
        const unlinked = [...chosen].filter((c) => !linked.has(c) && concepts.get(c) !== undefined);
        const nodes = drawn.map((c) => ({ id: c, name: concepts.get(c)?.name ?? '' }));
        const current = currentId !== undefined && linked.has(currentId) ? currentId : undefined;
        return { mermaid: drawn.length ? toMermaid(nodes, links, current, chosenLanguage(ctx)) : '', drawn, unlinked };
      },
    },
    'concepts.inNote': {
      schema: z.strictObject({ noteId: id }),
      run: ({ noteId }) => {
        const [note] = concepts.noteTexts([noteId]);
        if (!note) throw notFound(`no note ${noteId}`);
        const suppressed = new SuppressedMatches(suppressions.inNote(noteId));
        return occurrencesToLink(
          note.text,
          concepts.sectionStarts(noteId),
          new TermMatcher(concepts.terms()),
          (c) => concepts.get(c)?.name ?? '',
          suppressed,
        );
      },
    },
  };
}

/**
 * A group's concepts in the order its maps are paged: linked concepts walked
 * breadth-first from the best-connected one, so a page holds whole pieces of
 * the graph rather than an alphabetical slice; larger pieces first, concepts
 * linked to nothing in the group last (each part in name order).
 */
export function inMapOrder<T extends { id: number; name: string }>(members: T[], links: { fromId: number; toId: number }[]): T[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  const neighbours = new Map<number, Set<number>>();
  for (const { fromId, toId } of links) {
    if (fromId === toId || !byId.has(fromId) || !byId.has(toId)) continue;
    for (const [a, b] of [
      [fromId, toId],
      [toId, fromId],
    ] as const) {
      const set = neighbours.get(a) ?? new Set<number>();
      set.add(b);
      neighbours.set(a, set);
    }
  }
  const byName = (a: T, b: T): number => a.name.localeCompare(b.name);
  const degree = (m: T): number => neighbours.get(m.id)?.size ?? 0;
  const seen = new Set<number>();
  const pieces: T[][] = [];
  for (const start of [...members].sort((a, b) => degree(b) - degree(a) || byName(a, b))) {
    if (seen.has(start.id) || degree(start) === 0) continue;
    const piece: T[] = [];
    seen.add(start.id);
    for (const queue = [start]; queue.length > 0;) {
      const at = queue.shift() as T;
      piece.push(at);
      const next = [...(neighbours.get(at.id) ?? [])]
        .filter((id) => !seen.has(id))
        .map((id) => byId.get(id) as T)
        .sort(byName);
      for (const member of next) seen.add(member.id);
      queue.push(...next);
    }
    pieces.push(piece);
  }
  pieces.sort((a, b) => b.length - a.length);
  const unlinked = members.filter((m) => !seen.has(m.id)).sort(byName);
  return [...pieces.flat(), ...unlinked];
}

/**
 * The first occurrence of each concept in each section, skipping heading
 * lines: a link in every sentence would bury the text, one per section still
 * reaches whoever jumps straight to a section.
 */
export function occurrencesToLink(
  text: string,
  sections: { ord: number; start: number }[],
  matcher: TermMatcher,
  nameOf: (conceptId: number) => string,
  suppressed: SuppressedMatches = new SuppressedMatches([]),
): ConceptOccurrence[] {
  const found: ConceptOccurrence[] = [];
  let s = -1;
  let headingEnd = -1;
  let seen = new Set<number>();
  // A turned-off underline goes to the concept's next occurrence in the section, if it has one.
  for (const match of suppressed.filter(text, matcher.find(text))) {
    while (s + 1 < sections.length && (sections[s + 1]?.start ?? Infinity) <= match.start) {
      s++;
      const start = sections[s]?.start ?? 0;
      const lineEnd = text.indexOf('\n', start);
      headingEnd = lineEnd < 0 ? text.length : lineEnd;
      seen = new Set();
    }
    if (match.start < headingEnd || seen.has(match.conceptId)) continue;
    seen.add(match.conceptId);
    found.push({ conceptId: match.conceptId, name: nameOf(match.conceptId), start: match.start, end: match.end });
  }
  return found;
}
