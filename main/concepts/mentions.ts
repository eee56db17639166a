import type { Store } from '../../db/open-store.js';
import type { ConceptRepository } from '../../db/repositories/concepts.js';
import type { NewMention } from '../../db/repositories/concepts.js';
import type { MentionSuppressionRepository } from '../../db/repositories/mention-suppressions.js';
import { TermMatcher } from './term-matcher.js';
import { TransactionPacer } from '../import/transaction-pacing.js';

// Callers that match terms themselves import it from here, as before the matcher had a module of its own.
export { TermMatcher };

/** Characters of context kept either side of the words of a suppressed underline. */
export const SUPPRESSION_CONTEXT = 32;

/** The words a suppression of a match at [start, end) is anchored to. */
export function suppressionAnchor(text: string, start: number, end: number): { exact: string; prefix: string; suffix: string } {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - SUPPRESSION_CONTEXT), start),
    suffix: text.slice(end, end + SUPPRESSION_CONTEXT),
  };
}

/** A side of context that agrees alone must be this long: "PPO" at the start of two lines is not the same place. */
const MIN_AGREEING_SIDE = 8;

/** Context on the same line (paragraph) only: an edit in the paragraph before or after is not near the words. */
const lineBefore = (prefix: string): string => prefix.slice(prefix.lastIndexOf('\n') + 1);
const lineAfter = (suffix: string): string => {
  const end = suffix.indexOf('\n');
  return end < 0 ? suffix : suffix.slice(0, end);
};

/**
 * The underlines a person turned off in one note. A match is off when its
 * concept and words are those of a suppression and its context on the same
 * line agrees: on both sides, or on one side of at least
 * {@link MIN_AGREEING_SIDE} characters. So an edit anywhere else in the note,
 * or right beside the words on one side, keeps it off, while the same word in
 * other words is still a mention.
 */
export class SuppressedMatches {
  private readonly byKey = new Map<string, { before: string; after: string }[]>();

  constructor(suppressions: { conceptId: number; exact: string; prefix: string; suffix: string }[]) {
    for (const s of suppressions) {
      const key = `${s.conceptId}\u0000${s.exact}`;
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), { before: lineBefore(s.prefix), after: lineAfter(s.suffix) }]);
    }
  }

  get isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  has(text: string, match: { conceptId: number; start: number; end: number }): boolean {
    if (this.byKey.size === 0) return false;
    const anchors = this.byKey.get(`${match.conceptId}\u0000${text.slice(match.start, match.end)}`);
    if (!anchors) return false;
    const here = suppressionAnchor(text, match.start, match.end);
    const before = lineBefore(here.prefix);
    const after = lineAfter(here.suffix);
    return anchors.some((a) => {
      const isBefore = a.before === before;
      const isAfter = a.after === after;
      return (isBefore && isAfter) || (isBefore && before.length >= MIN_AGREEING_SIDE) || (isAfter && after.length >= MIN_AGREEING_SIDE);
    });
  }

  /** `matches` without the suppressed ones. */
  filter<M extends { conceptId: number; start: number; end: number }>(text: string, matches: M[]): M[] {
    return this.isEmpty ? matches : matches.filter((m) => !this.has(text, m));
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
  suppressed: SuppressedMatches = new SuppressedMatches([]),
): NewMention[] {
  const byConcept = new Map<number, NewMention & { occurrences: number; sectionOrds: number[] }>();
  let s = -1;
  let headingEnd = -1;
  for (const match of suppressed.filter(text, matcher.find(text))) {
    while (s + 1 < sections.length && (sections[s + 1]?.start ?? Infinity) <= match.start) {
      s++;
      headingEnd = definingOrds.has(sections[s]?.ord ?? -1) ? text.indexOf('\n', sections[s]?.start ?? 0) : -1;
    }
    if (match.start < headingEnd) continue;
    const sectionOrd = sections[s]?.ord ?? null;
    let row = byConcept.get(match.conceptId);
    if (!row) {
      row = {
        conceptId: match.conceptId,
        sectionOrd,
        start: match.start,
        end: match.end,
        kind: 'mentions',
        occurrences: 0,
        sectionOrds: [],
      };
      byConcept.set(match.conceptId, row);
    }
    row.occurrences++;
    if (sectionOrd !== null && row.sectionOrds[row.sectionOrds.length - 1] !== sectionOrd) row.sectionOrds.push(sectionOrd);
  }
  return [...byConcept.values()];
}

/**
 * Recomputes the mentions of the given notes (all live notes when omitted)
 * against every concept, leaving out the underlines the person turned off.
 */
export function refreshMentions(
  repo: ConceptRepository,
  suppressions: MentionSuppressionRepository,
  noteIds: number[] = repo.liveNoteIds(),
  matcher = new TermMatcher(repo.terms()),
): void {
  for (const note of repo.noteTexts(noteIds)) {
    const suppressed = new SuppressedMatches(suppressions.inNote(note.id));
    repo.replaceMentions(
      note.id,
      'mentions',
      findMentions(note.text, repo.sectionStarts(note.id), repo.definingSections(note.id), matcher, suppressed),
    );
  }
  repo.settleMentions(noteIds);
}

/**
 * Finds the mentions of `noteIds` in transactions of `batchSize` notes (of
 * what `pacer` sizes them to, when given),
 * yielding after each one so a caller can give the event loop a turn.
 */
export function* indexMentionsInBatches(
  store: Store,
  noteIds: number[],
  batchSize = 250,
  pacer?: TransactionPacer,
): Generator<void, void, void> {
  const repo = store.repositories.concepts;
  const suppressions = store.repositories.mentionSuppressions;
  const matcher = new TermMatcher(repo.terms());
  const batch = (ids: number[]): void => store.transaction(() => refreshMentions(repo, suppressions, ids, matcher));
  for (let i = 0; i < noteIds.length;) {
    const size = pacer?.size ?? batchSize;
    const started = performance.now();
    batch(noteIds.slice(i, i + size));
    pacer?.record(Math.min(size, noteIds.length - i), performance.now() - started);
    i += size;
    if (i < noteIds.length) yield;
  }
}

/** The same, as a background job that lets other calls through between batches, each sized to be short (see transaction-pacing.ts). */
export async function indexMentionsAsync(store: Store, noteIds: number[], batchSize = 250): Promise<void> {
  for (const _ of indexMentionsInBatches(store, noteIds, batchSize, new TransactionPacer(batchSize)))
    await new Promise<void>((resolve) => setImmediate(resolve));
}
