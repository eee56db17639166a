import type { NoteContent, SectionRecord } from '../../db/repositories/notes.js';
import type { ConceptRepository, NewMention } from '../../db/repositories/concepts.js';
import { cleanTerm, isTermHeading, linkTypeOf, nameLabel } from './concept-names.js';
import { parseMermaidEdges } from './mermaid-edges.js';

/**
 * Derives one note's concepts, links and definitions from what the importer
 * stored for it. Runs inside the note's savepoint: the note's earlier derived
 * rows are cleared first, rows the person made are left alone (the repository
 * refuses derived links beside a user decision and never overwrites a user
 * definition). Mentions are found by the caller (see mentions.ts): they
 * depend on every concept name, including ones later notes bring in.
 *
 * Decisions:
 * - Mermaid node labels name concepts as {@link nameLabel} describes.
 * - Front matter `concepts:` lists concepts the note is about; `aliases:`
 *   names the note's topic (its first entry) and the topic's other names.
 *   The topic is linked `related` to each listed concept, which joins a
 *   note's diagrams into one neighbourhood.
 * - `[[wikilinks]]` point at notes; one whose target is a known concept
 *   gives a `related` link from the topic. Unknown targets create nothing.
 * - A heading whose text is a known concept, or a bare technical term,
 *   defines it; the first paragraph under it is the default definition.
 */
export function deriveNoteConcepts(
  repo: ConceptRepository,
  noteId: number,
  content: NoteContent,
  now: string,
): { problems: string[]; definingOrds: Set<number> } {
  repo.clearNote(noteId);
  const problems: string[] = [];

  const resolve = (label: string): number | undefined => {
    const named = nameLabel(label);
    if (!named.name || named.name.length > 120) return undefined;
    let id: number | undefined;
    for (const term of named.lookups) {
      id = repo.findByTerm(term);
      if (id !== undefined) break;
    }
    if (id === undefined) {
      if (repo.isRemovedAlias(named.name)) return undefined;
      id = repo.create(named.name, false, now);
    } else if (named.aliases.length > 0) {
      repo.addAlias(id, named.name, 'derived');
    }
    for (const alias of named.aliases) if (!repo.isRemovedAlias(alias)) repo.addAlias(id, alias, 'derived');
    return id;
  };

  const topic = deriveFrontMatter(repo, noteId, content.frontMatter, resolve, now);

  for (const diagram of content.diagrams) {
    const parsed = parseMermaidEdges(diagram.source);
    problems.push(...parsed.problems.map((p) => `Mermaid diagram: ${p}`));
    for (const edge of parsed.edges) {
      const from = resolve(edge.from);
      const to = resolve(edge.to);
      if (from !== undefined && to !== undefined) repo.addDerivedLink(from, to, linkTypeOf(edge.label), edge.label, noteId, now);
    }
  }

  for (const link of content.links) {
    if (link.kind !== 'wikilink' || topic === undefined) continue;
    const target = repo.findByTerm(cleanTerm(link.target));
    if (target !== undefined) repo.addDerivedLink(topic, target, 'related', '', noteId, now);
  }

  const definingOrds = deriveDefinitions(repo, noteId, content, resolve);
  return { problems, definingOrds };
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[,，、]/).map(cleanTerm).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map((v) => cleanTerm(String(v))).filter(Boolean);
  return [];
}

/** `concepts:` and `aliases:`; returns the note's topic concept, if it names one. */
function deriveFrontMatter(
  repo: ConceptRepository,
  noteId: number,
  frontMatter: Record<string, unknown>,
  resolve: (label: string) => number | undefined,
  now: string,
): number | undefined {
  const [topicName, ...otherNames] = asStrings(frontMatter.aliases);
  let topic: number | undefined;
  if (topicName !== undefined) {
    topic = resolve(topicName);
    if (topic !== undefined) for (const alias of otherNames) if (!repo.isRemovedAlias(alias)) repo.addAlias(topic, alias, 'derived');
  }
  for (const name of asStrings(frontMatter.concepts)) {
    const id = resolve(name);
    if (id !== undefined && topic !== undefined) repo.addDerivedLink(topic, id, 'related', '', noteId, now);
  }
  return topic;
}

/** Headings that name a concept define it there; the first paragraph below is the default definition. */
function deriveDefinitions(repo: ConceptRepository, noteId: number, content: NoteContent, resolve: (label: string) => number | undefined): Set<number> {
  const defines = new Map<number, NewMention & { sectionOrds: number[] }>();
  for (const section of content.sections) {
    if (section.level < 2) continue;
    const title = cleanTerm(section.title);
    if (!title) continue;
    const known = repo.findByTerm(title);
    const id = known ?? (isTermHeading(title) ? resolve(title) : undefined);
    if (id === undefined) continue;
    const headingEnd = headingLineEnd(content.text, section);
    const row = defines.get(id);
    if (row) {
      row.sectionOrds.push(section.ord);
      row.occurrences = (row.occurrences ?? 1) + 1;
    } else {
      defines.set(id, { conceptId: id, sectionOrd: section.ord, start: section.startOffset, end: headingEnd, kind: 'defines', occurrences: 1, sectionOrds: [section.ord] });
    }
    // Only the section's own text: a subsection's heading is not a definition.
    const ownEnd = Math.min(section.endOffset, content.sections.find((s) => s.startOffset > section.startOffset)?.startOffset ?? section.endOffset);
    const paragraph = firstParagraph(content.text, headingEnd, ownEnd);
    if (paragraph) repo.setDefinitionFromNote(id, paragraph, noteId, section.ord);
  }
  repo.replaceMentions(noteId, 'defines', [...defines.values()]);
  return new Set([...defines.values()].flatMap((d) => d.sectionOrds));
}

function headingLineEnd(text: string, section: SectionRecord): number {
  const end = text.indexOf('\n', section.startOffset);
  return end < 0 || end > section.endOffset ? Math.max(section.endOffset, section.startOffset + 1) : Math.max(end, section.startOffset + 1);
}

const DEFINITION_MAX = 400;

function firstParagraph(text: string, from: number, to: number): string {
  for (const line of text.slice(from, to).split('\n')) {
    const trimmed = line.trim();
    if (trimmed) return trimmed.length > DEFINITION_MAX ? `${trimmed.slice(0, DEFINITION_MAX - 1)}…` : trimmed;
  }
  return '';
}
