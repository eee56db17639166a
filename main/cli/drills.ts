import type { Lattice } from '../app.js';
import type { DrillListItem, DrillStats } from '../api/contract.js';

export interface DrillsCommand {
  sub: string | undefined;
  rest: string[];
  isJson: boolean;
  /** `--note ID`, as typed. */
  note?: string;
  stdout: (text: string) => void;
  /** Makes the error the CLI reports as bad usage (exit 2). */
  usage: (message: string) => Error;
}

function formatDrillStats(stats: DrillStats): string {
  const s = stats.byState;
  const due = stats.dueToday;
  return [
    `cards: ${s.new} new, ${s.learning} learning, ${s.review} review, ${s.relearning} relearning (${s.suspended} suspended, ${s.orphan} orphaned, ${s.unanswered} to answer)`,
    `due today: ${due.total} (${due.learning} learning, ${due.review} review, ${due.new} new)`,
    `reviewed today: ${stats.reviewedToday}`,
    `desired retention: ${Math.round(stats.desiredRetention * 100)}%`,
  ].join('\n');
}

/** One card a line: where its question is, its state, and the question with its context. */
function formatDrillList(cards: DrillListItem[]): string {
  if (cards.length === 0) return 'no cards';
  return cards
    .map((card) => {
      const where = card.path === null ? '(note deleted)' : card.line === null ? card.path : `${card.path}:${card.line}`;
      const answer =
        card.answerFirstLine === null ? 'no answer yet' : `answer ${card.answerFirstLine}–${card.answerLastLine ?? card.answerFirstLine}`;
      const asked = card.context ? `${card.context} › ${card.question}` : card.question;
      return `${where}  [${card.state}, ${answer}]  ${asked}`;
    })
    .join('\n');
}

/** `lattice drills …`: what the drills hold and what is left today. `drills list`: the cards with where their questions are. */
export async function runDrills(lattice: Lattice, command: DrillsCommand): Promise<number> {
  const { sub, rest, usage } = command;
  if (sub === 'stats') {
    if (rest.length) throw usage(`unexpected argument: ${rest[0] ?? ''}`);
    const stats = await lattice.call('drills.stats', {});
    if (!command.isJson) {
      command.stdout(formatDrillStats(stats));
      return 0;
    }
    // The dashboard's series too, for a script to chart: grades per study day, the forecast, true retention.
    const { heatmap, streak, forecast, retention } = await lattice.call('stats.progress', {});
    command.stdout(JSON.stringify({ ...stats, heatmap, streak, forecast, retention }, null, 2));
    return 0;
  }
  if (sub === 'list') {
    if (rest.length) throw usage(`unexpected argument: ${rest[0] ?? ''}`);
    if (command.note !== undefined && !/^[1-9]\d*$/.test(command.note)) throw usage('--note takes a note id (see `lattice notes list`)');
    const cards = await lattice.call('drills.list', command.note === undefined ? {} : { noteId: Number(command.note) });
    command.stdout(command.isJson ? JSON.stringify(cards, null, 2) : formatDrillList(cards));
    return 0;
  }
  throw usage(`unknown command: drills ${sub ?? ''}`.trim());
}
