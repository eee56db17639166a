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
 *
 * Environment: BENCH_TRIALS (trials per note, default 25), BENCH_NOTES_DIR,
 * BENCH_ANCHORING_DUMP=n (print n missed cases with the matcher's view;
 * BENCH_ANCHORING_ROWS=typo,move to pick rows), BENCH_ANCHORING_ANALYZE=file
 * (one JSON line per case, for re-fitting the weights in scoring.ts).
 */
import { writeFileSync } from 'node:fs';
import { anchorAll } from '../main/annotations/anchoring.js';
import type { AnchorTarget } from '../main/annotations/selectors.js';
import { starterNotesDir } from '../main/app-paths.js';
import { analysisLine, explainCase, formatCauses, missRecord } from './anchoring-diagnostics.js';
import type { MissRecord } from './anchoring-diagnostics.js';
import type { TrackedAnnotation } from './anchoring-edits.js';
import { classify, textOf, truthSpans } from './anchoring-oracle.js';
import { formatTable, newTally, summarize } from './anchoring-report.js';
import type { Tally } from './anchoring-report.js';
import { benchReanchorTiming } from './anchoring-timing.js';
import { ANNOTATIONS_PER_TRIAL, EDIT_COUNTS, EDIT_TYPES, UNTARGETED, loadStarterNotes, runTrial } from './anchoring-trials.js';

const TRIALS_PER_NOTE = Number(process.env.BENCH_TRIALS ?? 25);
const DUMP = Number(process.env.BENCH_ANCHORING_DUMP ?? 0);
const DUMP_ROWS = process.env.BENCH_ANCHORING_ROWS?.split(',');
const ANALYZE = process.env.BENCH_ANCHORING_ANALYZE;

function main(): void {
  const notes = loadStarterNotes(process.env.BENCH_NOTES_DIR ?? starterNotesDir());
  const pool = notes.map((note) => note.text);
  const tallies = new Map<string, Tally>();
  const tallyOf = (row: string, count: number): Tally => {
    const key = `${row}\u0000${count}`;
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = newTally(row, count)));
    return tally;
  };
  const misses: MissRecord[] = [];
  const dumped: string[] = [];
  const analysis: string[] = [];
  const started = performance.now();
  for (const type of EDIT_TYPES) {
    for (const count of EDIT_COUNTS) {
      for (let trial = 0; trial < TRIALS_PER_NOTE; trial++) {
        for (const note of notes) {
          const { doc, targets, tracked, targeted } = runTrial(note, pool, type, count, trial);
          const edited = textOf(doc);
          anchorAll(targets, edited).forEach((result, i) => {
            const target = targets[i] as AnchorTarget;
            const anchored = result.state === 'anchored' ? { start: result.target.start, end: result.target.end } : null;
            const truth = truthSpans(doc, (tracked[i] as TrackedAnnotation).ids);
            const { outcome, onCopy } = classify(anchored, truth);
            const row = UNTARGETED.has(type) || targeted.has(i) ? type : 'bystanders';
            tallyOf(row, count).add(outcome, onCopy);
            if (ANALYZE) analysis.push(analysisLine(row, count, target, edited, truth));
            if (outcome === 'exact' || outcome === 'rightOrphan' || outcome === 'near') return;
            const record = missRecord(row, count, outcome, target, result, edited, truth);
            misses.push(record);
            if (dumped.length < DUMP && (!DUMP_ROWS || DUMP_ROWS.includes(row)))
              dumped.push(JSON.stringify({ ...record, matcher: explainCase(target, edited) }));
          });
        }
      }
    }
  }
  const qualitySeconds = (performance.now() - started) / 1000;
  if (ANALYZE) writeFileSync(ANALYZE, analysis.join('\n'));

  const rows = [...tallies.values()];
  console.log(formatTable(rows, EDIT_TYPES));
  console.log('');
  for (const line of formatCauses(misses)) console.log(line);
  console.log('');
  console.log(
    `quality run: ${qualitySeconds.toFixed(1)} s, ${notes.length} starter notes, ${TRIALS_PER_NOTE} trials per note × type × edit count, ${ANNOTATIONS_PER_TRIAL} annotations per trial`,
  );
  const timing = benchReanchorTiming(pool);
  for (const line of timing.lines) console.log(line);
  for (const line of dumped) console.log(line);
  const overall = summarize(rows.filter((tally) => tally.row !== 'bystanders'));
  const round = (rate: number): number => Number(rate.toFixed(4));
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

main();
