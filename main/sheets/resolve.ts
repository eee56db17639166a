import type { Database } from 'better-sqlite3';
import type { AnnotationRepository } from '../../db/repositories/annotations.js';
import type { ConceptRepository } from '../../db/repositories/concepts.js';
import type { NoteRepository } from '../../db/repositories/notes.js';
import type { NoteRecord } from '../../db/repositories/notes.js';
import type { SectionRecord } from '../markdown/types.js';
import type { SheetRepository } from '../../db/repositories/sheets.js';
import type { Locale } from '../../common/i18n/format.js';
import type { AnnotationColor, SheetItemInput } from '../api/contract.js';
import { cleanTerm } from '../concepts/concept-names.js';
import type { ResolvedImage } from '../markdown/local-images.js';
import { noteImagesLookup } from '../media/note-images.js';
import { neighbourhood, shortestPath, toMermaid } from '../concepts/graph.js';
import { blockquote, escapeMarkdownBlock, escapeMarkdownInline } from './markdown-text.js';
import { parseNote, sectionMarkdown } from './note-sections.js';
import type { ParsedNote } from './note-sections.js';
import { repositoriesOf } from '../../db/store-repositories.js';

/**
 * What a sheet item shows right now, read from the live store. `undefined`
 * means the source is gone (a deleted annotation, a section whose heading
 * changed, a concept merged away…): the caller falls back to the snapshot.
 */
export interface ResolvedItem {
  title: string;
  origin: string;
  markdown: string;
  noteId: number | null;
  /** The note's path inside its library, to resolve its relative links. */
  notePath?: string;
  /** An annotation's colour, for the sheet's light theme. */
  color?: AnnotationColor;
}

/** The store as items see it: read-only lookups across notes, annotations, concepts and formulas. */
export class SheetSources {
  readonly notes: NoteRepository;
  readonly annotations: AnnotationRepository;
  readonly concepts: ConceptRepository;
  readonly sheets: SheetRepository;

  /** Notes parsed during one resolution of a sheet: items often cut several sections from one note. */
  private parsed = new Map<string, ParsedNote>();

  /** The language maps and notes of a sheet are worded in (the one chosen in the app). */
  readonly language: () => Locale;

  /** A note's pictures, so a section cut from it shows them (main/media). */
  readonly images: (noteId: number | null | undefined) => ReadonlyMap<string, ResolvedImage> | undefined;

  constructor(db: Database, language: () => Locale = () => 'en') {
    this.language = language;
    this.images = noteImagesLookup(repositoriesOf(db).media);
    this.notes = repositoriesOf(db).notes;
    this.annotations = repositoriesOf(db).annotations;
    this.concepts = repositoriesOf(db).concepts;
    this.sheets = repositoriesOf(db).sheets;
  }

  /** A note that is still in its folder. */
  liveNote(id: number): NoteRecord | undefined {
    const note = this.notes.get(id);
    return note && note.removedAt === null ? note : undefined;
  }

  /** Forgets parsed notes; called before each resolution so nothing stale or unbounded is kept. */
  beginResolving(): void {
    this.parsed.clear();
  }

  /** The note's body parsed, once per resolution. */
  parsedNote(note: NoteRecord): ParsedNote {
    const key = `${note.id}:${note.contentHash}`;
    let parsed = this.parsed.get(key);
    if (!parsed) {
      parsed = parseNote(note.source);
      this.parsed.set(key, parsed);
    }
    return parsed;
  }

  /** A concept by id, or by name or alias (a merged concept's old name is an alias of the survivor). */
  conceptId(ref: string | number): number | undefined {
    if (typeof ref === 'number') return this.concepts.get(ref) ? ref : undefined;
    return this.concepts.findByTerm(cleanTerm(ref));
  }
}

function sectionAt(sections: SectionRecord[], offset: number): SectionRecord | undefined {
  let found: SectionRecord | undefined;
  for (const s of sections) if (s.startOffset <= offset && offset < Math.max(s.endOffset, s.startOffset + 1)) found = s;
  return found;
}

const join = (...parts: (string | undefined | null)[]): string => parts.filter((p) => p && p.trim()).join(' › ');
const fence = (mermaid: string): string => `\`\`\`mermaid\n${mermaid}\n\`\`\``;

function resolveSection(src: SheetSources, spec: Extract<SheetItemInput, { kind: 'section' }>): ResolvedItem | undefined {
  const note = src.liveNote(spec.noteId);
  if (!note) return undefined;
  const found = sectionMarkdown(src.parsedNote(note), spec.section, spec.part ?? 'all');
  if (!found) return undefined;
  const stored = src.notes.sections(note.id).find((s) => s.slug === spec.section);
  return { title: stored?.title ?? found.title, origin: note.title, markdown: found.markdown, noteId: note.id, notePath: note.path };
}

