import { statSync } from 'node:fs';
import { z } from 'zod';
import { readStats } from '../../db/repositories/stats.js';
import type { AppContext } from './context.js';
import type { DomainHandlers } from './handler.js';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // a file not there yet (no WAL since the last checkpoint) has no size: deliberate
  }
}

export function statsHandlers(ctx: AppContext): DomainHandlers<'stats.get'> {
  return {
    'stats.get': {
      schema: z.strictObject({}),
      run: () => ({
        dataDir: ctx.dataDir,
        // The WAL holds recent writes until a checkpoint: count it as the store's size too.
        databaseBytes: ctx.store.path === ':memory:' ? 0 : fileSize(ctx.store.path) + fileSize(`${ctx.store.path}-wal`),
        ...readStats(ctx.store.db),
      }),
    },
  };
}
