import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeSpan } from '../main/annotations/selectors.js';
import type { AnchorTarget } from '../main/annotations/selectors.js';
import { buildNoteContent } from '../main/import/note-content.js';
import { applyEdits, pick, randInt, seededRng } from './anchoring-edits.js';
import { withComposedWords, withCrlf, withFrontMatterEdits } from './anchoring-source-edits.js';
import type { EditContext, ProjectionEdit, Rng, TrackedAnnotation } from './anchoring-edits.js';
import { carryIds, docFromText, idsOfSpan } from './anchoring-oracle.js';
import type { Doc, Span } from './anchoring-oracle.js';

/** One trial of the anchoring benchmark: a starter note, random annotations on it, and edits of one type. */

export type EditType = ProjectionEdit | 'crlf' | 'frontmatter';
export const EDIT_TYPES: EditType[] = [
  'far',
  'typo',
  'context',
  'boundary',
  'move',
  'duplicate',
  'whitespace',
  'crlf',
  'nfc',
  'frontmatter',
  'delete',
];
export const UNTARGETED = new Set<EditType>(['far', 'crlf', 'frontmatter']);
export const EDIT_COUNTS = [1, 5, 20];
export const ANNOTATIONS_PER_TRIAL = 8;

export interface Note {
  path: string;
  source: string;
  text: string;
}

export function loadStarterNotes(dir: string): Note[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const bytes = readFileSync(join(dir, file));
      const content = buildNoteContent(bytes, file);
      return { path: file, source: content.source, text: content.text };
    });
}

/** A random selection: 5–120 code units (log-uniform), inside one line 85% of the time, no edge whitespace. */
export function randomSpan(text: string, rng: Rng): Span {
  for (let tries = 0; tries < 1000; tries++) {
    let start = randInt(rng, 0, text.length - 1);
    if (/\s/.test(text[start] as string)) continue;
    if (/[\udc00-\udfff]/.test(text[start] as string)) start--;
    const length = Math.round(Math.exp(Math.log(5) + rng() * (Math.log(120) - Math.log(5))));
    let end = Math.min(text.length, start + length);
    if (rng() < 0.85) {
      const lineEnd = text.indexOf('\n', start);
      if (lineEnd >= 0) end = Math.min(end, lineEnd);
    }
    if (/[\ud800-\udbff]/.test(text[end - 1] as string)) end++;
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (end - start >= 5) return { start, end };
  }
  throw new Error('no room for an annotation');
}

function fillerFrom(pool: string[], rng: Rng): (min: number, max: number) => string {
  return (min, max) => {
    const points = Array.from(pick(rng, pool).replace(/\n/g, ''));
    const length = randInt(rng, min, max);
    const from = randInt(rng, 0, Math.max(0, points.length - length));
    return points.slice(from, from + length).join('');
  };
}

function seedOf(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const ch of parts.join('|')) h = Math.imul(h ^ (ch.codePointAt(0) as number), 16777619);
  return h >>> 0;
}

export interface Trial {
  doc: Doc;
  targets: AnchorTarget[];
  tracked: TrackedAnnotation[];
  targeted: Set<number>;
}

export function runTrial(note: Note, pool: string[], type: EditType, count: number, trial: number): Trial {
  const rng = seededRng(seedOf(type, count, trial, note.path));
  const text = type === 'nfc' ? withComposedWords(note.text, rng) : note.text;
  const base = docFromText(text);
  const targets: AnchorTarget[] = [];
  const tracked: TrackedAnnotation[] = [];
  for (let i = 0; i < ANNOTATIONS_PER_TRIAL; i++) {
    const span = randomSpan(text, rng);
    const target = describeSpan(text, span.start, span.end);
    targets.push(target);
    tracked.push({ ids: idsOfSpan(base, target), prefixLength: target.quote.prefix.length, suffixLength: target.quote.suffix.length });
  }
  const ctx: EditContext = { rng, annotations: tracked, targeted: new Set(), filler: fillerFrom(pool, rng), nextCopy: 1 };
  let doc: Doc;
  if (type === 'crlf' || type === 'frontmatter') {
    const source = type === 'crlf' ? withCrlf(note.source, count, rng) : withFrontMatterEdits(note.source, count, rng);
    doc = carryIds(base, buildNoteContent(new TextEncoder().encode(source), note.path).text);
  } else {
    doc = applyEdits(base, type, count, ctx);
  }
  return { doc, targets, tracked, targeted: ctx.targeted };
}
