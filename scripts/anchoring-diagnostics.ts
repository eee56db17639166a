import { explainAnchor } from '../main/annotations/anchoring.js';
import type { AnchorResult } from '../main/annotations/anchoring.js';
import type { AnchorTarget } from '../main/annotations/selectors.js';
import { editDistance } from '../main/annotations/scoring.js';
import { classify } from './anchoring-oracle.js';
import type { Outcome, Span, TruthSpan } from './anchoring-oracle.js';

/**
 * Diagnostics of the anchoring benchmark: why cases miss, and the raw
 * material for re-tuning (BENCH_ANCHORING_ANALYZE writes one JSON line per
 * case with the best candidates and their score parts; the confidence
 * weights in main/annotations/scoring.ts were fitted on such a file).
 */

/** One case that was not exact, with what the matcher and the oracle saw. */
export interface MissRecord {
  row: string;
  count: number;
  outcome: Outcome;
  cause: string;
  method: string;
  score: number;
  quote: string;
  found: string;
  truth: string;
}

/**
 * Why a case missed, in words: for an orphan whose text survives, whether
 * that text is more than 40% different from the quote (an approximate match
 * may not go that far) or the quote survives but its context does not; for a
 * wrong anchor, whether the annotated text was deleted or survives, while a
 * similar passage elsewhere won.
 */
export function missCause(outcome: Outcome, quote: string, truthText: string, isDeleted: boolean): string | undefined {
  if (outcome === 'missed') {
    const similarity = 1 - editDistance(quote, truthText) / Math.max(1, quote.length, truthText.length);
    return similarity < 0.6 ? 'orphan: surviving text >40% changed' : 'orphan: context lost, too little evidence';
  }
  if (outcome === 'wrong') return isDeleted ? 'wrong: text deleted, similar passage elsewhere' : 'wrong: similar passage elsewhere won';
  if (outcome === 'partial') return 'partial: 0.2 ≤ F1 < 0.8';
  return undefined;
}

export function missRecord(
  row: string,
  count: number,
  outcome: Outcome,
  target: AnchorTarget,
  result: AnchorResult,
  text: string,
  truth: TruthSpan[],
): MissRecord {
  const truthText = truth[0] ? text.slice(truth[0].start, truth[0].end) : '';
  return {
    row,
    count,
    outcome,
    cause: missCause(outcome, target.quote.exact, truthText, truth.length === 0) ?? outcome,
    method: result.state === 'anchored' ? result.method : 'orphan',
    score: Number(result.score.toFixed(3)),
    quote: target.quote.exact,
    found: result.state === 'anchored' ? text.slice(result.target.start, result.target.end) : '',
    truth: truthText,
  };
}

/** The matcher's view of a case, for a human: confidence and the two best candidates. */
export function explainCase(target: AnchorTarget, text: string): string {
  const { candidates, confidence } = explainAnchor(target, text, 2);
  const parts = candidates.map(
    (c) =>
      `${c.start}-${c.end} e${c.errors} q${c.parts.quote.toFixed(2)} p${c.parts.prefix.toFixed(2)} s${c.parts.suffix.toFixed(2)} ev${c.evidence.toFixed(0)} =${c.score.toFixed(3)}`,
  );
  return `confidence ${confidence.toFixed(2)}: ${parts.join(' | ')}`;
}

/** One line of the tuning file: the case, its truth, and the ten best candidates with their score parts. */
export function analysisLine(row: string, count: number, target: AnchorTarget, text: string, truth: TruthSpan[]): string {
  const candidates = explainAnchor(target, text, 10).candidates;
  const best: Span | undefined = candidates[0];
  return JSON.stringify({
    row,
    count,
    hint: target.start,
    n: text.length,
    m: target.quote.exact.length,
    pl: target.quote.prefix.length,
    sl: target.quote.suffix.length,
    top: candidates.map((c) => ({
      ...c.parts,
      line: c.isLineIntact,
      errors: c.errors,
      score: c.score,
      evidence: c.evidence,
      start: c.start,
      end: c.end,
    })),
    deleted: truth.length === 0,
    truth: truth.map((t) => [t.start, t.end]),
    permissive: best ? classify({ start: best.start, end: best.end }, truth).outcome : 'missed',
  });
}

/** Counts of miss causes per edit type, as lines of text. */
export function formatCauses(records: MissRecord[]): string[] {
  const counts = new Map<string, Map<string, number>>();
  for (const record of records) {
    if (record.outcome === 'near') continue;
    const byCause = counts.get(record.row) ?? new Map<string, number>();
    byCause.set(record.cause, (byCause.get(record.cause) ?? 0) + 1);
    counts.set(record.row, byCause);
  }
  const lines = ['why cases miss (counts; bystanders included):'];
  for (const [row, byCause] of counts) {
    const parts = [...byCause].sort((a, b) => b[1] - a[1]).map(([cause, n]) => `${cause} ${n}`);
    lines.push(`  ${row.padEnd(12)} ${parts.join('; ')}`);
  }
  return lines;
}
