import type { BaseWindow, Dialog } from 'electron';
import { localeOf } from '../../common/i18n/format.js';
import { translate } from '../../common/i18n/messages.js';

type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showMessageBox' | 'showErrorBox'>;

/** The window a dialog belongs to (so it is modal to it), if one is open. */
export type DialogParent = () => BaseWindow | undefined;

/** The platform's folder picker, for the API's `library.importChosenFolder`; null when the person cancels. */
export function folderChooser(dialog: Pick<DialogApi, 'showOpenDialog'>, parent: DialogParent): () => Promise<string | null> {
  return async () => {
    const options = { properties: ['openDirectory' as const] };
    const window = parent();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}

/**
 * Asks before a link leaves the app, showing the full URL so the person sees
 * where it really goes (a note's link text can say anything).
 */
export function externalLinkConfirmer(
  dialog: Pick<DialogApi, 'showMessageBox'>,
  parent: DialogParent,
  locale: string,
): (url: string) => Promise<boolean> {
  const language = localeOf(locale);
  return async (url) => {
    const options = {
      type: 'question' as const,
      buttons: [translate(language, 'dialog.open'), translate(language, 'dialog.cancel')],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
      message: translate(language, 'dialog.openLink'),
      detail: url,
    };
    const window = parent();
    const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    return response === 0;
  };
}

/** Why the app could not start, in words a person can act on. */
export interface StartupProblem {
  title: string;
  detail: string;
}

/** The Electron build of better-sqlite3 is not where native-binding.ts looks. */
export function missingNativeBinding(path: string, electronVersion: string, isPackaged: boolean): StartupProblem {
  const remedy = isPackaged
    ? 'This copy of Lattice is incomplete: please reinstall it.'
    : 'Run "npm run setup" on a machine where the Electron binary is installed, then start Lattice again. ' +
      'Without Electron, "npm start" opens Lattice in your browser instead.';
  return {
    title: 'Lattice cannot open your library',
    detail: `The SQLite module built for Electron ${electronVersion} is missing:\n${path}\n\n${remedy}`,
  };
}

/** The built renderer is missing (a source checkout that was never built). */
export function missingRenderer(path: string): StartupProblem {
  return {
    title: 'Lattice is not built',
    detail: `The app's pages are missing:\n${path}\n\nRun "npm run build", then start Lattice again.`,
  };
}

/** The store could not be opened (locked, corrupt, from a newer Lattice, a full disk…). */
export function storeFailed(dataDir: string, error: unknown): StartupProblem {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    title: 'Lattice cannot open your library',
    detail: `The library in\n${dataDir}\ncould not be opened: ${reason}`,
  };
}
