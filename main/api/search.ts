import { z } from 'zod';
import type { SearchRepository } from '../../db/repositories/search.js';
import type { RankedRow, SearchSource } from '../../db/repositories/search.js';
import type { NoteRepository } from '../../db/repositories/notes.js';
import type { SectionRecord } from '../markdown/types.js';
import { annotationHit, conceptHit, markedTermsOf, noteHits, noteMatches, sectionHitsInNote } from '../search/hits.js';
import type { MarkedTerms } from '../search/hits.js';
import { exactNameKey, nameKey, namePhraseQuery, parseQuery, toFtsQuery } from '../search/query-parse.js';
import { formulasNear, formulasOnDemand, formulasWithin } from '../search/snippets.js';
import type { StoredFormula } from '../search/snippets.js';
import type { ParsedQuery } from '../search/query-parse.js';
import type { AppContext } from './context.js';
import type { SearchHit, SearchHitKind, SearchResult } from './contract.js';
import { searchHitKind } from './contract/search.js';
import type { DomainHandlers } from './handler.js';

const KINDS = searchHitKind.options;

/** Only so much of a query is read: query-parse.ts keeps the first 24 words anyway. */
const MAX_QUERY_CHARS = 10_000;

/** Concepts holding the query's words in a row in their names, checked for one named exactly by it. */
const EXACT_CANDIDATES = 20;

/** Which index rows can give hits of a kind. */
const SOURCE_OF: Record<SearchHitKind, SearchSource> = { note: 'notes', section: 'notes', annotation: 'annotations', concept: 'concepts' };

export interface SearchArgs {
  q: string;
  limit?: number;
  kinds?: SearchHitKind[];
  noteId?: number;
}

/**
 * Runs one query against the index and turns the rows into hits: the best
 * `limit` notes (as note or section hits), annotations and concepts, merged
 * by score, or one note's places when `noteId` is given.
 */
export function runSearch(ctx: AppContext, repo: SearchRepository, args: SearchArgs): SearchResult {
  const parsed = parseQuery(args.q.slice(0, MAX_QUERY_CHARS));
  const match = toFtsQuery(parsed);
  if (match === null) return { hits: [] };
  const limit = args.limit ?? 20;
  const kinds = new Set<SearchHitKind>(args.kinds ?? KINDS);
  const sources = new Set([...kinds].map((kind) => SOURCE_OF[kind]));
  const marked = markedTermsOf(parsed);
  const sectionsOf = memo((noteId: number) => ctx.notes.sections(noteId));

  if (args.noteId !== undefined) return { hits: searchOneNote(repo, ctx.notes, args.noteId, parsed, match, kinds, limit, sectionsOf) };

  const hits: SearchHit[] = [];
  if (sources.has('notes')) {
    // Asked for one of note/section only: some rows become the other kind, so look further.
    const wanted = kinds.has('note') && kinds.has('section') ? limit : limit * 2;
    const rows = repo.rankNotes(match, wanted);
    for (const row of rows) {
      const note = repo.note(row.rowid);
      if (!note) continue;
      const formulas = formulasOnDemand(note.text, () => storedFormulas(ctx.notes, note.id, sectionsOf(note.id)));
      for (const hit of noteHits(note, sectionsOf(note.id), repo.diagramLabels(note.id), formulas, marked, row.score)) {
        if (kinds.has(hit.kind)) hits.push(hit);
      }
    }
  }
  if (sources.has('annotations')) hits.push(...annotationHits(repo, repo.rank('annotations', match, limit), marked, ctx.notes, sectionsOf));
  if (sources.has('concepts')) hits.push(...conceptHits(repo, parsed, match, limit, marked, sectionsOf));
  // A concept the query names exactly comes first: it is what the person is looking for.
  const best = hits.reduce((top, hit) => (hit.isExactName ? top : Math.max(top, hit.score)), 0);
  for (const hit of hits) if (hit.isExactName) hit.score = Math.round(best * 1000 + 1000) / 1000;
  hits.sort((a, b) => b.score - a.score);
  return { hits: hits.slice(0, limit) };
}

/**
 * The best `limit` concepts, and before them any concept whose name or an
 * alias is the query itself (by its tokens, so `kv 缓存` names KV缓存), found
 * apart: bm25 alone can rank a long definition that repeats the words above
 * the concept they name.
 */
