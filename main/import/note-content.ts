import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { NoteContent } from '../../db/repositories/notes.js';
import { decodeNoteBytes } from './decode.js';
import { chooseTitle, collectTags, splitFrontMatter } from './front-matter.js';
import { cutWarnings, MAX_QUESTIONS, noCuts } from './markdown/note-limits.js';
import { parseMarkdown } from './markdown/pipeline.js';
import { projectTokens } from './markdown/projection.js';
import { findQuestions } from './markdown/questions.js';
import type { FoundQuestion } from './markdown/questions.js';
import { fileTitle } from './note-title.js';

/** sha256 of a file's bytes: the note version an annotation was made on. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
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
  const tokens = parseMarkdown(front.body, { notePath, cuts });
  const projection = projectTokens(tokens, notePath, cuts);
  const title = chooseTitle(front.data, projection.firstH1, fileTitle(basename(notePath), projection.sections, projection.text));
  // On the same tokens and projection, so the finder costs no second parse.
  const questions = findQuestions({ tokens, projection, source: decoded.text, body: front.body, title });
  cuts.questions = Math.max(0, questions.length - MAX_QUESTIONS);
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
    questions: cuts.questions > 0 ? questions.slice(0, MAX_QUESTIONS) : questions,
  };
}
