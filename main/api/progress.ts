import { z } from 'zod';
import { ProgressReader } from '../stats/progress.js';
import type { AppContext } from './context.js';
import type { DomainHandlers } from './handler.js';

/** The progress dashboard's figures (readiness for the interview is drills.interview). */
export function progressHandlers(ctx: AppContext): DomainHandlers<'stats.progress'> {
  const reader = new ProgressReader(ctx.store.db);
  return {
    'stats.progress': { schema: z.strictObject({}), run: () => reader.report() },
  };
}
