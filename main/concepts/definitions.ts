import type { ConceptRepository, DerivationInput, NewMention } from '../../db/repositories/concepts.js';
import type { SectionRecord } from '../markdown/types.js';
import { cleanTerm, isTermHeading } from './concept-names.js';
import type { ConceptResolver } from './resolver.js';

/**
 * Definitions come only from a heading that names the concept, with the
 * paragraph right under it:
 * - rank 2: the heading is the concept's name or alias (`## RMSNorm`);
 * - rank 1: the heading asks what it is (`### 什么是 KV cache？`, `ORPO 是什么？`).
 * The paragraph must read as one: prose, not a list, table, formula, code,
 * image, a `label：value` line, a question, a line announcing what follows
 * (`…两点改进：`) or a short fragment with no end (`### PPO` followed by
 * `训练中需要梯度反向传播：…` defines nothing). A definition from a note is
 * replaced only by one of a higher rank from another note (the first of
 * equal rank stays, so importing a note never swaps one sentence for
 * another); the person's own definition is never replaced (the repository
 * refuses).
 */
export type DefinitionRank = 0 | 1 | 2;

const DEFINITION_MAX = 400;
const DEFINITION_MIN = 8;
const WHAT_IS = [/^(?:什么是|何为|何谓|what is|what are|what's)\s*(.+)$/i, /^(.+?)\s*(?:是什么|是啥|指什么|的定义(?:是什么)?)$/];

/** Whether a source line opens a block that is not a paragraph of prose. */
const NOT_PROSE_START = /^\s*(?:[-*+]\s|\d+\s*[.、．)）]|\||`{3}|~{3}|\$\$|>|!\[|<|\\\[)/;

function key(title: string): string {
  return title.replace(/[*_`#\s]/g, '').toLowerCase();
}

/** For each ATX heading of the source (by its text): whether the first block under it is prose. One pass. */
function proseAfterHeadings(source: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  let pending: string | undefined;
  let fence = false;
  for (const line of source.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) {
      if (pending !== undefined && !fence) out.set(pending, false);
      pending = undefined;
      fence = !fence;
      continue;
    }
    if (fence) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      if (pending !== undefined) out.set(pending, false);
      pending = key(heading[1] ?? '');
      continue;
    }
    if (pending === undefined || !line.trim()) continue;
    if (!out.has(pending)) out.set(pending, !NOT_PROSE_START.test(line));
    pending = undefined;
  }
  return out;
}

/** The paragraph right under a heading, when it reads as a definition. */
function definitionText(text: string, from: number, to: number): string {
  let line =
    text
      .slice(from, to)
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  // `…降低计算量。公式如下：` keeps its sentence; `DeepSeekMoE 提出两点改进：` only announces a list.
  if (/[：:]$/.test(line)) line = /^(.*[。！；.!;])[^。！；.!;]*$/.exec(line)?.[1] ?? '';
  // A short fragment with no end (`利用优化器的momentum进行`) is a note to self, not a definition.
  if ([...line].length < 20 && !/[。！；.!;）)]$/.test(line)) return '';
  if ([...line].length < DEFINITION_MIN) return '';
  if (/[?？]|什么|为什么|如何|怎么/.test(line) || /^[^：:]{1,16}[：:]/.test(line)) return '';
  return line.length > DEFINITION_MAX ? `${line.slice(0, DEFINITION_MAX - 1)}…` : line;
}

/** What a heading says about a concept: it names it (2), asks what it is (1), or neither (0). */
function headingRank(title: string, resolver: ConceptResolver, id: number): DefinitionRank {
  if (resolver.find(title) === id) return 2;
  return askedAbout(title, resolver) === id ? 1 : 0;
}

/** The concept a question heading asks about (`什么是 continuous batching？`), if known. */
function askedAbout(title: string, resolver: ConceptResolver): number | undefined {
  const question = title.split(/[？?]/)[0]?.trim() ?? '';
  for (const pattern of WHAT_IS) {
    const subject = cleanTerm(pattern.exec(question)?.[1] ?? '');
    // `PPO 的 clipped objective 是什么` asks about something of PPO, not what PPO is.
    // …nor does `GLU 和 SwiGLU 是什么` ask what one thing is.
    if (!subject || subject.includes('的') || /和|与|、|及|\band\b/.test(subject)) continue;
    const known = resolver.find(subject);
    if (known !== undefined) return known;
    // `容量因子 Capacity Factor`: either name of it, and the other becomes its alias.
    const parts = (subject.match(/[\u3400-\u9fff]+|[A-Za-z0-9][A-Za-z0-9 .+\-/@]*[A-Za-z0-9]/g) ?? []).map((p) => p.trim());
    const found = parts.map((part) => resolver.find(part));
    const id = found.find((x) => x !== undefined);
    if (id === undefined) continue;
    if (parts.length === 2) {
      parts.forEach((part, i) => {
        if (found[i] === undefined && [...part].length <= 8) resolver.alias(id, part);
      });
    }
    return id;
  }
  return undefined;
}

