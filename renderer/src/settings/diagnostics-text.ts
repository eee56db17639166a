import type { Diagnostics } from '../../../main/api/contract.js';

/** Bytes as a person reads them in a bug report. */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The diagnostics as the text a person pastes into a report. In English
 * whatever language the app shows: it is read by whoever fixes the bug, and
 * stable words are easier to search. `userAgent` is the page's own (Chromium's version).
 */
export function diagnosticsText(diagnostics: Diagnostics, userAgent: string): string {
  const lines = [
    `Lattice ${diagnostics.lattice}`,
    `Runtime: ${diagnostics.runtime}`,
    `Browser: ${userAgent}`,
    `Platform: ${diagnostics.platform}`,
    `Data directory: ${size(diagnostics.dataDirBytes)}${diagnostics.isDataDirPartial ? ' or more' : ''}`,
    `Notes: ${diagnostics.notes} · Cards: ${diagnostics.cards} · Annotations: ${diagnostics.annotations}`,
    `Log: ${diagnostics.logFile}`,
    diagnostics.recentErrors.length ? 'Recent errors:' : 'Recent errors: none',
    ...diagnostics.recentErrors,
  ];
  return `${lines.join('\n')}\n`;
}
