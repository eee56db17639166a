import type { Doc, Unit } from './anchoring-oracle.js';

/**
 * The random edits of the anchoring benchmark, applied to a note's text as a
 * list of identified characters (see anchoring-oracle.ts). Each edit type
 * models one way a note changes between imports; targeted types aim at one
 * of the trial's annotations and record it in `targeted`.
 */

export type Rng = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [lo, hi]. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** An annotation being followed through edits: its original character ids and context sizes. */
export interface TrackedAnnotation {
  ids: { from: number; to: number };
  prefixLength: number;
  suffixLength: number;
}

export interface EditContext {
  rng: Rng;
  annotations: TrackedAnnotation[];
  /** Indices of annotations an edit aimed at. */
  targeted: Set<number>;
  /** Text from other notes, for insertions. */
  filler: (minPoints: number, maxPoints: number) => string;
  /** Next tag for a duplicated paragraph. */
  nextCopy: number;
}

export type ProjectionEdit = 'far' | 'typo' | 'context' | 'boundary' | 'move' | 'duplicate' | 'whitespace' | 'nfc' | 'delete';

function fresh(text: string): Unit[] {
  return Array.from(text, (s) => ({ s, id: -1, copy: 0 }));
}

/** Unit indices of the first and last surviving original character of an annotation. */
export function locate(doc: Doc, annotation: TrackedAnnotation): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  doc.forEach((unit, i) => {
    if (unit.copy === 0 && unit.id >= annotation.ids.from && unit.id < annotation.ids.to) {
      if (first < 0) first = i;
      last = i;
    }
  });
  return first < 0 ? null : { first, last };
}

