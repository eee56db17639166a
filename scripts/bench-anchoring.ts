/**
 * npm run bench:anchoring — how well annotations survive edits to their note.
 *
 * Ground truth comes from a character-identity oracle (anchoring-oracle.ts):
 * every character of a starter note's text projection gets an id, random
 * annotations (5–120 code units, mostly inside one line) are drawn on it, and
 * random edits of one type (anchoring-edits.ts) are applied 1, 5 or 20 times
 * to the id list — or, for CRLF and front-matter changes, to the note source,
 * which is re-run through buildNoteContent and its ids carried over by LCS.
 * Every annotation is then re-anchored with anchorAll on the edited text.
 *
 * Truth: the span (UTF-16 code units) from the first to the last surviving
 * character of the annotation, per copy (a duplicated paragraph keeps its ids,
 * so landing on either copy counts); the largest cluster only when a move tore
 * the characters apart; deleted when fewer than half the characters survive.
 *
 * Classification of each annotation (mutually exclusive, see classify()):
 *   exact        anchored on exactly the truth span
 *   near         anchored, character F1 ≥ 0.8 with the truth, not exact
 *   rightOrphan  orphan, and the truth says deleted — the right answer
 *   partial      anchored, 0.2 ≤ F1 < 0.8
 *   missed       orphan although the text survives
 *   wrong        anchored while the truth says deleted, or F1 < 0.2
 * Reported rates: exact; correct = exact + near + rightOrphan (so an orphan is
 * correct exactly when its text was deleted — the "delete" rows); orphan =
 * rightOrphan + missed; wrong.
 *
 * Rows: for edit types aimed at one annotation (typo, context, boundary, move,
 * duplicate, whitespace, nfc, delete) a row counts the annotations an edit
 * aimed at; the other annotations of those trials are reported apart as
 * "bystanders" and left out of the overall figures. For far, crlf and
 * frontmatter every annotation counts. Deterministic: seeded PRNG.
 */
import { writeFileSync } from 'node:fs';
import { anchorAll, explainAnchor } from '../main/annotations/anchoring.js';
import type { AnchorTarget } from '../main/annotations/selectors.js';
import { starterNotesDir } from '../main/app-paths.js';
import type { TrackedAnnotation } from './anchoring-edits.js';
import { classify, textOf, truthSpans } from './anchoring-oracle.js';
import type { Outcome } from './anchoring-oracle.js';
import { benchReanchorTiming } from './anchoring-timing.js';
import { formatTable, newTally, summarize } from './anchoring-report.js';
import type { Tally } from './anchoring-report.js';
import { ANNOTATIONS_PER_TRIAL, EDIT_COUNTS, EDIT_TYPES, UNTARGETED, loadStarterNotes, runTrial } from './anchoring-trials.js';

const TRIALS_PER_NOTE = Number(process.env.BENCH_TRIALS ?? 25);

interface CaseRecord {
  row: string;
  count: number;
  outcome: Outcome;
  onCopy: boolean;
  method: string;
  score: number;
  why: string;
  quote: string;
  found: string;
  truth: string;
}

