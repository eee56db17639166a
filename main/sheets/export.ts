import type { Locale } from '../../common/i18n/format.js';
import type { Sheet, SheetExportFormat } from '../api/contract.js';
import { drawDiagramsWithChromium, findChromium, findMermaidBundle, printPdfWithChromium } from './chromium.js';
import { drawDiagramsWarm, printPdfWarm } from './chromium-printer.js';
import { printableHtml, sheetDiagrams, sheetHtml, sheetMarkdown } from './export-sheet.js';
import { log } from '../log/logger.js';
import { inlineMedia } from '../media/inline-media.js';
import type { GetMedia } from '../media/inline-media.js';

/** Turning a resolved sheet into the bytes of a file, drawing and printing with whatever this host has. */

export interface ExportTools {
  /** Prints HTML to PDF (the desktop app's hidden window); headless Chromium otherwise. */
  printToPdf?: (html: string, options: { paper: 'A4' | 'Letter' }) => Promise<Uint8Array>;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** The language of Lattice's own words in the file (headings stay the person's). */
  language?: Locale;
  /** The store's pictures: inlined into the HTML (and so the PDF), which cannot reach the app's /media/ route. */
  getMedia?: GetMedia;
}

export class ExportUnavailable extends Error {
  override name = 'ExportUnavailable';
}

export interface ExportedFile {
  bytes: Buffer;
  undrawnDiagrams: number;
}

/**
 * Diagrams the caller drew (the app's renderer caches them), plus any still
 * missing drawn in headless Chromium when it and Mermaid are installed (the
 * CLI). A diagram neither could draw is exported as its source with a note.
 */
async function drawings(sheet: Sheet, given: Record<string, string>, env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const svgs = new Map(Object.entries(given));
  const missing = sheetDiagrams(sheet).filter((d) => !svgs.has(d.hash));
  const chromium = findChromium(env);
  const bundle = findMermaidBundle();
  if (missing.length && chromium && bundle) {
    try {
      for (const [hash, svg] of await drawDiagramsWarm(missing, chromium, bundle)) svgs.set(hash, svg);
    } catch (warmError) {
      log.warn('drawing a sheet’s diagrams in the warm Chromium failed; trying a fresh one', { err: warmError });
      try {
        for (const [hash, svg] of await drawDiagramsWithChromium(missing, chromium, bundle)) svgs.set(hash, svg);
      } catch (error) {
        // Left as source in the export, which says so; the rest of the sheet still exports.
        log.warn(`${missing.length} diagram(s) of a sheet could not be drawn; exported as source`, { err: error });
      }
    }
  }
  return svgs;
}

/** Exports a resolved sheet as Markdown, self-contained HTML, or PDF printed from that HTML. */
export async function exportSheet(
  sheet: Sheet,
  format: SheetExportFormat,
  svgs: Record<string, string>,
  tools: ExportTools = {},
): Promise<ExportedFile> {
  if (format === 'md') return { bytes: Buffer.from(sheetMarkdown(sheet, tools.language), 'utf8'), undrawnDiagrams: 0 };
  const env = tools.env ?? process.env;
  const generatedAt = (tools.now?.() ?? new Date()).toISOString();
  const drawn = sheetHtml(sheet, await drawings(sheet, svgs, env), generatedAt, tools.language);
  const undrawn = drawn.undrawn;
  const html = tools.getMedia ? inlineMedia(drawn.html, tools.getMedia) : drawn.html;
  if (format === 'html') return { bytes: Buffer.from(html, 'utf8'), undrawnDiagrams: undrawn };
  const printable = printableHtml(html);
  if (tools.printToPdf)
    return { bytes: Buffer.from(await tools.printToPdf(printable, { paper: sheet.layout.paper })), undrawnDiagrams: undrawn };
  const chromium = findChromium(env);
  if (!chromium) {
    throw new ExportUnavailable(
      'PDF export needs Chromium or Chrome (set LATTICE_CHROMIUM to its path); export HTML and print it from a browser instead',
    );
  }
  let bytes: Buffer;
  try {
    bytes = await printPdfWarm(printable, chromium);
  } catch (error) {
    // The warm browser failed (an old Chromium without a DevTools pipe, a crash): print once the plain way.
    log.warn('printing a sheet in the warm Chromium failed; printing once the plain way', { err: error });
    bytes = await printPdfWithChromium(printable, chromium);
  }
  return { bytes, undrawnDiagrams: undrawn };
}
