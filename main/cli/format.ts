import type { ImportReport, NoteSummary, Stats } from '../api/contract.js';

/** Human-readable output of the CLI; `--json` bypasses all of this. */

function pad(value: string, width: number): string {
  // CJK characters take two terminal columns.
  const columns = [...value].reduce((n, ch) => n + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1), 0);
  return value + ' '.repeat(Math.max(0, width - columns));
}

export function formatImportReport(report: ImportReport): string {
  const lines = [
    `${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removed} removed, ${report.failed.length} failed`,
  ];
  for (const failure of report.failed) lines.push(`  failed: ${failure.path}: ${failure.error}`);
  for (const warning of report.warnings) lines.push(`  warning: ${warning.path}: ${warning.warning}`);
  return lines.join('\n');
}

export function formatNoteList(notes: NoteSummary[]): string {
  if (notes.length === 0) return 'No notes yet. Import a folder with: lattice import PATH';
  const idWidth = Math.max(2, ...notes.map((n) => String(n.id).length));
  const header = `${pad('ID', idWidth)}  ${pad('TITLE', 40)}  SECT  MATH  DIAG  PATH`;
  const rows = notes.map((n) => {
    const title = [...n.title].length > 38 ? `${[...n.title].slice(0, 37).join('')}…` : n.title;
    return `${pad(String(n.id), idWidth)}  ${pad(title, 40)}  ${pad(String(n.sections), 4)}  ${pad(String(n.formulas), 4)}  ${pad(String(n.diagrams), 4)}  ${n.absolutePath}`;
  });
  return [header, ...rows].join('\n');
}

export function formatStats(stats: Stats): string {
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return [
    `data directory  ${stats.dataDir}`,
    `database        ${mb(stats.databaseBytes)}`,
    `libraries       ${stats.libraries}`,
    `notes           ${stats.notes}${stats.removedNotes ? ` (+${stats.removedNotes} removed)` : ''}`,
    `sections        ${stats.sections}`,
    `formulas        ${stats.formulas}`,
    `diagrams        ${stats.diagrams}`,
    `links           ${stats.links}`,
    `note text       ${mb(stats.sourceBytes)}`,
    `annotations     ${stats.annotations}${stats.orphanedAnnotations ? ` (${stats.orphanedAnnotations} orphaned)` : ''}`,
  ].join('\n');
}
