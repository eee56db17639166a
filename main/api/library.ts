import { existsSync } from 'node:fs';
import { z } from 'zod';
import { importPaths } from '../import/import-notes.js';
import type { AppContext } from './context.js';
import type { DomainHandlers } from './handler.js';

const STARTER_SETTING = 'starter.imported';

/**
 * Loads the starter library into a fresh data directory, once. A person who
 * later removes or edits those notes is not overridden on the next launch.
 */
export function ensureStarterLibrary(ctx: AppContext, starterDir: string): void {
  if (ctx.settings.get(STARTER_SETTING) || !existsSync(starterDir)) return;
  importPaths(ctx.store, [starterDir], { kind: 'starter' });
  ctx.settings.set(STARTER_SETTING, new Date().toISOString());
}

export function libraryHandlers(ctx: AppContext): DomainHandlers<'library.import' | 'library.list'> {
  return {
    'library.import': {
      schema: z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
      run: ({ paths }) => importPaths(ctx.store, paths, { onProgress: (p) => ctx.emit('import.progress', p) }),
    },
    'library.list': {
      schema: z.strictObject({}),
      run: () =>
        ctx.libraries.list().map((l) => ({
          id: l.id,
          name: l.name,
          rootPath: l.rootPath,
          kind: l.kind,
          noteCount: l.noteCount,
          createdAt: l.createdAt,
          importedAt: l.importedAt,
        })),
    },
  };
}
