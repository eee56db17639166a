import type { Sheet, SheetExport, SheetExportFormat } from '../../../main/api/contract.js';
import { client } from '../api/client.js';
import { drawDiagram } from '../reader/diagrams.js';

/**
 * Exporting from the app: the diagrams are drawn here, where Mermaid and its
 * cache already are (light theme: a sheet is printed on white), and handed to
 * the main process, which sanitizes them again and builds the file.
 */
export async function exportSheet(sheet: Sheet, format: SheetExportFormat): Promise<SheetExport> {
  const svgs: Record<string, string> = {};
  if (format !== 'md') {
    const { diagrams } = await client.call('sheets.diagrams', { id: sheet.id });
    for (const diagram of diagrams) {
      try {
        svgs[diagram.hash] = await drawDiagram(diagram.hash, diagram.source, false);
      } catch {
        // a diagram with a syntax error goes out as its source, and the export says so
      }
    }
  }
  return client.call('sheets.export', { id: sheet.id, format, svgs });
}

const TYPES: Record<SheetExportFormat, string> = {
  md: 'text/markdown;charset=utf-8',
  html: 'text/html;charset=utf-8',
  pdf: 'application/pdf',
};

/** Hands the exported file to the person as a download. */
export function saveExport(file: SheetExport): void {
  const bytes =
    file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : new TextEncoder().encode(file.content);
  const url = URL.createObjectURL(new Blob([bytes], { type: TYPES[file.format] }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Draws the diagrams of a sheet preview in place (cached drawings at once). */
export async function drawPreviewDiagrams(container: HTMLElement): Promise<void> {
  for (const block of container.querySelectorAll<HTMLElement>('.mermaid-block:not(.is-drawn)')) {
    const source = block.querySelector('.mermaid-source')?.textContent ?? '';
    try {
      const svg = await drawDiagram(block.dataset.diagram ?? '', source, false);
      const figure = document.createElement('div');
      figure.className = 'diagram';
      figure.innerHTML = svg; // sanitized by drawDiagram (DOMPurify)
      block.append(figure);
      block.classList.add('is-drawn');
    } catch {
      block.classList.add('has-error');
    }
  }
}
