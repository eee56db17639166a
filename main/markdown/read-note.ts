import { basename } from 'node:path';
import { normalizeEnumerations } from './enumerations.js';
import { chooseTitle, collectTags, splitFrontMatter } from './front-matter.js';
import { cutWarnings, MAX_QUESTIONS, noCuts } from './note-limits.js';
import { fileTitle } from './note-title.js';
import { parseNormalizedMarkdown } from './pipeline.js';
import { projectTokens } from './projection.js';
import { findQuestions } from './questions.js';
import type { FoundQuestion } from './questions.js';
import { noteImageRefs } from './local-images.js';
import type { NoteImageRef } from './local-images.js';
import type { ReadNote } from './types.js';

/** A note as the pipeline reads it, with the questions it asks. */
export interface ReadNoteWithQuestions extends ReadNote {
  /** The questions the note asks (plain data: it crosses from the parse worker), in reading order. */
  questions: FoundQuestion[];
  /** The pictures in its folder the note shows, as written: the importer resolves and stores them (main/media). */
  imageRefs: NoteImageRef[];
}

/**
 * Reads a note's decoded text (front matter included) the one way the store
 * keeps it: front matter, title, tags, the text projection with its sections,
 * formulas, diagrams and links, and the questions it asks, from one parse.
 * `notePath` is the path inside the library (it names an untitled note and
 * resolves relative links). `isFindingQuestions: false` skips the question
 * finder (a benchmark of the import without drills).
 */
export function readNote(source: string, notePath: string, options: { isFindingQuestions?: boolean } = {}): ReadNoteWithQuestions {
  const front = splitFrontMatter(source);
  const cuts = noCuts();
  // Normalized once: the parse and the question finder's line map both need it.
  const normalizedBody = normalizeEnumerations(front.body);
  const tokens = parseNormalizedMarkdown(normalizedBody, { notePath, cuts });
  const projection = projectTokens(tokens, notePath, cuts);
  const title = chooseTitle(front.data, projection.firstH1, fileTitle(basename(notePath), projection.sections, projection.text));
  // On the same tokens and projection, so the finder costs no second parse.
  const found =
    options.isFindingQuestions === false ? [] : findQuestions({ tokens, projection, source, body: front.body, normalizedBody, title });
  cuts.questions = Math.max(0, found.length - MAX_QUESTIONS);
  const questions = cuts.questions > 0 ? found.slice(0, MAX_QUESTIONS) : found;
  return {
    title,
    frontMatter: front.data,
    tags: collectTags(front.data),
    text: projection.text,
    warnings: [...front.warnings, ...cutWarnings(cuts)],
    sections: projection.sections,
    formulas: projection.formulas,
    diagrams: projection.diagrams,
    links: projection.links,
    questions,
    imageRefs: noteImageRefs(tokens),
  };
}
