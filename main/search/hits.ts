import type { AnnotationHitRecord, ConceptHitRecord, NoteHitRecord } from '../../db/repositories/search.js';
import type { SectionRecord } from '../markdown/types.js';
import type { SearchHit } from '../api/contract.js';
import type { ParsedQuery, QueryTerm } from './query-parse.js';
import { markedTerms } from './query-parse.js';
import { escapeHtml, findMatches, formulasNear, formulasWithin, readableText, snippetHtml } from './snippets.js';
import type { FormulaSpan, Formulas, TermMatch } from './snippets.js';

/**
 * Search hits from index rows: where in a note the terms are, which section
 * that is, and the snippet shown. Runs for the few rows a query returns.
 */

export interface DiagramLabels {
  sectionOrd: number | null;
  labels: string;
}

/** The terms to mark, and which group (all of which must match) each belongs to. */
export interface MarkedTerms {
  terms: QueryTerm[];
  groupOf: number[];
  groupCount: number;
}

/** The terms of a parsed query to find and mark, with the group each belongs to. */
export function markedTermsOf(parsed: ParsedQuery): MarkedTerms {
  const groupOf = parsed.groups.flatMap((group, g) => group.map(() => g));
  return { terms: markedTerms(parsed), groupOf, groupCount: parsed.groups.length };
}

/** The deepest section holding `offset`. */
export function sectionAt(sections: SectionRecord[], offset: number): SectionRecord | undefined {
  let found: SectionRecord | undefined;
  for (const section of sections) {
    if (section.startOffset <= offset && offset < Math.max(section.endOffset, section.startOffset + 1)) found = section;
  }
  return found;
}

/**
 * {@link sectionAt} for offsets asked in increasing order (a note's matches):
 * one walk over the sections for all of them. The deepest section holding an
 * offset is the last one started before it, or the nearest of its parents
 * still open there.
 */
export function sectionWalk(sections: SectionRecord[]): (offset: number) => SectionRecord | undefined {
  let started = 0;
  return (offset) => {
    while (started < sections.length && (sections[started] as SectionRecord).startOffset <= offset) started++;
    let section = sections[started - 1];
    while (section && offset >= Math.max(section.endOffset, section.startOffset + 1))
      section = section.parentOrd === null ? undefined : sections[section.parentOrd];
    return section;
  };
}

/**
 * A section's heading with its formulas readable (`为什么除以 \\sqrt{d_k}` reads
 * 为什么除以 √d_k), when the heading stands in the note's text where the
 * section starts, as the projection writes it.
 */
export function readableTitle(text: string, section: SectionRecord, formulas: Formulas): string {
  const end = section.startOffset + section.title.length;
  const spans = formulasNear(section.title, 0, section.title.length, formulas);
  if (spans.length === 0 || text.slice(section.startOffset, end) !== section.title) return section.title;
  return readableText(section.title, formulasWithin(spans, section.startOffset, end));
}

/** Headings from the top of the note down to `section`. */
export function sectionPath(
  sections: SectionRecord[],
  section: SectionRecord | undefined,
  titleOf: (section: SectionRecord) => string = (s) => s.title,
): string[] {
  const path: string[] = [];
  for (let at = section; at; at = at.parentOrd === null ? undefined : sections[at.parentOrd]) {
    path.unshift(titleOf(at));
    if (path.length > 12) break;
  }
  return path;
}

function groupsIn(matches: TermMatch[], marked: MarkedTerms): number {
  return new Set(matches.map((m) => marked.groupOf[m.term])).size;
}

const score = (bm25: number): number => Math.round(-bm25 * 1000) / 1000;

/**
 * Where a note's snippet stops: a match in a heading shows the start of its
 * section below it; a match in the text, the rest of its paragraph only.
 */
function snippetEnd(text: string, section: SectionRecord | undefined, focus: TermMatch | undefined): number {
  if (!focus) return text.length;
  const lineEnd = text.indexOf('\n', focus.end);
  const isInHeading = section !== undefined && focus.start < section.startOffset + section.title.length;
  if (isInHeading) return section.endOffset;
  return lineEnd === -1 ? text.length : lineEnd;
}

/** At most this many places of one note are listed under it; the best are kept, in reading order. */
export const MAX_PLACES_PER_NOTE = 6;

interface Place {
  ord: number;
  matches: TermMatch[];
  groups: Set<number | undefined>;
  /** Every group of the query occurs in the section's own heading. */
  isNamed: boolean;
}

