/** Libraries: importing folders, files and uploads, and the list of imported folders (`library.*`). */

import { z } from 'zod';

export interface LibrarySummary {
  id: number;
  name: string;
  rootPath: string;
  kind: 'user' | 'starter';
  noteCount: number;
  createdAt: string;
  importedAt: string | null;
  /** Whether the folder is watched and re-imported when its files change, and what its last import did. */
  sync: LibrarySync;
}

/** A library's watching and last sync, as the library screen shows it. */
export interface LibrarySync {
  /** Why the folder cannot be watched: uploaded through a browser (its files are copies), or Lattice's own starter library. */
  unwatchable: 'uploaded' | 'starter' | null;
  /** The person's choice (Library screen): re-import the folder when its files change. */
  isWatched: boolean;
  /** An import of the folder is waiting or running now. */
  isSyncing: boolean;
  /** Set while the folder cannot be found: its notes are kept, not marked removed, until it returns or the person confirms. */
  missingSince: string | null;
  /** When the folder was last imported (by hand or by its watcher); null before its first. */
  lastSyncedAt: string | null;
  /** What that import changed. */
  added: number;
  changed: number;
  removed: number;
  /**
   * Files of the folder that changed or appeared but could not be read (too
   * large, undecodable, …), by path inside the folder, the first UNREAD_SHOWN
   * of them: a note among them is the version imported before. Each stays
   * until its file is read again or is gone.
   */
  unread: UnreadFileSummary[];
  /** How many there are in all. */
  unreadCount: number;
}

/** A file an import could not read, and why. */
export interface UnreadFileSummary {
  path: string;
  error: string;
  /** When it was last tried. */
  at: string;
}

/** The most unread files a library summary lists. */
export const UNREAD_SHOWN = 20;

export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: { path: string; error: string }[];
  warnings: { path: string; warning: string }[];
}

export interface ImportProgress {
  phase: 'scanning' | 'importing' | 'done';
  done: number;
  total: number;
  path?: string;
}

/** A note file sent by a browser's folder upload; `path` is relative to the chosen folder. */
export const uploadedFile = z.strictObject({
  path: z.string().min(1).max(4096),
  content: z.string(),
  /** 'base64': `content` is the file's bytes, for a file that is not UTF-8 (GBK, UTF-16, …) and is decoded by the importer. */
  encoding: z.literal('base64').optional(),
});
export type UploadedFile = z.infer<typeof uploadedFile>;

/** The `library.*` calls. */
export interface LibraryApi {
  /**
   * Imports folders and/or note files (.md, .markdown, .txt); re-importing
   * updates changed files only. The CLI's call: the page cannot name paths
   * (see exposure.ts); it imports what the person picks in a dialog or uploads.
   */
  'library.import': { args: { paths: string[] }; result: ImportReport };
  /**
   * Asks the person for a folder with the platform's dialog and imports it
   * (desktop app only; the browser host answers Invalid and the renderer
   * offers an upload instead). Null when the person cancels. The path never
   * passes through the page.
   */
  'library.importChosenFolder': { args: Record<string, never>; result: ImportReport | null };
  /**
   * Imports files uploaded from a browser: they are copied under the data
   * directory (imports/NAME/) and imported from there, so uploading the same
   * folder again updates it. A large folder comes in several calls; the last
   * one carries `allPaths`, every note path of the folder, so notes deleted
   * from the folder since the last upload are marked removed.
   */
  'library.importUpload': { args: { name: string; files: UploadedFile[]; allPaths?: string[] }; result: ImportReport };
  /** The imported folders, the starter library first. */
  'library.list': { args: Record<string, never>; result: LibrarySummary[] };
  /** Turns watching a folder on (it is re-imported now, then whenever its files change) or off. */
  'library.setWatched': { args: { id: number; isWatched: boolean }; result: LibrarySummary };
  /**
   * The person confirms that a missing folder is gone for good: its notes are
   * marked removed (annotations and card history kept, as for any removed
   * note) and watching it stops. Refused while the folder is there.
   */
  'library.confirmMissing': { args: { id: number }; result: LibrarySummary };
}