/** A random annotation that still has characters, recorded as targeted. */
function target(doc: Doc, ctx: EditContext): { first: number; last: number; annotation: TrackedAnnotation } | null {
  const order = ctx.annotations.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = randInt(ctx.rng, 0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  for (const index of order) {
    const annotation = ctx.annotations[index] as TrackedAnnotation;
    const where = locate(doc, annotation);
    if (where) {
      ctx.targeted.add(index);
      return { ...where, annotation };
    }
  }
  return null;
}

const HAN = /\p{Script=Han}/u;

/** A plausible wrong character for `s`: another Han character of the note, a letter, a digit. */
function typoFor(doc: Doc, s: string, rng: Rng): string {
  if (HAN.test(s)) {
    for (let tries = 0; tries < 20; tries++) {
      const other = pick(rng, doc).s;
      if (other !== s && HAN.test(other)) return other;
    }
  }
  if (/[0-9]/.test(s)) return String((Number(s) + randInt(rng, 1, 9)) % 10);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let letter = pick(rng, [...letters]);
  if (letter === s) letter = letter === 'a' ? 'b' : 'a';
  return letter;
}

/** Inserts and deletes that touch no annotation and none of its stored context. */
function editFar(doc: Doc, ctx: EditContext): void {
  const zones = ctx.annotations.flatMap((annotation) => {
    const where = locate(doc, annotation);
    return where ? [[where.first - annotation.prefixLength - 4, where.last + annotation.suffixLength + 4] as const] : [];
  });
  const isClear = (from: number, to: number): boolean => zones.every(([a, b]) => to < a || from > b);
  const isInsert = ctx.rng() < 0.5;
  for (let tries = 0; tries < 400; tries++) {
    const at = randInt(ctx.rng, 0, doc.length);
    if (isInsert) {
      if (!isClear(at - 1, at)) continue;
      doc.splice(at, 0, ...fresh(ctx.filler(3, 60)));
      return;
    }
    const length = randInt(ctx.rng, 1, 40);
    if (at + length > doc.length || !isClear(at - 1, at + length)) continue;
    doc.splice(at, length);
    return;
  }
}

function editTypo(doc: Doc, ctx: EditContext): void {
  const hit = target(doc, ctx);
  if (!hit) return;
  const at = randInt(ctx.rng, hit.first, hit.last);
  const unit = doc[at] as Unit;
  const roll = ctx.rng();
  if (roll < 0.4) doc.splice(at, 1, ...fresh(typoFor(doc, unit.s, ctx.rng)));
  else if (roll < 0.6) doc.splice(at, 0, ...fresh(typoFor(doc, unit.s, ctx.rng)));
  else if (roll < 0.8) doc.splice(at, 1);
  else if (at < hit.last) doc.splice(at, 2, doc[at + 1] as Unit, unit);
}

/** An insert, delete or substitution inside the stored prefix or suffix, not touching the quote. */
function editContext(doc: Doc, ctx: EditContext): void {
  const hit = target(doc, ctx);
  if (!hit) return;
  const isBefore = ctx.rng() < 0.5;
  const reach = Math.max(1, isBefore ? hit.annotation.prefixLength : hit.annotation.suffixLength);
  const length = randInt(ctx.rng, 1, 6);
  const roll = ctx.rng();
  if (isBefore) {
    const lo = Math.max(0, hit.first - reach);
    if (roll < 0.4) doc.splice(randInt(ctx.rng, lo, hit.first), 0, ...fresh(ctx.filler(1, 6)));
    else {
      const from = randInt(ctx.rng, lo, Math.max(lo, hit.first - length));
      const count = Math.min(length, hit.first - from);
      doc.splice(from, count, ...(roll < 0.7 ? [] : fresh(ctx.filler(1, 3))));
    }
  } else {
    const hi = Math.min(doc.length, hit.last + 1 + reach);
    if (roll < 0.4) doc.splice(randInt(ctx.rng, hit.last + 1, hi), 0, ...fresh(ctx.filler(1, 6)));
    else {
      const from = randInt(ctx.rng, hit.last + 1, Math.max(hit.last + 1, hi - length));
      doc.splice(from, length, ...(roll < 0.7 ? [] : fresh(ctx.filler(1, 3))));
    }
  }
}

/** Deletes or replaces a stretch that crosses the quote's start or end. */
function editBoundary(doc: Doc, ctx: EditContext): void {
  const hit = target(doc, ctx);
  if (!hit) return;
  const inside = randInt(ctx.rng, 1, Math.max(1, Math.floor((hit.last - hit.first + 1) / 4)));
  const outside = randInt(ctx.rng, 1, 6);
  const from = ctx.rng() < 0.5 ? Math.max(0, hit.first - outside) : hit.last + 1 - inside;
  const count = inside + outside;
  doc.splice(from, count, ...(ctx.rng() < 0.5 ? [] : fresh(ctx.filler(1, 8))));
}

/** Unit range [start, end) of the line holding `at`, with its line end (or the one before it, for the last line). */
function paragraphAt(doc: Doc, at: number): { start: number; end: number } {
  let start = at;
  while (start > 0 && (doc[start - 1] as Unit).s !== '\n') start--;
  let end = at;
  while (end < doc.length && (doc[end] as Unit).s !== '\n') end++;
  if (end < doc.length) return { start, end: end + 1 };
  return { start: Math.max(0, start - 1), end };
}

function lineStarts(doc: Doc): number[] {
  const starts = [0];
  doc.forEach((unit, i) => {
    if (unit.s === '\n') starts.push(i + 1);
  });
  return starts;
}

function editMove(doc: Doc, ctx: EditContext): void {
  const hit = target(doc, ctx);
  if (!hit) return;
  const paragraph = paragraphAt(doc, hit.first);
  const moved = doc.splice(paragraph.start, paragraph.end - paragraph.start);
  const isLastLine = (moved[0] as Unit).s === '\n';
  const places = lineStarts(doc).filter((at) => at !== paragraph.start);
  const at = places.length > 0 ? pick(ctx.rng, places) : doc.length;
  // The last line travels with the line end before it; elsewhere it needs one after it.
  const block = isLastLine ? [...moved.slice(1), moved[0] as Unit] : moved;
  doc.splice(at, 0, ...block);
}

function editDuplicate(doc: Doc, ctx: EditContext): void {
  const hit = target(doc, ctx);
  if (!hit) return;
  const paragraph = paragraphAt(doc, hit.first);
  const copy = ctx.nextCopy++;
  const units = doc.slice(paragraph.start, paragraph.end).map((unit) => ({ ...unit, copy }));
  const roll = ctx.rng();
  const at = roll < 0.4 ? paragraph.end : roll < 0.8 ? paragraph.start : pick(ctx.rng, lineStarts(doc));
  doc.splice(at, 0, ...units);
}

/** A space added or removed, a space doubled, a tab turned into a space, a line split — in or near an annotation. */
function editWhitespace(doc: Doc, ctx: EditContext): void {
  const hit = target(doc, ctx);
  if (!hit) return;
  const lo = Math.max(0, hit.first - 16);
  const hi = Math.min(doc.length - 1, hit.last + 16);
  const spaces: number[] = [];
  for (let i = lo; i <= hi; i++) if ((doc[i] as Unit).s === ' ' || (doc[i] as Unit).s === '\t') spaces.push(i);
  const roll = ctx.rng();
  if (roll < 0.35 || spaces.length === 0) {
    doc.splice(randInt(ctx.rng, lo, hi + 1), 0, ...fresh(roll < 0.3 ? ' ' : '\n'));
  } else if (roll < 0.7) {
    doc.splice(pick(ctx.rng, spaces), 1);
  } else {
    const at = pick(ctx.rng, spaces);
    doc.splice(at, 1, ...fresh((doc[at] as Unit).s === '\t' ? ' ' : '  '));
  }
}

/** Re-saves the text around an annotation in NFD: each character keeps its identity. */
function editNfd(doc: Doc, ctx: EditContext): void {
  const hit = target(doc, ctx);
  if (!hit) return;
  for (let i = Math.max(0, hit.first - 40); i <= Math.min(doc.length - 1, hit.last + 40); i++) {
    const unit = doc[i] as Unit;
    doc[i] = { ...unit, s: unit.s.normalize('NFD') };
  }
}

function editDelete(doc: Doc, ctx: EditContext): void {
  const hit = target(doc, ctx);
  if (!hit) return;
  const from = Math.max(0, hit.first - randInt(ctx.rng, 0, 2));
  doc.splice(from, hit.last + 1 + randInt(ctx.rng, 0, 2) - from);
}

const EDITS: Record<ProjectionEdit, (doc: Doc, ctx: EditContext) => void> = {
  far: editFar,
  typo: editTypo,
  context: editContext,
  boundary: editBoundary,
  move: editMove,
  duplicate: editDuplicate,
  whitespace: editWhitespace,
  nfc: editNfd,
  delete: editDelete,
};

/** Applies `count` edits of one type to a copy of `doc`. */
export function applyEdits(doc: Doc, type: ProjectionEdit, count: number, ctx: EditContext): Doc {
  const edited = doc.slice();
  for (let i = 0; i < count; i++) EDITS[type](edited, ctx);
  return edited;
}
