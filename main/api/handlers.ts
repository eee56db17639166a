import type { AppContext } from './context.js';
import type { ApiName } from './contract.js';
import type { HandlerEntry, HandlerTable } from './handler.js';
import { annotationHandlers } from './annotations.js';
import { conceptHandlers } from './concepts.js';
import { conceptViewHandlers } from './concept-views.js';
import { libraryHandlers } from './library.js';
import { notesHandlers } from './notes.js';
import { searchHandlers } from './search.js';
import { settingsHandlers } from './settings.js';
import { sheetHandlers } from './sheets.js';
import { statsHandlers } from './stats.js';
import { drillHandlers } from './drills.js';
import { progressHandlers } from './progress.js';
import { masteryHandlers } from './mastery.js';
import { diagnosticsHandlers } from './diagnostics.js';
import { libraryWatchingHandlers } from './library-watching.js';
import { noteFileHandlers } from './note-files.js';
import { ankiHandlers } from './anki.js';

/** Merges domain tables into one, refusing two handlers with the same name. */
export function mergeDomains(domains: object[]): Record<string, HandlerEntry<ApiName>> {
  const table: Record<string, HandlerEntry<ApiName>> = {};
  for (const domain of domains) {
    for (const [name, entry] of Object.entries(domain)) {
      if (Object.hasOwn(table, name)) throw new Error(`two handlers are named ${name}`);
      table[name] = entry as HandlerEntry<ApiName>;
    }
  }
  return table;
}

/**
 * The one handler table behind IPC, the HTTP host and the CLI. Calls go
 * through dispatch.ts, which transports import without loading the domains.
 */
export function createHandlerTable(ctx: AppContext): HandlerTable {
  const library = libraryHandlers(ctx);
  const notes = notesHandlers(ctx);
  const stats = statsHandlers(ctx);
  const annotations = annotationHandlers(ctx);
  const concepts = conceptHandlers(ctx);
  const conceptViews = conceptViewHandlers(ctx);
  const sheets = sheetHandlers(ctx);
  const search = searchHandlers(ctx);
  const settings = settingsHandlers(ctx);
  const drills = drillHandlers(ctx);
  const progress = progressHandlers(ctx);
  const mastery = masteryHandlers(ctx);
  const diagnostics = diagnosticsHandlers(ctx);
  const libraryWatching = libraryWatchingHandlers(ctx);
  const noteFiles = noteFileHandlers(ctx);
  const anki = ankiHandlers(ctx);
  mergeDomains([
    library,
    notes,
    stats,
    annotations,
    concepts,
    conceptViews,
    sheets,
    search,
    settings,
    drills,
    progress,
    mastery,
    diagnostics,
    libraryWatching,
    noteFiles,
    anki,
  ]);
  return {
    ...library,
    ...notes,
    ...stats,
    ...annotations,
    ...concepts,
    ...conceptViews,
    ...sheets,
    ...search,
    ...settings,
    ...drills,
    ...progress,
    ...mastery,
    ...diagnostics,
    ...libraryWatching,
    ...noteFiles,
    ...anki,
  };
}