/** The matches of a note (and its diagrams' labels) by the deepest section holding them. */
function placesOf(matches: TermMatch[], sections: SectionRecord[], diagrams: DiagramLabels[], marked: MarkedTerms): Map<number, Place> {
  const places = new Map<number, Place>();
  const entry = (ord: number): Place => {
    let found = places.get(ord);
    if (!found) places.set(ord, (found = { ord, matches: [], groups: new Set(), isNamed: false }));
    return found;
  };
  const sectionOf = sectionWalk(sections);
  for (const match of matches) {
    const found = entry(sectionOf(match.start)?.ord ?? -1);
    found.matches.push(match);
    found.groups.add(marked.groupOf[match.term]);
  }
  // A diagram's labels count for its section (they are indexed with the text), but a snippet needs text.
  for (const diagram of diagrams) {
    const inLabels = findMatches(diagram.labels, marked.terms);
    if (inLabels.length === 0 || diagram.sectionOrd === null) continue;
    const found = entry(diagram.sectionOrd);
    for (const match of inLabels) found.groups.add(marked.groupOf[match.term]);
  }
  for (const place of places.values()) {
    const section = sections[place.ord];
    if (!section) continue;
    const headingEnd = section.startOffset + section.title.length + 1;
    place.isNamed =
      groupsIn(
        place.matches.filter((m) => m.start < headingEnd),
        marked,
      ) === marked.groupCount;
  }
  return places;
}

/** A section hit: the section's heading as its title, the first match below the heading as its snippet (else the heading's). */
function placeHit(
  note: NoteHitRecord,
  sections: SectionRecord[],
  place: Place,
  matches: TermMatch[],
  formulas: Formulas,
  score: number,
): SearchHit {
  const section = sections[place.ord] as SectionRecord;
  const focus = place.matches.find((m) => m.start >= section.startOffset + section.title.length) ?? place.matches[0];
  const titleOf = (s: SectionRecord): string => readableTitle(note.text, s, formulas);
  return {
    kind: 'section',
    noteId: note.id,
    noteTitle: note.title,
    title: titleOf(section),
    sectionPath: sectionPath(sections, section, titleOf),
    sectionSlug: section.slug,
    snippet: snippetHtml(note.text, matches, focus, 40, 90, snippetEnd(note.text, section, focus), formulas),
    match: focus ? { start: focus.start, end: focus.end } : null,
    annotationId: null,
    conceptId: null,
    score,
  };
}

/**
 * A note row as hits: every place of the note that answers the query, for
 * the reader to go straight to it — each section holding all of the query's
 * terms is a section hit (at most {@link MAX_PLACES_PER_NOTE}: those naming
 * the query in their heading first, then those holding the most matches;
 * listed in reading order). A note whose title answers the query is one note
 * hit, followed by the sections whose headings name it too. A note where no
 * one section holds every term is one note hit. All share the note's score,
 * so they stay together under it.
 */
export function noteHits(
  note: NoteHitRecord,
  sections: SectionRecord[],
  diagrams: DiagramLabels[],
  formulas: Formulas,
  marked: MarkedTerms,
  bm25: number,
): SearchHit[] {
  const matches = findMatches(note.text, marked.terms);
  const places = placesOf(matches, sections, diagrams, marked);
  const isTitleHit = groupsIn(findMatches(note.title, marked.terms), marked) === marked.groupCount;
  // A note named by the query is its own hit: its top heading (the title again) is not a place of it.
  const isNoteItself = (place: Place): boolean =>
    isTitleHit && sections[place.ord]?.level === 1 && sections[place.ord]?.title.trim() === note.title.trim();
  const answering = [...places.values()].filter(
    (p) => p.ord >= 0 && p.matches.length > 0 && p.groups.size === marked.groupCount && (!isTitleHit || p.isNamed) && !isNoteItself(p),
  );
  const kept = answering
    .sort((a, b) => Number(b.isNamed) - Number(a.isNamed) || Math.min(b.matches.length, 9) - Math.min(a.matches.length, 9) || a.ord - b.ord)
    .slice(0, MAX_PLACES_PER_NOTE)
    .sort((a, b) => a.ord - b.ord);
  const hits = kept.map((place) => placeHit(note, sections, place, matches, formulas, score(bm25)));
  // The places left out are counted on the last one shown, for the person to search the note itself.
  const last = hits[hits.length - 1];
  if (last && answering.length > kept.length) last.morePlaces = answering.length - kept.length;
  if (!isTitleHit && hits.length > 0) return hits;
  // The note itself: its first match below the top heading (that heading is the title, shown already), in the section holding it.
  const top = sections[0]?.level === 1 && sections[0].title.trim() === note.title.trim() ? sections[0] : undefined;
  const focus = (top && matches.find((m) => m.start >= top.startOffset + top.title.length)) || matches[0];
  const section = focus ? sectionAt(sections, focus.start) : undefined;
  const noteHit: SearchHit = {
    kind: 'note',
    noteId: note.id,
    noteTitle: note.title,
    title: note.title,
    sectionPath: sectionPath(sections, section, (s) => readableTitle(note.text, s, formulas)),
    sectionSlug: section?.slug ?? null,
    snippet: snippetHtml(note.text, matches, focus, 40, 90, snippetEnd(note.text, section, focus), formulas),
    match: focus ? { start: focus.start, end: focus.end } : null,
    annotationId: null,
    conceptId: null,
    score: score(bm25),
  };
  return [noteHit, ...hits];
}

