import type { DrillCardView } from '../../../main/api/contract.js';
import { client } from '../api/client.js';

/**
 * Lines `first`..`last` (1-based) of a note's file with their shared
 * indentation removed: the answer as its author wrote it, Markdown and
 * formulas intact, for the person to start an edit from.
 */
export function answerLines(source: string, first: number, last: number): string {
  const lines = source.split('\n').slice(first - 1, last);
  const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
  const indents = lines.filter((line) => line.trim() !== '').map(indentOf);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines
    .map((line) => {
      let at = 0;
      for (let seen = 0; at < line.length && seen < common && (line[at] === ' ' || line[at] === '\t'); at++)
        seen += line[at] === '\t' ? 4 : 1;
      return line.slice(at);
    })
    .join('\n');
}

/**
 * What the edit form starts from: the person's own text if they wrote one,
 * else the note's Markdown for that side (the stored quote is the rendered
 * text, which would lose formulas and formatting), else the quote.
 */
export async function editableText(view: DrillCardView): Promise<{ question: string; answer: string }> {
  const { card } = view;
  const question = card.questionOverride ?? card.question;
  if (card.answerOverride !== null) return { question, answer: card.answerOverride };
  if (card.answer === null) return { question, answer: '' };
  if (view.note && !card.isOrphan) {
    try {
      const [note, cards] = await Promise.all([
        client.call('notes.get', { id: view.note.id }),
        client.call('drills.list', { noteId: view.note.id }),
      ]);
      const placed = cards.find((item) => item.id === card.id);
      if (placed?.answerFirstLine && placed.answerLastLine)
        return { question, answer: answerLines(note.source, placed.answerFirstLine, placed.answerLastLine) };
    } catch {
      // the quote below is still the answer's words
    }
  }
  return { question, answer: card.answer };
}
