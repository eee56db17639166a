import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { NoteContent } from '../../db/repositories/notes.js';
import { decodeNoteBytes } from './decode.js';
import { chooseTitle, collectTags, splitFrontMatter } from './front-matter.js';
import { normalizeEnumerations } from './markdown/enumerations.js';
import { cutWarnings, MAX_QUESTIONS, noCuts } from './markdown/note-limits.js';
import { noteImageRefs } from './markdown/local-images.js';
import type { NoteImageRef } from './markdown/local-images.js';
import { parseNormalizedMarkdown } from './markdown/pipeline.js';
import { projectTokens } from './markdown/projection.js';
import { findQuestions } from './markdown/questions.js';
import type { FoundQuestion } from './markdown/questions.js';
import { fileTitle } from './note-title.js';
import { cardFieldsOf } from '../drills/note-cards.js';
import type { QuestionCardFields } from '../drills/note-cards.js';

/** sha256 of a file's bytes: the note version an annotation was made on. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Measurement only (bench:import, bench:drills): with
 * LATTICE_BENCH_WITHOUT_DRILLS=1 in the environment no questions are found,
 * so the importer writes no cards and a benchmark can time the import as it
 * was before drills. Read per note so a benchmark can switch it between two
 * imports; a parse worker inherits the environment it was started with.
 */
function isWithoutDrills(): boolean {
  return process.env.LATTICE_BENCH_WITHOUT_DRILLS === '1';
}

/** A note file's content, with what its decoding could not read. */
export interface ParsedNote extends NoteContent {
  /** WHATWG label of the encoding the file was read in. */
  encoding: string;
  /** That encoding as a person names it ('GBK', 'UTF-16 LE'). */
  encodingName: string;
  /** Characters of the file that could not be decoded and are U+FFFD in `source`. */
  replacedChars: number;
  /** The questions the note asks (plain data: it crosses from the parse worker), in reading order. */
  questions: FoundQuestion[];
  /** What each question's card stores (anchors, key): made here, on the parse worker in a large import. */
  cardFields: QuestionCardFields[];
  /** The pictures in its folder the note shows: the importer resolves and stores them (main/media). */
  imageRefs: NoteImageRef[];
}

/**
 * Everything stored for one note file: decoded source, front matter, title,
 * tags, and what the Markdown pipeline derives (projection, sections,
 * formulas, diagrams, links). `notePath` is the path inside the library.
 */
export function buildNoteContent(bytes: Uint8Array, notePath: string, hash = contentHash(bytes)): ParsedNote {
  const decoded = decodeNoteBytes(bytes);
  const front = splitFrontMatter(decoded.text);
  const cuts = noCuts();
  // Normalized once: the parse and the question finder's line map both need it.
  const normalizedBody = normalizeEnumerations(front.body);
  const tokens = parseNormalizedMarkdown(normalizedBody, { notePath, cuts });
  const projection = projectTokens(tokens, notePath, cuts);
  const title = chooseTitle(front.data, projection.firstH1, fileTitle(basename(notePath), projection.sections, projection.text));
  // On the same tokens and projection, so the finder costs no second parse.
  const found = isWithoutDrills() ? [] : findQuestions({ tokens, projection, source: decoded.text, body: front.body, normalizedBody, title });
  cuts.questions = Math.max(0, found.length - MAX_QUESTIONS);
  const questions = cuts.questions > 0 ? found.slice(0, MAX_QUESTIONS) : found;
  return {
    title,
    frontMatter: front.data,
    tags: collectTags(front.data),
    source: decoded.text,
    contentHash: hash,
    text: projection.text,
    byteSize: bytes.byteLength,
    warnings: [...decoded.warnings, ...front.warnings, ...cutWarnings(cuts)],
    sections: projection.sections,
    formulas: projection.formulas,
    diagrams: projection.diagrams,
    links: projection.links,
    encoding: decoded.encoding,
    encodingName: decoded.encodingName,
    replacedChars: decoded.replaced,
    questions,
    cardFields: cardFieldsOf(projection.text, questions),
    imageRefs: noteImageRefs(tokens),
  };
}