function conceptHits(
  repo: SearchRepository,
  parsed: ParsedQuery,
  match: string,
  limit: number,
  marked: MarkedTerms,
  sectionsOf: (noteId: number) => SectionRecord[],
): SearchHit[] {
  const key = exactNameKey(parsed);
  const exact = new Set<number>();
  const rows: RankedRow[] = [];
  if (key !== null && key !== '') {
    for (const row of repo.rank('concepts', namePhraseQuery(key), EXACT_CANDIDATES)) {
      const concept = repo.concept(row.rowid);
      if (!concept || ![concept.name, ...concept.aliases].some((name) => nameKey(name) === key)) continue;
      exact.add(concept.id);
      rows.push(row);
    }
  }
  rows.push(...repo.rank('concepts', match, limit));
  const hits: SearchHit[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.rowid)) continue;
    seen.add(row.rowid);
    const concept = repo.concept(row.rowid);
    if (!concept) continue;
    const hit = conceptHit(concept, concept.noteId === null ? [] : sectionsOf(concept.noteId), marked, row.score);
    if (exact.has(concept.id)) hit.isExactName = true;
    hits.push(hit);
  }
  return hits;
}

/**
 * One note, searched as the global search would judge it (every word, no
 * excluded one) but in JavaScript over its own text: FTS5 has no cheap way to
 * look at a single row, and the note's text is all there is to read.
 */
function searchOneNote(
  repo: SearchRepository,
  notes: NoteRepository,
  noteId: number,
  parsed: ParsedQuery,
  match: string,
  kinds: Set<SearchHitKind>,
  limit: number,
  sectionsOf: (noteId: number) => SectionRecord[],
): SearchHit[] {
  const hits: SearchHit[] = [];
  const marked = markedTermsOf(parsed);
  const note = kinds.has('section') || kinds.has('note') ? repo.note(noteId) : undefined;
  if (note && noteMatches(note, repo.diagramLabels(noteId), marked, parsed.excluded)) {
    hits.push(
      ...sectionHitsInNote(
        note,
        sectionsOf(noteId),
        formulasOnDemand(note.text, () => storedFormulas(notes, noteId, sectionsOf(noteId))),
        marked,
        limit,
      ),
    );
  }
  if (kinds.has('annotation'))
    hits.push(...annotationHits(repo, repo.rankAnnotationsOfNote(noteId, match, limit), marked, notes, sectionsOf));
  return hits.slice(0, limit);
}

function annotationHits(
  repo: SearchRepository,
  rows: RankedRow[],
  marked: MarkedTerms,
  notes: NoteRepository,
  sectionsOf: (noteId: number) => SectionRecord[],
): SearchHit[] {
  const hits: SearchHit[] = [];
  const noteOf = memo((noteId: number) => {
    const note = repo.note(noteId);
    return note
      ? { text: note.text, formulas: formulasOnDemand(note.text, () => storedFormulas(notes, noteId, sectionsOf(noteId))) }
      : undefined;
  });
  for (const row of rows) {
    const annotation = repo.annotation(row.rowid);
    if (!annotation) continue;
    // The quote's formulas, when the quote still stands where it was anchored (an orphan's offsets are stale).
    const note = noteOf(annotation.noteId);
    const isInPlace = note !== undefined && note.text.slice(annotation.start, annotation.end) === annotation.quote;
    const formulas = isInPlace
      ? formulasWithin(formulasNear(annotation.quote, 0, annotation.quote.length, note.formulas), annotation.start, annotation.end)
      : [];
    hits.push(annotationHit(annotation, sectionsOf(annotation.noteId), marked, row.score, formulas));
  }
  return hits;
}

/** A note's formulas with where their sections start, for {@link formulasOnDemand}. */
function storedFormulas(notes: NoteRepository, noteId: number, sections: SectionRecord[]): StoredFormula[] {
  return notes
    .formulas(noteId)
    .map((f) => ({ tex: f.tex, sectionStart: f.sectionOrd === null ? 0 : (sections[f.sectionOrd]?.startOffset ?? 0) }));
}

function memo<T>(load: (key: number) => T): (key: number) => T {
  const cache = new Map<number, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, load(key));
    return cache.get(key) as T;
  };
}

/** The search domain of the handler table: `search.query`. */
export function searchHandlers(ctx: AppContext): DomainHandlers<'search.query'> {
  const repo = ctx.repositories.search;
  return {
    'search.query': {
      // Any text is a query: no length limit here; a pasted page is searched by its beginning.
      schema: z.strictObject({
        q: z.string(),
        limit: z.number().int().min(1).max(200).optional(),
        kinds: z.array(searchHitKind).min(1).max(KINDS.length).optional(),
        noteId: z.number().int().positive().optional(),
      }),
      run: (args) => runSearch(ctx, repo, args),
    },
  };
}
