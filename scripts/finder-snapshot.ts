import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cardFieldsOf } from '../main/drills/note-cards.js';
import { decodeNoteBytes } from '../main/import/decode.js';
import { normalizeEnumerations } from '../main/markdown/enumerations.js';
import { chooseTitle, splitFrontMatter } from '../main/markdown/front-matter.js';
import { MAX_QUESTIONS, noCuts } from '../main/markdown/note-limits.js';
import { fileTitle } from '../main/markdown/note-title.js';
import { parseNormalizedMarkdown } from '../main/markdown/pipeline.js';
import { projectTokens } from '../main/markdown/projection.js';
import { findQuestions } from '../main/markdown/questions.js';
import { readNote } from '../main/markdown/read-note.js';

/**
 * What the question finder and the card fields make of every note under a
 * folder, and how long they take: the proof that a change to either keeps
 * their output byte for byte while it makes them faster.
 *
 * Usage: node out/node/scripts/finder-snapshot.js FOLDER OUT.jsonl [PASSES]
 *
 * Writes one JSON line per note (path, questions, fields) from the real
 * pipeline (readNote with question finding, then cardFieldsOf on its text,
 * as the importer calls them), then times findQuestions and cardFieldsOf
 * alone: every note is parsed again before each call (untimed), the calls are
 * timed one by one, one warm-up pass, best of PASSES (3) passes.
 */

function markdownFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk(root);
  return found;
}

const [root, outPath, passArg] = process.argv.slice(2);
if (root === undefined || outPath === undefined) {
  console.error('usage: finder-snapshot FOLDER OUT.jsonl [PASSES]');
  process.exit(2);
}
const passes = Number(passArg ?? 3);
const notes = markdownFiles(root).map((path) => ({
  path: relative(root, path),
  text: decodeNoteBytes(readFileSync(path)).text,
}));

// The snapshot: the pipeline exactly as the importer runs it (note-content.ts).
const lines: string[] = [];
let questionCount = 0;
for (const note of notes) {
  const read = readNote(note.text, note.path);
  const fields = cardFieldsOf(read.text, read.questions);
  questionCount += read.questions.length;
  lines.push(JSON.stringify({ path: note.path, questions: read.questions, fields }));
}
writeFileSync(outPath, lines.length > 0 ? `${lines.join('\n')}\n` : '');

/** One pass: milliseconds spent in findQuestions and in cardFieldsOf, over every note. */
function timePass(): { find: number; fields: number } {
  let find = 0;
  let fields = 0;
  for (const note of notes) {
    // What readNote does before it calls the finder, untimed.
    const front = splitFrontMatter(note.text);
    const cuts = noCuts();
    const normalizedBody = normalizeEnumerations(front.body);
    const tokens = parseNormalizedMarkdown(normalizedBody, { notePath: note.path, cuts });
    const projection = projectTokens(tokens, note.path, cuts);
    const title = chooseTitle(front.data, projection.firstH1, fileTitle(basename(note.path), projection.sections, projection.text));
    const t0 = performance.now();
    const found = findQuestions({ tokens, projection, source: note.text, body: front.body, normalizedBody, title });
    const t1 = performance.now();
    const questions = found.length > MAX_QUESTIONS ? found.slice(0, MAX_QUESTIONS) : found;
    const t2 = performance.now();
    cardFieldsOf(projection.text, questions);
    const t3 = performance.now();
    find += t1 - t0;
    fields += t3 - t2;
  }
  return { find, fields };
}

timePass();
let best: { find: number; fields: number } | undefined;
for (let p = 0; p < passes; p++) {
  const pass = timePass();
  if (!best || pass.find + pass.fields < best.find + best.fields) best = pass;
}
if (best) {
  console.log(
    `${notes.length} notes, ${questionCount} questions: findQuestions ${best.find.toFixed(1)} ms, cardFieldsOf ${best.fields.toFixed(1)} ms, ` +
      `together ${(best.find + best.fields).toFixed(1)} ms (best of ${passes} passes after a warm-up)`,
  );
}
