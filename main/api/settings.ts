import { readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { countCards, readStats } from '../../db/repositories/stats.js';
import { appRoot } from '../app-paths.js';
import { folderSize, recentErrors } from '../log/diagnostics.js';
import { logFilePath } from '../log/logger.js';
import { LOCALES } from '../../common/i18n/format.js';
import type { Locale } from '../../common/i18n/format.js';
import type { Diagnostics } from './contract.js';
import type { AppContext } from './context.js';
import type { DomainHandlers } from './handler.js';

/**
 * The language Lattice speaks, as the person chose it in Settings. The
 * renderer owns the choice (it may follow the system); it tells the main
 * process whenever the language it shows changes, and everything the main
 * process words for a person — the desktop menu and dialogs, concept maps,
 * sheets and their exports — follows it.
 */

const LANGUAGE_SETTING = 'ui.language';

/** The language last chosen in the app, if one ever was. */
export function storedLanguage(ctx: Pick<AppContext, 'settings'>): Locale | undefined {
  const stored = ctx.settings.get(LANGUAGE_SETTING);
  return stored === 'en' || stored === 'zh' ? stored : undefined;
}

/**
 * The language last chosen in the app. Before any window has said one (the
 * command line on a data directory the app never opened): English, the
 * language of the command line's own words — and the same on every machine,
 * whatever its locale.
 */
export function chosenLanguage(ctx: Pick<AppContext, 'settings'>): Locale {
  return storedLanguage(ctx) ?? 'en';
}

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

export function settingsHandlers(ctx: AppContext): DomainHandlers<'settings.setLanguage' | 'settings.diagnostics'> {
  return {
    'settings.setLanguage': {
      schema: z.strictObject({ language: z.enum(LOCALES as [Locale, ...Locale[]]) }),
      run: ({ language }) => {
        const previous = ctx.settings.get(LANGUAGE_SETTING);
        ctx.settings.set(LANGUAGE_SETTING, language);
        if (previous !== language) ctx.platform.languageChanged?.(language);
        return { language };
      },
    },
    'settings.diagnostics': {
      schema: z.strictObject({}),
      run: () => readDiagnostics(ctx),
    },
  };
}