function resolveAnnotation(src: SheetSources, annotationId: string): ResolvedItem | undefined {
  const record = src.annotations.get(annotationId);
  if (!record) return undefined;
  const note = src.notes.get(record.noteId);
  const section = note ? sectionAt(src.notes.sections(note.id), record.start) : undefined;
  const quote = blockquote(escapeMarkdownBlock(record.quoteExact.trim()));
  return {
    title: section?.title ?? note?.title ?? '',
    origin: section ? (note?.title ?? '') : '',
    markdown: record.comment.trim() ? `${quote}\n\n${record.comment.trim()}` : quote,
    noteId: record.noteId,
    notePath: note?.path,
    color: record.color,
  };
}

function resolveConcept(src: SheetSources, spec: Extract<SheetItemInput, { kind: 'concept' }>): ResolvedItem | undefined {
  const id = src.conceptId(spec.concept);
  const concept = id === undefined ? undefined : src.concepts.get(id);
  if (id === undefined || !concept) return undefined;
  const aliases = src.concepts.aliases(id).map((a) => a.alias);
  const parts: string[] = [];
  if (aliases.length) parts.push(`*${aliases.map(escapeMarkdownInline).join(' · ')}*`);
  if (concept.definition.trim()) parts.push(concept.definition.trim());
  if (spec.withMap) {
    const around = neighbourhood(src.concepts.allLinks(), id, 1);
    if (around.links.length) {
      const nodes = [...around.ids].map((n) => ({ id: n, name: src.concepts.get(n)?.name ?? '' }));
      parts.push(fence(toMermaid(nodes, around.links, id, src.language())));
    }
  }
  const origin = concept.definitionNoteId === null ? '' : (src.notes.get(concept.definitionNoteId)?.title ?? '');
  return { title: concept.name, origin, markdown: parts.join('\n\n'), noteId: concept.definitionNoteId };
}

function resolvePath(src: SheetSources, spec: Extract<SheetItemInput, { kind: 'path' }>): ResolvedItem | undefined {
  const from = src.conceptId(spec.from);
  const to = src.conceptId(spec.to);
  if (from === undefined || to === undefined || from === to) return undefined;
  const links = src.concepts.allLinks();
  const steps = shortestPath(links, from, to);
  if (!steps) return undefined;
  const concepts = [{ id: from, name: src.concepts.get(from)?.name ?? '' }];
  for (const step of steps) {
    concepts.push(
      step.direction === 'forward' ? { id: step.link.toId, name: step.link.toName } : { id: step.link.fromId, name: step.link.fromName },
    );
  }
  const names = concepts.map((c) => c.name);
  const chain = names.map(escapeMarkdownInline).join(' → ');
  return {
    title: `${names[0] ?? ''} → ${names[names.length - 1] ?? ''}`,
    origin: '',
    markdown: `${chain}\n\n${fence(
      toMermaid(
        concepts,
        steps.map((s) => s.link),
        from,
        src.language(),
      ),
    )}`,
    noteId: null,
  };
}

function resolveFormula(src: SheetSources, spec: Extract<SheetItemInput, { kind: 'formula' }>): ResolvedItem | undefined {
  const markdown = `$$\n${spec.tex.trim()}\n$$`;
  const title = spec.caption?.trim() ?? '';
  if (spec.noteId === undefined) return { title, origin: '', markdown, noteId: null };
  const note = src.liveNote(spec.noteId);
  if (!note) return undefined;
  const formula = src.sheets.noteFormulas(note.id).find((f) => f.tex.trim() === spec.tex.trim());
  if (!formula) return undefined;
  const section = formula.sectionOrd === null ? undefined : src.notes.sections(note.id).find((s) => s.ord === formula.sectionOrd);
  return { title, origin: join(note.title, section?.title), markdown, noteId: note.id, notePath: note.path };
}

/** Resolves one item against the store; undefined when its source is gone. */
export function resolveItem(src: SheetSources, spec: SheetItemInput): ResolvedItem | undefined {
  switch (spec.kind) {
    case 'section':
      return resolveSection(src, spec);
    case 'annotation':
      return resolveAnnotation(src, spec.annotationId);
    case 'concept':
      return resolveConcept(src, spec);
    case 'path':
      return resolvePath(src, spec);
    case 'formula':
      return resolveFormula(src, spec);
    case 'text':
      return { title: '', origin: '', markdown: spec.markdown, noteId: null };
  }
}
