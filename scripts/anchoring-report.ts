import type { Outcome } from './anchoring-oracle.js';

/** Outcomes counted for one row of the anchoring benchmark (an edit type at one edit count). */
export interface Tally {
  row: string;
  count: number;
  outcomes: Record<Outcome, number>;
  /** Anchored on a duplicated copy of the text rather than the original. */
  onCopy: number;
  add(outcome: Outcome, onCopy: boolean): void;
}

export function newTally(row: string, count: number): Tally {
  const tally: Tally = {
    row,
    count,
    outcomes: { exact: 0, near: 0, rightOrphan: 0, partial: 0, missed: 0, wrong: 0 },
    onCopy: 0,
    add(outcome, onCopy) {
      tally.outcomes[outcome]++;
      if (onCopy) tally.onCopy++;
    },
  };
  return tally;
}

/** Rates in [0, 1]: correct = exact + near + rightOrphan; orphan = rightOrphan + missed. */
export interface Summary {
  cases: number;
  exact: number;
  correct: number;
  orphan: number;
  wrong: number;
}

export function summarize(tallies: Tally[]): Summary {
  const sum = (outcome: Outcome): number => tallies.reduce((total, tally) => total + tally.outcomes[outcome], 0);
  const cases = (['exact', 'near', 'rightOrphan', 'partial', 'missed', 'wrong'] as const).reduce(
    (total, outcome) => total + sum(outcome),
    0,
  );
  const rate = (n: number): number => (cases === 0 ? 0 : n / cases);
  return {
    cases,
    exact: rate(sum('exact')),
    correct: rate(sum('exact') + sum('near') + sum('rightOrphan')),
    orphan: rate(sum('rightOrphan') + sum('missed')),
    wrong: rate(sum('wrong')),
  };
}

const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** The per-row table, rows in `order` then bystanders, with a legend. */
export function formatTable(tallies: Tally[], order: readonly string[]): string {
  const rank = (row: string): number => (order.includes(row) ? order.indexOf(row) : order.length);
  const sorted = [...tallies].sort((a, b) => rank(a.row) - rank(b.row) || a.count - b.count);
  const header = ['edit type', 'edits', 'cases', 'exact', 'correct', 'orphan', 'wrong', 'partial', 'missed', 'on copy'];
  const lines = sorted.map((tally) => {
    const s = summarize([tally]);
    return [
      tally.row,
      String(tally.count),
      String(s.cases),
      percent(s.exact),
      percent(s.correct),
      percent(s.orphan),
      percent(s.wrong),
      String(tally.outcomes.partial),
      String(tally.outcomes.missed),
      String(tally.onCopy),
    ];
  });
  const overall = summarize(tallies.filter((tally) => tally.row !== 'bystanders'));
  lines.push([
    'ALL (no bystanders)',
    '',
    String(overall.cases),
    percent(overall.exact),
    percent(overall.correct),
    percent(overall.orphan),
    percent(overall.wrong),
    '',
    '',
    '',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)));
  const format = (cells: string[]): string =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  return [
    format(header),
    format(widths.map((w) => '-'.repeat(w))),
    ...lines.map(format),
    '',
    'exact: anchored on exactly the span of the surviving characters. correct: exact, or character F1 ≥ 0.8, or an',
    'orphan whose text was deleted (fewer than half its characters survive — the right answer, as in "delete").',
    'orphan: all orphans, right or not. wrong: anchored although the text was deleted, or F1 < 0.2. partial and',
    'missed (orphan although the text survives) are counts. on copy: anchored on a duplicated copy (counted correct).',
    'Targeted types count the annotations an edit aimed at; the others of those trials are "bystanders".',
  ].join('\n');
}
