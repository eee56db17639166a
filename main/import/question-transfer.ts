import type { QuestionCardFields } from '../drills/note-cards.js';
import type { ParseResult } from './parse-file.js';
import type { ParsedNote } from './note-content.js';
import type { FoundQuestion, QuestionKind } from '../markdown/questions.js';

/**
 * A note's questions and card fields as they cross from the parse worker to
 * the thread that writes: numbers in one Int32Array, strings in one array.
 * Sent as objects they were five small objects per question, which the
 * writing thread (the import's busy one) spent longer deserializing than
 * it now spends building them again from the numbers; a typed array is
 * copied whole.
 */
export interface PackedQuestions {
  numbers: Int32Array;
  /** Per question: its text, its context, then its key and its answer's hash when it has them. */
  strings: string[];
}

/** A parse result as the worker posts it. */
export type WireParseResult =
  | Exclude<ParseResult, { kind: 'parsed' }>
  | { kind: 'parsed'; content: Omit<ParsedNote, 'questions' | 'cardFields'> & { packedQuestions: PackedQuestions } };

const KINDS: QuestionKind[] = ['heading', 'numbered', 'bullet', 'inline'];
/** Numbers per question, in the order packQuestions writes them. */
const WIDTH = 18;
const HAS_KEY = 1;
const HAS_ANSWER_HASH = 2;

/** null as a number: every line and offset it stands for is ≥ 0. */
const orNone = (value: number | null): number => value ?? -1;
const fromNone = (value: number): number | null => (value < 0 ? null : value);

export function packQuestions(questions: FoundQuestion[], fields: QuestionCardFields[]): PackedQuestions {
  const numbers = new Int32Array(questions.length * WIDTH);
  const strings: string[] = [];
  questions.forEach((question, i) => {
    const f = fields[i] as QuestionCardFields;
    numbers.set(
      [
        KINDS.indexOf(question.kind),
        question.span.start,
        question.span.end,
        question.answer ? question.answer.start : -1,
        question.answer ? question.answer.end : -1,
        question.line,
        orNone(question.answerFirstLine),
        orNone(question.answerLastLine),
        question.context.length,
        f.qFrom,
        f.qStart,
        f.qEnd,
        f.qTo,
        f.aStart,
        f.aEnd,
        f.aKept,
        f.keyHash ?? 0,
        (f.key === null ? 0 : HAS_KEY) | (f.aHash === null ? 0 : HAS_ANSWER_HASH),
      ],
      i * WIDTH,
    );
    strings.push(question.text, ...question.context);
    if (f.key !== null) strings.push(f.key);
    if (f.aHash !== null) strings.push(f.aHash);
  });
  return { numbers, strings };
}

export function unpackQuestions({ numbers, strings }: PackedQuestions): { questions: FoundQuestion[]; cardFields: QuestionCardFields[] } {
  const count = numbers.length / WIDTH;
  const questions = new Array<FoundQuestion>(count);
  const cardFields = new Array<QuestionCardFields>(count);
  let s = 0;
  const at = (i: number): number => numbers[i] as number;
  for (let i = 0; i < count; i++) {
    const o = i * WIDTH;
    const text = strings[s++] as string;
    const context = strings.slice(s, s + at(o + 8));
    s += context.length;
    const flags = at(o + 17);
    const key = flags & HAS_KEY ? (strings[s++] as string) : null;
    const aHash = flags & HAS_ANSWER_HASH ? (strings[s++] as string) : null;
    questions[i] = {
      text,
      kind: KINDS[at(o)] as QuestionKind,
      context,
      answer: at(o + 3) < 0 ? null : { start: at(o + 3), end: at(o + 4) },
      span: { start: at(o + 1), end: at(o + 2) },
      line: at(o + 5),
      answerFirstLine: fromNone(at(o + 6)),
      answerLastLine: fromNone(at(o + 7)),
    };
    cardFields[i] = {
      qFrom: at(o + 9),
      qStart: at(o + 10),
      qEnd: at(o + 11),
      qTo: at(o + 12),
      aStart: at(o + 13),
      aEnd: at(o + 14),
      aKept: at(o + 15),
      aHash,
      key,
      keyHash: key === null ? null : at(o + 16),
    };
  }
  return { questions, cardFields };
}

/** What the worker posts for a parse result. */
export function toWire(result: ParseResult): WireParseResult {
  if (result.kind !== 'parsed') return result;
  const { questions, cardFields, ...content } = result.content;
  return { kind: 'parsed', content: { ...content, packedQuestions: packQuestions(questions, cardFields) } };
}

/** The parse result the worker meant. */
export function fromWire(result: WireParseResult): ParseResult {
  if (result.kind !== 'parsed') return result;
  const { packedQuestions, ...content } = result.content;
  return { kind: 'parsed', content: { ...content, ...unpackQuestions(packedQuestions) } };
}
