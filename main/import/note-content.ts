import { createHash } from 'node:crypto';
import type { NoteContent } from '../../db/repositories/notes.js';
import { decodeNoteBytes } from './decode.js';
import { readNote } from '../markdown/read-note.js';
import type { FoundQuestion } from '../markdown/questions.js';
import type { NoteImageRef } from '../markdown/local-images.js';
import type { CardPlan } from '../drills/card-plan.js';
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

/**
 * Measurement only (bench:drills): with LATTICE_BENCH_WITHOUT_CARDS=1 the
 * questions are found but the importer writes no cards, so a benchmark can
 * tell the finder's share of the import from the card writing's.
 */
export function isWithoutCards(): boolean {
  return process.env.LATTICE_BENCH_WITHOUT_CARDS === '1';
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
  /** What this note's cards are to be, when the import planned them where it parsed the note (card-plan.ts). */
  cardPlan?: CardPlan;
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
  const read = readNote(decoded.text, notePath, { isFindingQuestions: !isWithoutDrills() });
  return {
    ...read,
    source: decoded.text,
    contentHash: hash,
    byteSize: bytes.byteLength,
    warnings: [...decoded.warnings, ...read.warnings],
    encoding: decoded.encoding,
    encodingName: decoded.encodingName,
    replacedChars: decoded.replaced,
    cardFields: cardFieldsOf(read.text, read.questions),
  };
}
