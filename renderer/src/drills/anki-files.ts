import type { AnkiExportResult, AnkiImportResult, DrillDeck } from '../../../main/api/contract.js';
import { client } from '../api/client.js';
import { drawDiagram } from '../reader/diagrams.js';

/**
 * Exports a deck to Anki: its diagrams are drawn here first, where Mermaid
 * and its cache are (light theme: Anki cards are white unless the person
 * says otherwise), and the main process sanitizes them again and packs them.
 */
export async function exportAnki(deck: DrillDeck | undefined, withHistory: boolean): Promise<AnkiExportResult> {
  const deckArg = deck ? { deck } : {};
  const { diagrams } = await client.call('anki.diagrams', deckArg);
  const svgs: Record<string, string> = {};
  for (const diagram of diagrams) {
    try {
      svgs[diagram.hash] = await drawDiagram(diagram.hash, diagram.source, false);
    } catch {
      // a diagram Mermaid cannot draw goes out as its source
    }
  }
  return client.call('anki.export', { ...deckArg, withHistory, svgs });
}

/** Hands the package to the person as a download. */
export function saveApkg(file: AnkiExportResult): void {
  const bytes = Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A chosen file's bytes as base64, in slices (a string of a whole large file at once would not fit the call stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/** Imports an Anki package the person picked. */
export async function importAnki(file: File): Promise<AnkiImportResult> {
  return client.call('anki.import', { fileName: file.name, content: await base64Of(file) });
}
