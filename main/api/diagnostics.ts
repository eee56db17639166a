import { readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { countCards, readStats } from '../../db/repositories/stats.js';
import { appRoot } from '../app-paths.js';
import { folderSize, recentErrors } from '../log/diagnostics.js';
import { log, logFilePath } from '../log/logger.js';
import type { Diagnostics } from './contract.js';
import type { AppContext } from './context.js';
import type { DomainHandlers } from './handler.js';

/*
 * What helps a person report a problem: the diagnostics they copy from
 * Settings, and the page's own unexpected errors written to the main log
 * (the page has no file of its own to write to).
 */

let version: string | undefined;

/** Lattice's version from its package.json, read once. */
function latticeVersion(): string {
  try {
    version ??= (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    version = 'unknown'; // an unreadable package.json should not cost the person their diagnostics
  }
  return version;
}

/** Versions, platform, sizes and counts, and the log's last errors: nothing from a note. */
export function readDiagnostics(ctx: Pick<AppContext, 'store' | 'dataDir'>): Diagnostics {
  const logFile = logFilePath(ctx.dataDir);
  const size = folderSize(ctx.dataDir);
  const stats = readStats(ctx.store.db);
  const electron = process.versions.electron;
  return {
    lattice: latticeVersion(),
    runtime: electron ? `Electron ${electron} / Node ${process.versions.node}` : `Node ${process.versions.node}`,
    platform: `${platform()} ${release()} ${arch()}`,
    logFile,
    dataDirBytes: size.bytes,
    isDataDirPartial: size.isPartial,
    notes: stats.notes,
    cards: countCards(ctx.store.db),
    annotations: stats.annotations,
    recentErrors: recentErrors(logFile),
  };
}

/** How many page errors one minute may write to the log: a page stuck in a loop of errors must not fill the disk. */
export const PAGE_REPORTS_PER_MINUTE = 20;
const MINUTE_MS = 60_000;

/** Counts reports per minute; says once, when the next minute opens, how many it dropped. */
class ReportLimiter {
  private windowStart = 0;
  private count = 0;
  private dropped = 0;

  constructor(private readonly now: () => number) {}

  admit(): boolean {
    const now = this.now();
    if (now - this.windowStart >= MINUTE_MS) {
      if (this.dropped > 0)
        log.warn(`${this.dropped} more error(s) from the page were not logged (over ${PAGE_REPORTS_PER_MINUTE} a minute)`);
      this.windowStart = now;
      this.count = 0;
      this.dropped = 0;
    }
    if (this.count >= PAGE_REPORTS_PER_MINUTE) {
      this.dropped++;
      return false;
    }
    this.count++;
    return true;
  }
}

export function diagnosticsHandlers(ctx: AppContext, now: () => number = Date.now): DomainHandlers<'settings.diagnostics' | 'log.report'> {
  const limiter = new ReportLimiter(now);
  return {
    'settings.diagnostics': {
      schema: z.strictObject({}),
      run: () => readDiagnostics(ctx),
    },
    'log.report': {
      // SECURITY: the page is not trusted to be small or polite: the sizes are capped here and the rate above.
      schema: z.strictObject({
        kind: z.enum(['error', 'rejection']),
        message: z.string().max(2000),
        stack: z.string().max(8000).optional(),
      }),
      run: ({ kind, message, stack }) => {
        if (!limiter.admit()) return { isLogged: false };
        // Rebuilt as an Error so the line has the same shape as the main process's own (type, message, stack).
        const error = new Error(message);
        error.name = 'PageError';
        error.stack = stack ?? message;
        log.error(kind === 'rejection' ? 'unhandled rejection in the page' : 'uncaught error in the page', { err: error });
        return { isLogged: true };
      },
    },
  };
}
