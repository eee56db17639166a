import type { ConceptRepository, DerivationInput, LinkType } from '../../db/repositories/concepts.js';
import { cleanTerm, hasCjk, initialsOf, linkTypeOf, readLabel } from './concept-names.js';
import { comparedNames, numberedLines, readComparison } from './comparisons.js';
import { deriveDefinitions } from './definitions.js';
import { parseMermaidEdges } from './mermaid-edges.js';
import { parenthesizedNames } from './parenthesized-names.js';
import { ConceptResolver } from './resolver.js';

/**
 * Derives one note's concepts, links and definitions from what the importer
 * stored for it. Runs inside the note's savepoint: the note's earlier derived
 * rows are cleared first, rows the person made are left alone (the repository
 * refuses derived links beside a user decision and never overwrites a user
 * definition). Mentions are found by the caller (see mentions.ts): they
 * depend on every concept name, including ones later notes bring in.
 *
 * Decisions:
 * - Mermaid node labels are read as concept-names.ts describes: a label
 *   that describes a step is a node of the picture, not a concept, and the
 *   links run through it (A → step → B links A to B).
 * - Front matter `concepts:` lists concepts the note is about; `aliases:`
 *   names the note (Obsidian's meaning): its first entry is the note's topic,
 *   and another entry is an alias of the topic only when it is the topic's
 *   abbreviation or its name in the other script (激活函数 / Activation
 *   Functions), never when it is another concept (ZeRO under 分布式训练,
 *   Grouped-Query Attention under 多头注意力) or a category (对齐算法变体).
 *   The topic is linked `related` to each listed concept.
 * - `[[wikilinks]]` to a known concept give a `related` link from the topic.
 * - An abbreviation and the words it abbreviates, one in parentheses after
 *   the other, are names of one concept the notes know (parenthesized-names.ts).
 * - Headings and numbered questions that compare or classify give typed
 *   links between the concepts they name (comparisons.ts).
 * - Definitions: see definitions.ts.
 */
export function deriveNoteConcepts(
  repo: ConceptRepository,
  noteId: number,
  input: DerivationInput,
  now: string,
): { problems: string[]; definingOrds: Set<number>; touched: Set<number> } {
  repo.clearNote(noteId);
  const problems: string[] = [];
  const resolver = new ConceptResolver(repo, now);
  // contrasts-with and related read both ways: `PPO vs DPO` and `（DPO vs PPO）` in one note are one link.
  const symmetric = new Set<string>();
  const link = (foundFrom: number, foundTo: number, type: LinkType, label: string): void => {
    const from = resolver.current(foundFrom);
    const to = resolver.current(foundTo);
    if (type === 'contrasts-with' || type === 'related') {
      const key = `${type}:${Math.min(from, to)}:${Math.max(from, to)}`;
      if (symmetric.has(key)) return;
      symmetric.add(key);
    }
    repo.addDerivedLink(from, to, type, label, noteId, now);
  };

  const listed = deriveListedConcepts(resolver, input.frontMatter);
  const topic = deriveTopic(resolver, input.frontMatter, listed);
  if (topic !== undefined) for (const id of listed) link(topic, id, 'related', '');

  for (const diagram of input.diagrams) {
    const parsed = parseMermaidEdges(diagram.source);
    problems.push(...parsed.problems.map((p) => `Mermaid diagram: ${p}`));
    deriveDiagram(resolver, parsed.edges, link);
  }

  for (const noteLink of input.links) {
    if (noteLink.kind !== 'wikilink' || topic === undefined) continue;
    const target = repo.findByTerm(cleanTerm(noteLink.target));
    if (target !== undefined) link(topic, target, 'related', '');
  }

  // `GLU（Gated Linear Unit）`: more names of a concept the notes already know; never a new concept.
  for (const pair of parenthesizedNames(input.text)) {
    const id = resolver.find(pair.abbreviation) ?? resolver.find(pair.expansion);
    if (id !== undefined) for (const term of [pair.abbreviation, pair.expansion]) resolver.alias(id, term);
  }

  const listedNames = asStrings(input.frontMatter.concepts);
  const questions = [
    ...input.sections.filter((s) => s.level >= 2).map((s) => ({ line: s.title, isHeading: true })),
    ...numberedLines(input.source).map((line) => ({ line, isHeading: false })),
  ];
  for (const { line, isHeading } of questions) deriveComparison(resolver, line, isHeading, listedNames, link);

  const definingOrds = deriveDefinitions(repo, noteId, input, resolver, listedNames);
  return { problems, definingOrds, touched: resolver.touched };
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(/[,，、]/)
      .map(cleanTerm)
      .filter(Boolean);
  if (Array.isArray(value))
    return value
      .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
      .map((v) => cleanTerm(String(v)))
      .filter(Boolean);
  return [];
}