/** Whether a note holds every group of the query (in its title, text or diagrams) and no excluded term. */
export function noteMatches(note: NoteHitRecord, diagrams: DiagramLabels[], marked: MarkedTerms, excluded: QueryTerm[]): boolean {
  const texts = [note.title, note.text, ...diagrams.map((d) => d.labels)];
  if (excluded.length > 0 && texts.some((text) => findMatches(text, excluded, 1).length > 0)) return false;
  const groups = new Set(texts.flatMap((text) => findMatches(text, marked.terms).map((m) => marked.groupOf[m.term])));
  return groups.size === marked.groupCount;
}

/**
 * Searching inside one note: a section hit for every section the terms occur
 * in, in reading order; its score is how many matches the section holds.
 */
export function sectionHitsInNote(
  note: NoteHitRecord,
  sections: SectionRecord[],
  formulas: Formulas,
  marked: MarkedTerms,
  limit: number,
): SearchHit[] {
  const matches = findMatches(note.text, marked.terms);
  const hits: SearchHit[] = [];
  const sectionOf = sectionWalk(sections);
  let lastOrd: number | undefined | null = null;
  for (const match of matches) {
    const section = sectionOf(match.start);
    if (section?.ord === lastOrd) {
      const last = hits[hits.length - 1];
      if (last) last.score++;
      continue;
    }
    if (hits.length >= limit) break;
    lastOrd = section?.ord;
    hits.push({
      kind: 'section',
      noteId: note.id,
      noteTitle: note.title,
      title: section ? readableTitle(note.text, section, formulas) : note.title,
      sectionPath: sectionPath(sections, section, (s) => readableTitle(note.text, s, formulas)),
      sectionSlug: section?.slug ?? null,
      snippet: snippetHtml(note.text, matches, match, 40, 90, snippetEnd(note.text, section, match), formulas),
      match: { start: match.start, end: match.end },
      annotationId: null,
      conceptId: null,
      score: 1,
    });
  }
  return hits;
}

/** Marks the terms in a short text shown whole (a quote, a comment, a list of aliases). */
function markedWhole(text: string, marked: MarkedTerms, max = 160, formulas: FormulaSpan[] = []): string {
  const matches = findMatches(text, marked.terms);
  return snippetHtml(text, matches, matches[0], 40, Math.max(max - 40, 40), text.length, formulas);
}

/**
 * An annotation row as a hit: its quote as the title, the comment (or quote)
 * where the terms are as the snippet. `formulas` are those of the quote
 * (offsets into it): a highlighted formula reads as math in both.
 */
export function annotationHit(
  record: AnnotationHitRecord,
  sections: SectionRecord[],
  marked: MarkedTerms,
  bm25: number,
  formulas: FormulaSpan[] = [],
): SearchHit {
  const inQuote = findMatches(record.quote, marked.terms).length > 0;
  const inComment = !inQuote && findMatches(record.comment, marked.terms).length > 0;
  const section = sectionAt(sections, record.start);
  return {
    kind: 'annotation',
    noteId: record.noteId,
    noteTitle: record.noteTitle,
    title: readableText(record.quote, formulas),
    sectionPath: sectionPath(sections, section),
    sectionSlug: section?.slug ?? null,
    snippet: inComment
      ? markedWhole(record.comment, marked)
      : inQuote || record.tags.length === 0
        ? markedWhole(record.quote, marked, 160, formulas)
        : escapeHtml(record.tags.join(' · ')),
    match: { start: record.start, end: record.end },
    annotationId: record.id,
    conceptId: null,
    score: score(bm25),
  };
}

/** A concept row as a hit: its definition (or its names) as the snippet, its defining note to open. */
export function conceptHit(record: ConceptHitRecord, sections: SectionRecord[], marked: MarkedTerms, bm25: number): SearchHit {
  const names = [record.name, ...record.aliases].join(' · ');
  const inDefinition = record.definition !== '' && findMatches(record.definition, marked.terms).length > 0;
  const section = record.sectionOrd === null ? undefined : sections[record.sectionOrd];
  return {
    kind: 'concept',
    noteId: record.noteId,
    noteTitle: record.noteTitle ?? '',
    title: record.name,
    sectionPath: sectionPath(sections, section),
    sectionSlug: section?.slug ?? null,
    snippet: inDefinition ? markedWhole(record.definition, marked) : markedWhole(names, marked),
    match: null,
    annotationId: null,
    conceptId: record.id,
    score: score(bm25),
  };
}
