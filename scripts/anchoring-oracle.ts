/**
 * The character-identity oracle of the anchoring benchmark. A note's text is
 * a list of characters (code points), each carrying the id it had in the
 * original text; edits move, copy, drop or add characters, and the truth for
 * an annotation is wherever its characters ended up.
 *
 * - Inserted characters have id -1: they belong to no annotation.
 * - A duplicated paragraph keeps its ids under a new `copy` tag. A copy is the
 *   same text, indistinguishable to a reader, so an annotation landing on any
 *   copy of its characters counts (the benchmark reports how often it did).
 * - NFD-decomposing a character keeps its id (é and e + ◌́ are one character).
 */

/** One character (code point, or a decomposed base with its marks) and its identity. */
export interface Unit {
  s: string;
  id: number;
  copy: number;
}

export type Doc = Unit[];

/** A span in UTF-16 code units of a text. */
export interface Span {
  start: number;
  end: number;
}

/** Where an annotation's characters are now, and which copy of them (0: the original). */
export interface TruthSpan extends Span {
  copy: number;
}

/** Splits a text into units whose ids are their indices. */
export function docFromText(text: string): Doc {
  return Array.from(text, (s, id) => ({ s, id, copy: 0 }));
}

export function textOf(doc: Doc): string {
  let text = '';
  for (const unit of doc) text += unit.s;
  return text;
}

/** Code-unit offset of each unit, plus the total length at the end. */
export function unitOffsets(doc: Doc): number[] {
  const offsets = new Array<number>(doc.length + 1);
  let at = 0;
  doc.forEach((unit, i) => {
    offsets[i] = at;
    at += unit.s.length;
  });
  offsets[doc.length] = at;
  return offsets;
}

/** The ids [from, to) of the units covering text span `span` of an unedited doc. */
export function idsOfSpan(doc: Doc, span: Span): { from: number; to: number } {
  const offsets = unitOffsets(doc);
  let from = -1;
  let to = -1;
  for (let i = 0; i < doc.length; i++) {
    const at = offsets[i] as number;
    if (at >= span.start && at < span.end) {
      if (from < 0) from = (doc[i] as Unit).id;
      to = (doc[i] as Unit).id + 1;
    }
  }
  return from < 0 ? { from: 0, to: 0 } : { from, to };
}

/**
 * Where an annotation's characters are now: for each copy, the largest
 * cluster of them (a gap wider than half the original span, and at least 16
 * units, splits clusters — the rest went elsewhere with a moved paragraph),
 * kept if it holds at least half the original characters. No span means the
 * annotated text was deleted.
 */
export function truthSpans(doc: Doc, ids: { from: number; to: number }): TruthSpan[] {
  const total = ids.to - ids.from;
  if (total <= 0) return [];
  const maxGap = Math.max(16, Math.floor(total / 2));
  const offsets = unitOffsets(doc);
  interface Cluster {
    start: number;
    end: number;
    count: number;
    lastIndex: number;
  }
  const open = new Map<number, Cluster>();
  const best = new Map<number, Cluster>();
  const close = (copy: number, cluster: Cluster): void => {
    const kept = best.get(copy);
    if (!kept || cluster.count > kept.count) best.set(copy, cluster);
  };
  doc.forEach((unit, i) => {
    if (unit.id < ids.from || unit.id >= ids.to) return;
    const cluster = open.get(unit.copy);
    if (cluster && i - cluster.lastIndex <= maxGap) {
      cluster.end = offsets[i + 1] as number;
      cluster.count++;
      cluster.lastIndex = i;
      return;
    }
    if (cluster) close(unit.copy, cluster);
    open.set(unit.copy, { start: offsets[i] as number, end: offsets[i + 1] as number, count: 1, lastIndex: i });
  });
  for (const [copy, cluster] of open) close(copy, cluster);
  return [...best.entries()]
    .filter(([, cluster]) => cluster.count * 2 >= total)
    .map(([copy, { start, end }]) => ({ start, end, copy }))
    .sort((a, b) => a.copy - b.copy);
}

/** Character F1 of two spans: 2·overlap / (|a| + |b|). */
export function spanF1(a: Span, b: Span): number {
  const overlap = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const sum = a.end - a.start + (b.end - b.start);
  return sum === 0 ? 0 : (2 * overlap) / sum;
}

/**
 * What happened to one annotation, mutually exclusive:
 * - exact: anchored on exactly a truth span;
 * - near: anchored with F1 ≥ 0.8 against the best truth span (not exact);
 * - rightOrphan: the truth says deleted and the annotation became an orphan (correct);
 * - partial: anchored with 0.2 ≤ F1 < 0.8;
 * - missed: an orphan although its text survives;
 * - wrong: anchored while the truth says deleted, or F1 < 0.2.
 */
export type Outcome = 'exact' | 'near' | 'rightOrphan' | 'partial' | 'missed' | 'wrong';

export const CORRECT_F1 = 0.8;
export const WRONG_F1 = 0.2;

/** Classifies an anchoring result (`null` for an orphan) against the truth spans. */
export function classify(anchored: Span | null, truth: TruthSpan[]): { outcome: Outcome; f1: number; onCopy: boolean } {
  if (truth.length === 0) return { outcome: anchored ? 'wrong' : 'rightOrphan', f1: 0, onCopy: false };
  if (!anchored) return { outcome: 'missed', f1: 0, onCopy: false };
  let f1 = -1;
  let index = 0;
  truth.forEach((span, i) => {
    const score = spanF1(anchored, span);
    if (score > f1) {
      f1 = score;
      index = i;
    }
  });
  const match = truth[index] as TruthSpan;
  const onCopy = match.copy !== 0;
  if (match.start === anchored.start && match.end === anchored.end) return { outcome: 'exact', f1, onCopy };
  if (f1 >= CORRECT_F1) return { outcome: 'near', f1, onCopy };
  if (f1 < WRONG_F1) return { outcome: 'wrong', f1, onCopy };
  return { outcome: 'partial', f1, onCopy };
}

/**
 * Carries ids across a change made to the note source and re-projected: the
 * characters of the longest common subsequence of old and new text keep
 * their ids, the rest are new. For an unchanged projection this is the identity.
 */
export function carryIds(before: Doc, after: string): Doc {
  const next = docFromText(after).map((unit) => ({ ...unit, id: -1 }));
  let head = 0;
  while (head < before.length && head < next.length && (before[head] as Unit).s === (next[head] as Unit).s) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < next.length - head &&
    (before[before.length - 1 - tail] as Unit).s === (next[next.length - 1 - tail] as Unit).s
  )
    tail++;
  const keep = (from: number, to: number): void => {
    next[to] = { ...(next[to] as Unit), id: (before[from] as Unit).id, copy: (before[from] as Unit).copy };
  };
  for (let i = 0; i < head; i++) keep(i, i);
  for (let i = 1; i <= tail; i++) keep(before.length - i, next.length - i);
  // LCS of the changed middle (small for the edits the benchmark makes).
  const a = before.slice(head, before.length - tail);
  const b = next.slice(head, next.length - tail);
  if (a.length > 0 && b.length > 0 && a.length * b.length <= 4_000_000) {
    const width = b.length + 1;
    const lcs = new Uint16Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i * width + j] =
          (a[i] as Unit).s === (b[j] as Unit).s
            ? (lcs[(i + 1) * width + j + 1] as number) + 1
            : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
      }
    }
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
      if ((a[i] as Unit).s === (b[j] as Unit).s) keep(head + i++, head + j++);
      else if ((lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number)) i++;
      else j++;
    }
  }
  return next;
}