/** Headings that name a concept define it; returns the sections they are in (not counted again as mentions). */
export function deriveDefinitions(
  repo: ConceptRepository,
  noteId: number,
  input: DerivationInput,
  resolver: ConceptResolver,
  listedNames: string[],
): Set<number> {
  const prose = proseAfterHeadings(input.source);
  const defines = new Map<number, NewMention & { sectionOrds: number[] }>();
  const sections = [...input.sections].sort((a, b) => a.startOffset - b.startOffset || a.ord - b.ord);
  sections.forEach((section, i) => {
    if (section.level < 2) return;
    const title = cleanTerm(section.title);
    if (!title) return;
    // `## Sinusoidal` in a note that lists `Sinusoidal Position Encoding` is that concept.
    const listed = isTermHeading(title) ? listedNames.find((n) => n.toLowerCase().startsWith(`${title.toLowerCase()} `)) : undefined;
    const named = resolver.find(title) ?? (isTermHeading(title) ? resolver.resolve({ name: listed ?? title, aliases: [] }) : undefined);
    const id = named ?? askedAbout(title, resolver);
    if (id === undefined) return;
    resolver.touched.add(id);
    const headingEnd = headingLineEnd(input.text, section);
    const row = defines.get(id);
    if (row) {
      row.sectionOrds.push(section.ord);
      row.occurrences = (row.occurrences ?? 1) + 1;
    } else {
      defines.set(id, {
        conceptId: id,
        sectionOrd: section.ord,
        start: section.startOffset,
        end: headingEnd,
        kind: 'defines',
        occurrences: 1,
        sectionOrds: [section.ord],
      });
    }
    if (prose.get(key(section.title)) === false) return;
    // Only the section's own text: a subsection's heading is not a definition.
    const ownEnd = Math.min(section.endOffset, sections[i + 1]?.startOffset ?? section.endOffset);
    const definition = definitionText(input.text, headingEnd, ownEnd);
    if (!definition) return;
    offerDefinition(repo, id, definition, headingRank(title, resolver, id), noteId, section.ord, resolver);
  });
  // A heading read later may have merged a concept found earlier into another: one row per concept as it is now.
  const current = new Map<number, NewMention & { sectionOrds: number[] }>();
  for (const row of defines.values()) {
    const conceptId = resolver.current(row.conceptId);
    const kept = current.get(conceptId);
    if (kept) {
      kept.sectionOrds.push(...row.sectionOrds);
      kept.occurrences = (kept.occurrences ?? 1) + (row.occurrences ?? 1);
    } else {
      current.set(conceptId, { ...row, conceptId });
    }
  }
  repo.replaceMentions(noteId, 'defines', [...current.values()]);
  return new Set([...current.values()].flatMap((d) => d.sectionOrds));
}

function offerDefinition(
  repo: ConceptRepository,
  id: number,
  definition: string,
  rank: DefinitionRank,
  noteId: number,
  sectionOrd: number,
  resolver: ConceptResolver,
): void {
  const concept = repo.get(id);
  if (!concept || concept.isDefinitionUserEdited || rank === 0) return;
  if (concept.definitionNoteId === null || !concept.definition) {
    repo.setDefinitionFromNote(id, definition, noteId, sectionOrd);
    return;
  }
  if (concept.definitionNoteId === noteId) return;
  const heading = repo.definitionHeading(id);
  const storedRank = heading === undefined ? 0 : headingRank(cleanTerm(heading), resolver, id);
  if (rank > storedRank) repo.replaceDefinitionFromNote(id, definition, noteId, sectionOrd);
}

function headingLineEnd(text: string, section: SectionRecord): number {
  const end = text.indexOf('\n', section.startOffset);
  return end < 0 || end > section.endOffset ? Math.max(section.endOffset, section.startOffset + 1) : Math.max(end, section.startOffset + 1);
}
