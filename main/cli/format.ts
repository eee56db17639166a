import type { ConceptDetail, ConceptPath, ConceptSummary, ImportReport, NoteSummary, Stats } from '../api/contract.js';

/** Human-readable output of the CLI; `--json` bypasses all of this. */

function pad(value: string, width: number): string {
  // CJK characters take two terminal columns.
  const columns = [...value].reduce(
    (n, ch) => n + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1),
    0,
  );
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

export function formatConceptList(concepts: ConceptSummary[]): string {
  if (concepts.length === 0) return 'No concepts yet. They come from the notes you import.';
  const header = `${pad('CONCEPT', 30)}  MENTIONS  LINKS  ALIASES`;
  const rows = concepts.map(
    (c) => `${pad(c.name, 30)}  ${pad(String(c.mentionCount), 8)}  ${pad(String(c.linkCount), 5)}  ${c.aliases.join(', ')}`,
  );
  return [header, ...rows].join('\n');
}

export function formatConcept(concept: ConceptDetail): string {
  const lines = [concept.name];
  if (concept.aliases.length) lines.push(`aliases: ${concept.aliases.map((a) => a.alias).join(', ')}`);
  if (concept.definition) lines.push('', concept.definition);
  for (const [heading, groups, arrow] of [
    ['links out', concept.outgoing, '→'],
    ['links in', concept.incoming, '←'],
  ] as const) {
    const entries = Object.entries(groups);
    if (entries.length === 0) continue;
    lines.push('', `${heading}:`);
    for (const [type, links] of entries) {
      const others = links.map((l) => (arrow === '→' ? l.to.name : l.from.name));
      lines.push(`  ${type} ${arrow} ${others.join(', ')}`);
    }
  }
  const places = new Map<string, number>();
  for (const m of concept.mentions) {
    const where = `${m.notePath}${m.sectionTitle ? ` › ${m.sectionTitle}` : ''}${m.kind === 'defines' ? ' (defines)' : ''}`;
    places.set(where, (places.get(where) ?? 0) + 1);
  }
  if (places.size) {
    lines.push('', 'mentioned in:');
    for (const [where, count] of places) lines.push(`  ${where}${count > 1 ? ` ×${count}` : ''}`);
  }
  return lines.join('\n');
}

/** `预训练 -[leads-to]-> SFT <-[variant-of]- DPO`: arrows show which way each link points. */
export function formatConceptPath(path: ConceptPath): string {
  let text = path.concepts[0]?.name ?? '';
  path.steps.forEach((step, i) => {
    const next = path.concepts[i + 1]?.name ?? '';
    text += step.direction === 'forward' ? ` -[${step.link.type}]-> ${next}` : ` <-[${step.link.type}]- ${next}`;
  });
  return text;
}