function main(): void {
  const notes = loadStarterNotes(process.env.BENCH_NOTES_DIR ?? starterNotesDir());
  const pool = notes.map((note) => note.text);
  const tallies = new Map<string, Tally>();
  const dump: CaseRecord[] = [];
  const tallyOf = (row: string, count: number): Tally => {
    const key = `${row}\u0000${count}`;
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = newTally(row, count)));
    return tally;
  };
  const analysis: string[] | undefined = process.env.BENCH_ANCHORING_ANALYZE ? [] : undefined;
  const started = performance.now();
  for (const type of EDIT_TYPES) {
    for (const count of EDIT_COUNTS) {
      for (let trial = 0; trial < TRIALS_PER_NOTE; trial++) {
        for (const note of notes) {
          const { doc, targets, tracked, targeted } = runTrial(note, pool, type, count, trial);
          const edited = textOf(doc);
          const results = anchorAll(targets, edited);
          results.forEach((result, i) => {
            const anchored = result.state === 'anchored' ? { start: result.target.start, end: result.target.end } : null;
            const truth = truthSpans(doc, (tracked[i] as TrackedAnnotation).ids);
            const verdict = classify(anchored, truth);
            const row = UNTARGETED.has(type) || targeted.has(i) ? type : 'bystanders';
            tallyOf(row, count).add(verdict.outcome, verdict.onCopy);
            if (analysis) {
              const target = targets[i] as AnchorTarget;
              const top = explainAnchor(target, edited, 10);
              const best = top[0];
              analysis.push(JSON.stringify({
                row, count, outcome: verdict.outcome, hint: target.start, n: edited.length, m: target.quote.exact.length, pl: target.quote.prefix.length, sl: target.quote.suffix.length,
                top: top.map((c) => ({ ...c.parts, errors: c.errors, score: c.score, evidence: c.evidence, start: c.start, end: c.end })),
                deleted: truth.length === 0, truth: truth.map((t) => [t.start, t.end]),
                permissive: best ? classify({ start: best.start, end: best.end }, truth).outcome : 'missed',
              }));
            }
            if (verdict.outcome !== 'exact' && verdict.outcome !== 'rightOrphan') {
              dump.push({
                row,
                count,
                outcome: verdict.outcome,
                onCopy: verdict.onCopy,
                method: result.state === 'anchored' ? result.method : 'orphan',
                score: Number(result.score.toFixed(3)),
                why: explain(targets[i] as AnchorTarget, edited),
                quote: (targets[i] as AnchorTarget).quote.exact,
                found: anchored ? edited.slice(anchored.start, anchored.end) : '',
                truth: truth[0] ? edited.slice(truth[0].start, truth[0].end) : '',
              });
            }
          });
        }
      }
    }
  }
  const qualitySeconds = (performance.now() - started) / 1000;
  if (analysis && process.env.BENCH_ANCHORING_ANALYZE) writeFileSync(process.env.BENCH_ANCHORING_ANALYZE, analysis.join('\n'));
  const rows = [...tallies.values()];
  console.log(formatTable(rows, EDIT_TYPES));
  const overall = summarize(rows.filter((tally) => tally.row !== 'bystanders'));
  const timing = benchReanchorTiming(notes.map((note) => note.text), pool);
  console.log('');
  console.log(`quality run: ${qualitySeconds.toFixed(1)} s, ${notes.length} starter notes, ${TRIALS_PER_NOTE} trials per note × type × edit count, ${ANNOTATIONS_PER_TRIAL} annotations per trial`);
  for (const line of timing.lines) console.log(line);
  if (process.env.BENCH_ANCHORING_DUMP) {
    const rowFilter = process.env.BENCH_ANCHORING_ROWS?.split(',');
    const misses = dump.filter((record) => (record.outcome !== 'near' || process.env.BENCH_ANCHORING_DUMP_NEAR) && (!rowFilter || rowFilter.includes(record.row)));
    console.log(`\n${misses.length} cases not exact (and not a right orphan):`);
    for (const record of misses.slice(0, Number(process.env.BENCH_ANCHORING_DUMP))) console.log(JSON.stringify(record));
  }
  console.log(
    JSON.stringify({
      cases: overall.cases,
      exact: round(overall.exact),
      correct: round(overall.correct),
      orphan: round(overall.orphan),
      wrong: round(overall.wrong),
      reanchorMsP95: Number(timing.p95.toFixed(2)),
    }),
  );
}

function explain(target: AnchorTarget, text: string): string {
  return explainAnchor(target, text, 2)
    .map((c) => `${c.start}-${c.end} e${c.errors} q${c.parts.quote.toFixed(2)} p${c.parts.prefix.toFixed(2)} s${c.parts.suffix.toFixed(2)} ev${c.evidence.toFixed(0)} =${c.score.toFixed(3)}`)
    .join(' | ');
}

function round(rate: number): number {
  return Number(rate.toFixed(4));
}

main();
