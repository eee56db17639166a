import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { chooseTitle, splitFrontMatter } from '../main/markdown/front-matter.js';
import { parseMarkdown } from '../main/markdown/pipeline.js';
import { projectTokens } from '../main/markdown/projection.js';
import { findQuestions, type FoundQuestion } from '../main/markdown/questions.js';
import { fileTitle } from '../main/markdown/note-title.js';

/**
 * Prints the questions found in the given notes, one line each with the
 * answer's first and last line, and, for a note with a hand-written
 * `NAME.expected.json` beside it, recall, look-alikes per 100 cards and the
 * share of answered questions whose answer lines are right.
 * Usage: npx jiti scripts/question-report.ts FILE…
 */

interface Expected {
  line: number;
  text: string;
  answerFirstLine: number | null;
  answerLastLine: number | null;
}

function questionsOf(path: string): FoundQuestion[] {
  const source = readFileSync(path, 'utf8');
  const front = splitFrontMatter(source);
  const tokens = parseMarkdown(front.body, { notePath: basename(path) });
  const projection = projectTokens(tokens, basename(path));
  const title = chooseTitle(front.data, projection.firstH1, fileTitle(basename(path), projection.sections, projection.text));
  return findQuestions({ tokens, projection, source, body: front.body, title });
}

const totals = { expected: 0, found: 0, matched: 0, lookAlikes: 0, answered: 0, answerRight: 0 };
type Totals = typeof totals;
const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
const figures = (t: Totals): string =>
  `recall ${pct(t.matched, t.expected)} (${t.matched}/${t.expected}); ` +
  `look-alikes ${t.found === 0 ? 0 : ((100 * t.lookAlikes) / t.found).toFixed(1)} per 100 cards (${t.lookAlikes}/${t.found}); ` +
  `answer span right ${pct(t.answerRight, t.answered)} (${t.answerRight}/${t.answered})`;
for (const path of process.argv.slice(2)) {
  const found = questionsOf(path);
  process.stdout.write(`\n== ${path}: ${found.length} questions, ${found.filter((q) => q.answer === null).length} to be answered\n`);
  for (const q of found) {
    const answer = q.answerFirstLine === null ? 'no answer' : `answer ${q.answerFirstLine}-${q.answerLastLine}`;
    const context = q.context.length > 0 ? `  [${q.context.join(' › ')}]` : '';
    process.stdout.write(`  ${String(q.line).padStart(4)} ${q.kind.padEnd(8)} ${answer.padEnd(16)} ${q.text.slice(0, 70)}${context}\n`);
  }
  const expectedPath = path.replace(/\.md$/, '.expected.json');
  if (!existsSync(expectedPath)) continue;
  const expected = (JSON.parse(readFileSync(expectedPath, 'utf8')) as { questions: Expected[] }).questions;
  const before = { ...totals };
  const byLine = new Map(found.map((q) => [q.line, q]));
  const expectedLines = new Set(expected.map((e) => e.line));
  for (const e of expected) {
    const q = byLine.get(e.line);
    totals.expected++;
    if (e.answerFirstLine !== null) totals.answered++;
    if (!q) {
      process.stdout.write(`  MISSED ${e.line} ${e.text}\n`);
      continue;
    }
    totals.matched++;
    if (e.answerFirstLine !== null && q.answerFirstLine === e.answerFirstLine && q.answerLastLine === e.answerLastLine)
      totals.answerRight++;
    else if (e.answerFirstLine !== null || q.answerFirstLine !== null) {
      process.stdout.write(
        `  ANSWER ${e.line} expected ${e.answerFirstLine}-${e.answerLastLine}, found ${q.answerFirstLine}-${q.answerLastLine}\n`,
      );
    }
  }
  for (const q of found) {
    totals.found++;
    if (!expectedLines.has(q.line)) {
      totals.lookAlikes++;
      process.stdout.write(`  LOOK-ALIKE ${q.line} ${q.text}\n`);
    }
  }
  // This note's own figures (the fixtures are one style each).
  const own = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v - before[k as keyof Totals]])) as Totals;
  process.stdout.write(`  ${figures(own)}\n`);
}
if (totals.expected > 0) {
  process.stdout.write(`\nall: ${figures(totals)}\n`);
}
