import type { Lattice } from '../app.js';
import type { DrillStats } from '../api/contract.js';

export interface DrillsCommand {
  sub: string | undefined;
  rest: string[];
  isJson: boolean;
  stdout: (text: string) => void;
  /** Makes the error the CLI reports as bad usage (exit 2). */
  usage: (message: string) => Error;
}

function formatDrillStats(stats: DrillStats): string {
  const s = stats.byState;
  const due = stats.dueToday;
  return [
    `cards: ${s.new} new, ${s.learning} learning, ${s.review} review, ${s.relearning} relearning (${s.suspended} suspended, ${s.orphan} orphaned)`,
    `due today: ${due.total} (${due.learning} learning, ${due.review} review, ${due.new} new)`,
    `reviewed today: ${stats.reviewedToday}`,
    `desired retention: ${Math.round(stats.desiredRetention * 100)}%`,
  ].join('\n');
}

/** `lattice drills …`: what the drills hold and what is left today. `drills list` comes with question finding. */
export async function runDrills(lattice: Lattice, command: DrillsCommand): Promise<number> {
  const { sub, rest, usage } = command;
  if (sub === 'stats') {
    if (rest.length) throw usage(`unexpected argument: ${rest[0] ?? ''}`);
    const stats = await lattice.call('drills.stats', {});
    command.stdout(command.isJson ? JSON.stringify(stats, null, 2) : formatDrillStats(stats));
    return 0;
  }
  throw usage(`unknown command: drills ${sub ?? ''}`.trim());
}
