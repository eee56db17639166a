import type { Store } from '../../db/open-store.js';
import { ConceptRepository } from '../../db/repositories/concepts.js';
import type { NewMention } from '../../db/repositories/concepts.js';

/**
 * Finding concept names and aliases in note text. Chinese has no spaces, so
 * matching is on characters: at each position the longest term wins, so
 * 奖励模型 is not found inside 训练奖励模型 when that is a term of its own.
 * Latin terms must stand as words (RM is not found in "norm"). Matching is
 * case-insensitive for ASCII letters only, which keeps offsets exact.
 */

interface Term {
  folded: string;
  conceptId: number;
  isWordStart: boolean;
  isWordEnd: boolean;
}

const WORD = /[A-Za-z0-9_]/;
/** One-character Chinese terms and single Latin letters would match everywhere. */
const MIN_TERM_LENGTH = 2;

function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** A matcher over a fixed set of terms; build once, run over many notes. */
export class TermMatcher {
  /** Terms by their first (folded) character, longest first. */
  private readonly byFirst = new Map<string, Term[]>();

  constructor(terms: { conceptId: number; term: string }[]) {
    for (const { conceptId, term } of terms) {
      if (term.length < MIN_TERM_LENGTH) continue;
      const folded = foldAscii(term);
      const first = folded[0] ?? '';
      const list = this.byFirst.get(first) ?? [];
      list.push({ folded, conceptId, isWordStart: WORD.test(folded[0] ?? ''), isWordEnd: WORD.test(folded[folded.length - 1] ?? '') });
      this.byFirst.set(first, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.folded.length - a.folded.length);
  }

  /** Non-overlapping matches, leftmost-longest. */
  find(text: string): { conceptId: number; start: number; end: number }[] {
    const folded = foldAscii(text);
    const found: { conceptId: number; start: number; end: number }[] = [];
    let i = 0;
    while (i < folded.length) {
      const candidates = this.byFirst.get(folded[i] ?? '');
      let matched: Term | undefined;
      if (candidates && !(WORD.test(folded[i] ?? '') && i > 0 && WORD.test(folded[i - 1] ?? ''))) {
        for (const term of candidates) {
          if (!folded.startsWith(term.folded, i)) continue;
          const after = folded[i + term.folded.length];
          if (term.isWordEnd && after !== undefined && WORD.test(after)) continue;
          matched = term;
          break;
        }
      }
      if (matched) {
        found.push({ conceptId: matched.conceptId, start: i, end: i + matched.folded.length });
        i += matched.folded.length;
      } else {
        i++;
      }
    }
    return found;
  }
}

/**
 * A note's mentions: one per concept, at its first occurrence, with the
 * sections it occurs in (see the migration). Headings that define a concept
 * (`definingOrds`) are not counted as mentions.
 */
export function findMentions(
  text: string,
  sections: { ord: number; start: number }[],
  definingOrds: Set<number>,
  matcher: TermMatcher,
): NewMention[] {
  const byConcept = new Map<number, NewMention & { occurrences: number; sectionOrds: number[] }>();
  let s = -1;
  let headingEnd = -1;
  for (const match of matcher.find(text)) {
    while (s + 1 < sections.length && (sections[s + 1]?.start ?? Infinity) <= match.start) {
      s++;
      headingEnd = definingOrds.has(sections[s]?.ord ?? -1) ? text.indexOf('\n', sections[s]?.start ?? 0) : -1;
    }
    if (match.start < headingEnd) continue;
    const sectionOrd = sections[s]?.ord ?? null;
    let row = byConcept.get(match.conceptId);
    if (!row) {
      row = { conceptId: match.conceptId, sectionOrd, start: match.start, end: match.end, kind: 'mentions', occurrences: 0, sectionOrds: [] };
      byConcept.set(match.conceptId, row);
    }
    row.occurrences++;
    if (sectionOrd !== null && row.sectionOrds[row.sectionOrds.length - 1] !== sectionOrd) row.sectionOrds.push(sectionOrd);
  }
  return [...byConcept.values()];
}

/** Recomputes the mentions of the given notes (all live notes when omitted) against every concept. */
export function refreshMentions(repo: ConceptRepository, noteIds: number[] = repo.liveNoteIds(), matcher = new TermMatcher(repo.terms())): void {
  for (const note of repo.noteTexts(noteIds)) {
    repo.replaceMentions(note.id, 'mentions', findMentions(note.text, repo.sectionStarts(note.id), repo.definingSections(note.id), matcher));
  }
}

/**
 * Finds the mentions of `noteIds` in transactions of `batchSize` notes,
 * yielding after each one so a caller can give the event loop a turn.
 */
export function* indexMentionsInBatches(store: Store, noteIds: number[], batchSize = 250): Generator<void, void, void> {
  const repo = new ConceptRepository(store.db);
  const matcher = new TermMatcher(repo.terms());
  const batch = store.db.transaction((ids: number[]) => refreshMentions(repo, ids, matcher));
  for (let i = 0; i < noteIds.length; i += batchSize) {
    batch(noteIds.slice(i, i + batchSize));
    if (i + batchSize < noteIds.length) yield;
  }
}

/** The same, as a background job that lets other calls through between batches. */
export async function indexMentionsAsync(store: Store, noteIds: number[], batchSize = 250): Promise<void> {
  for (const _ of indexMentionsInBatches(store, noteIds, batchSize)) await new Promise<void>((resolve) => setImmediate(resolve));
}
