import { z } from 'zod';
import type { Library } from '../../db/repositories/libraries.js';
import { markFolderNotesRemoved } from '../watch/forget-folder.js';
import type { AppContext } from './context.js';
import { UNREAD_SHOWN } from './contract/library.js';
import type { LibrarySummary } from './contract.js';
import { invalid, notFound } from './errors.js';
import type { DomainHandlers } from './handler.js';

/** A library as the page sees it, with its watching and last sync. */
export function toLibrarySummary(ctx: AppContext, l: Library): LibrarySummary {
  const unread = ctx.repositories.unreadFiles.inLibrary(l.id);
  return {
    id: l.id,
    name: l.name,
    rootPath: l.rootPath,
    kind: l.kind,
    noteCount: l.noteCount,
    createdAt: l.createdAt,
    importedAt: l.importedAt,
    sync: {
      unwatchable: ctx.folders.unwatchable(l) ?? null,
      isWatched: l.isWatched,
      isSyncing: ctx.folders.isSyncing(l.id),
      missingSince: l.missingSince,
      lastSyncedAt: l.importedAt,
      added: l.lastSync.added,
      changed: l.lastSync.changed,
      removed: l.lastSync.removed,
      unread: unread.slice(0, UNREAD_SHOWN).map((file) => ({ path: file.path, error: file.error, at: file.failedAt })),
      unreadCount: unread.length,
    },
  };
}

function libraryOf(ctx: AppContext, id: number): Library {
  const library = ctx.libraries.get(id);
  if (!library) throw notFound(`no library with id ${id}`);
  return library;
}

type WatchingCalls = 'library.setWatched' | 'library.confirmMissing';

export function libraryWatchingHandlers(ctx: AppContext): DomainHandlers<WatchingCalls> {
  const summary = (id: number): LibrarySummary => toLibrarySummary(ctx, libraryOf(ctx, id));
  return {
    'library.setWatched': {
      schema: z.strictObject({ id: z.number().int().positive(), isWatched: z.boolean() }),
      run: ({ id, isWatched }) => {
        const library = libraryOf(ctx, id);
        const reason = ctx.folders.unwatchable(library);
        if (isWatched && reason) {
          throw invalid(
            reason === 'uploaded'
              ? 'a folder uploaded through the browser cannot be watched: upload it again to update it'
              : 'the starter library is not watched',
          );
        }
        ctx.libraries.setWatched(id, isWatched);
        // A folder no longer watched is no longer looked for either.
        if (!isWatched) ctx.libraries.setMissing(id, null);
        // Turned back on: what changed while it was off is imported now.
        ctx.folders.reconcile(undefined, 0);
        return summary(id);
      },
    },
    'library.confirmMissing': {
      schema: z.strictObject({ id: z.number().int().positive() }),
      run: ({ id }) =>
        // After any import of the folder already queued: it must not bring the notes back a moment later.
        ctx.jobs.run(() => {
          const library = libraryOf(ctx, id);
          if (library.missingSince === null) throw invalid('the folder is not missing: nothing to confirm');
          const now = new Date().toISOString();
          const removed = markFolderNotesRemoved(ctx.store, id, now);
          ctx.libraries.setWatched(id, false);
          ctx.libraries.recordSync(id, { added: 0, changed: 0, removed }, now);
          ctx.folders.reconcile();
          return summary(id);
        }),
    },
  };
}