function deriveListedConcepts(resolver: ConceptResolver, frontMatter: Record<string, unknown>): number[] {
  const ids: number[] = [];
  for (const name of asStrings(frontMatter.concepts)) {
    const id = resolver.resolve({ name, aliases: [] });
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A name of a category rather than of one thing (对齐算法变体, 激活函数类型). */
const CATEGORY = /(变体|方法|类型|种类|总结|汇总|对比|合集|笔记|问题|面试题)$/;

function isOtherScript(a: string, b: string): boolean {
  const scriptOf = (t: string): string => (hasCjk(t) ? (/[A-Za-z]/.test(t) ? 'mixed' : 'cjk') : 'latin');
  const sa = scriptOf(a);
  const sb = scriptOf(b);
  return sa !== 'mixed' && sb !== 'mixed' && sa !== sb;
}

function isAbbreviationOf(a: string, b: string): boolean {
  return initialsOf(b).includes(a.toUpperCase()) || initialsOf(a).includes(b.toUpperCase());
}

/** `aliases:`: the note's topic and the names of it that really are its names. */
function deriveTopic(resolver: ConceptResolver, frontMatter: Record<string, unknown>, listed: number[]): number | undefined {
  const [topicName, ...others] = asStrings(frontMatter.aliases);
  if (topicName === undefined) return undefined;
  const topic = resolver.resolve({ name: topicName, aliases: [] });
  if (topic === undefined) return undefined;
  for (const other of others) {
    const known = resolver.find(other);
    if (known !== undefined) {
      // The topic or a listed concept under another of its names (RAG and Retrieval-Augmented Generation,
      // GQA and Grouped-Query Attention) gains it; another concept under its own name (ZeRO) stays itself.
      if (known === topic || listed.includes(known)) resolver.alias(known, other);
      continue;
    }
    if (CATEGORY.test(other)) continue;
    if (isAbbreviationOf(other, topicName) || isOtherScript(other, topicName)) resolver.alias(topic, other);
  }
  return topic;
}

/** The concepts a diagram's labels name, and links between them, through the nodes that are steps. */
function deriveDiagram(
  resolver: ConceptResolver,
  edges: { from: string; to: string; label: string }[],
  link: (from: number, to: number, type: LinkType, label: string) => void,
): void {
  const conceptsOf = new Map<string, number[]>();
  const read = (label: string): number[] => {
    let ids = conceptsOf.get(label);
    if (ids) return ids;
    const reading = readLabel(label, resolver.isKnown);
    ids = [];
    if (reading.kind === 'concepts') {
      for (const name of reading.names) {
        const id = resolver.resolve(name);
        if (id !== undefined) ids.push(id);
      }
      for (const extra of reading.extraAliases) {
        const id = resolver.find(extra.name);
        if (id !== undefined) for (const alias of [extra.name, ...extra.aliases]) resolver.alias(id, alias);
      }
    }
    conceptsOf.set(label, ids);
    return ids;
  };
  const next = new Map<string, { to: string; label: string }[]>();
  for (const edge of edges) {
    read(edge.from);
    read(edge.to);
    const list = next.get(edge.from) ?? [];
    list.push({ to: edge.to, label: edge.label });
    next.set(edge.from, list);
  }
  // From each concept node, walk forward through step nodes to the concepts they lead to.
  const budget = { steps: 20 * edges.length + 100 };
  for (const [start, starts] of conceptsOf) {
    if (starts.length === 0) continue;
    const seen = new Set([start]);
    const queue: { at: string; label: string }[] = (next.get(start) ?? []).map((e) => ({ at: e.to, label: e.label }));
    while (queue.length > 0 && budget.steps-- > 0) {
      const { at, label } = queue.shift() as { at: string; label: string };
      if (seen.has(at)) continue;
      seen.add(at);
      const targets = conceptsOf.get(at) ?? [];
      if (targets.length > 0) {
        for (const from of starts) for (const to of targets) link(from, to, linkTypeOf(label), label);
        continue;
      }
      for (const edge of next.get(at) ?? []) queue.push({ at: edge.to, label: label || edge.label });
    }
  }
}

/** One heading or numbered question that compares or classifies. */
function deriveComparison(
  resolver: ConceptResolver,
  line: string,
  isHeading: boolean,
  listedNames: string[],
  link: (from: number, to: number, type: LinkType, label: string) => void,
): void {
  const comparison = readComparison(line, isHeading);
  if (!comparison) return;
  const names = comparedNames(comparison, resolver.isKnown);
  if (!names) return;
  const ids: number[] = [];
  for (const request of names) {
    // `Top-k` in a note that lists `Top-k Sampling` is that concept.
    const listed =
      resolver.find(request.name) === undefined
        ? listedNames.find((n) => n.toLowerCase().startsWith(`${request.name.toLowerCase()} `))
        : undefined;
    const id = resolver.resolve(listed ? { name: listed, aliases: [] } : request);
    if (id === undefined) return;
    ids.push(id);
  }
  if (comparison.type === 'is-a') {
    const [kind, of] = ids;
    if (kind !== undefined && of !== undefined) link(kind, of, 'is-a', '');
    return;
  }
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i];
      const b = ids[j];
      if (a !== undefined && b !== undefined && a !== b) link(a, b, comparison.type, '');
    }
  }
}
