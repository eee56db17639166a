import { anchorAll } from '../main/annotations/anchoring.js';
import { describeSpan } from '../main/annotations/selectors.js';
import type { AnchorTarget } from '../main/annotations/selectors.js';
import { applyEdits, seededRng } from './anchoring-edits.js';
import type { EditContext, ProjectionEdit, TrackedAnnotation } from './anchoring-edits.js';
import { docFromText, idsOfSpan, textOf } from './anchoring-oracle.js';
import { randomSpan } from './anchoring-trials.js';

/**
 * Timing of re-anchoring one note with 500 annotations through anchorAll,
 * after a handful of mixed edits — with and without a line added at the top
 * (which moves every annotation off its old position).
 */

const ANNOTATIONS = 500;
const RUNS = 40;
const WARMUP = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface Scenario {
  name: string;
  inputs: { text: string; targets: AnchorTarget[] }[];
}

function scenario(name: string, base: string, filler: string, isTopInsert: boolean): Scenario {
  const inputs = [];
  for (let run = 0; run < RUNS + WARMUP; run++) {
    const rng = seededRng(7919 * (run + 1) + (isTopInsert ? 1 : 0));
    const doc = docFromText(base);
    const targets: AnchorTarget[] = [];
    const tracked: TrackedAnnotation[] = [];
    for (let i = 0; i < ANNOTATIONS; i++) {
      const span = randomSpan(base, rng);
      const target = describeSpan(base, span.start, span.end);
      targets.push(target);
      tracked.push({ ids: idsOfSpan(doc, target), prefixLength: target.quote.prefix.length, suffixLength: target.quote.suffix.length });
    }
    const ctx: EditContext = { rng, annotations: tracked, targeted: new Set(), filler: () => filler, nextCopy: 1 };
    let edited = doc;
    for (const type of ['typo', 'context', 'boundary', 'move', 'delete'] as ProjectionEdit[]) edited = applyEdits(edited, type, 1, ctx);
    const text = textOf(edited);
    inputs.push({ text: isTopInsert ? `新增的一行说明。\n${text}` : text, targets });
  }
  return { name, inputs };
}

function time(s: Scenario): { p50: number; p95: number; methods: Record<string, number> } {
  const times: number[] = [];
  const methods: Record<string, number> = {};
  s.inputs.forEach((input, run) => {
    const started = performance.now();
    const results = anchorAll(input.targets, input.text);
    const elapsed = performance.now() - started;
    if (run < WARMUP) return;
    times.push(elapsed);
    for (const result of results) {
      const key = result.state === 'anchored' ? result.method : 'orphan';
      methods[key] = (methods[key] ?? 0) + 1;
    }
  });
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), methods };
}

/** Runs the timing scenarios; `p95` is the worst scenario's p95 in ms. */
export function benchReanchorTiming(texts: string[]): { p95: number; lines: string[] } {
  const longest = texts.reduce((a, b) => (b.length > a.length ? b : a), '');
  const filler = (texts[0] ?? 'filler').slice(0, 40).replace(/\n/g, '');
  const scenarios = [
    scenario(`5 edits, note of ${longest.length} chars`, longest, filler, false),
    scenario('same + a line added at the top', longest, filler, true),
  ];
  let worst = 0;
  const lines = [`re-anchoring ${ANNOTATIONS} annotations with anchorAll (${RUNS} runs after ${WARMUP} warm-up):`];
  for (const s of scenarios) {
    const t = time(s);
    worst = Math.max(worst, t.p95);
    const methods = Object.entries(t.methods)
      .map(([method, n]) => `${method} ${((n / (RUNS * ANNOTATIONS)) * 100).toFixed(1)}%`)
      .join(', ');
    lines.push(`  ${s.name.padEnd(40)} p50 ${t.p50.toFixed(2)} ms  p95 ${t.p95.toFixed(2)} ms  (${methods})`);
  }
  return { p95: worst, lines };
}
