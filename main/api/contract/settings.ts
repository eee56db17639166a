/** Settings the main process keeps or reports: the language, the diagnostics (`settings.*`). */

import type { Locale } from '../../../common/i18n/format.js';

/** The answer of `settings.diagnostics`; the page adds its own user agent (Chromium's version) when it copies it. */
export interface Diagnostics {
  lattice: string;
  /** `Electron x / Node y`, or `Node y` for the browser host. */
  runtime: string;
  platform: string;
  /** The log file of this data directory (it exists once something was logged). */
  logFile: string;
  dataDirBytes: number;
  /** The size stopped counting early (a huge data directory). */
  isDataDirPartial: boolean;
  notes: number;
  cards: number;
  annotations: number;
  /** The last error lines of the log, oldest first. */
  recentErrors: string[];
}

/** The `settings.*` calls. */
export interface SettingsApi {
  /**
   * The language the renderer shows (en or zh), sent whenever it changes:
   * the desktop menu and dialogs, concept maps, sheets and their exports
   * follow it. Remembered, so the next launch starts in it.
   */
  'settings.setLanguage': { args: { language: Locale }; result: { language: Locale } };
  /**
   * What a person can paste into a bug report: versions, platform, the data
   * directory's size, counts, where the log is and its last errors (our own
   * words and stack frames only). No note content, no titles, no error messages.
   */
  'settings.diagnostics': { args: Record<string, never>; result: Diagnostics };
}
