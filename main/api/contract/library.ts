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
}

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
}
