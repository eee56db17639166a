import { existsSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { z } from 'zod';
import { importPaths, importPathsAsync } from '../import/import-notes.js';
import { indexMentionsAsync } from '../concepts/mentions.js';
import type { AppContext } from './context.js';
import type { ImportReport } from './contract.js';
import { toLibrarySummary } from './library-watching.js';
import { uploadedFile } from './contract/library.js';
import { invalid } from './errors.js';
import type { DomainHandlers } from './handler.js';
import { asUploaded, MAX_UPLOAD_CHARS, MAX_UPLOAD_FILES, removeStaleUploads, uploadRoot, writeUploadedFiles } from './uploads.js';

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

type LibraryCalls = 'library.import' | 'library.list' | 'library.importChosenFolder' | 'library.importUpload';

export function libraryHandlers(ctx: AppContext): DomainHandlers<LibraryCalls> {
  const onProgress = (p: Parameters<typeof ctx.emit<'import.progress'>>[1]): void => ctx.emit('import.progress', p);
  // Imports run one at a time (two interleaved imports of one folder would
  // race on its notes); finding concept mentions follows as its own job, so
  // the import is done — and its notes readable — before that index is.
  const deferMentions = (noteIds: number[]): void => {
    void ctx.jobs.run(() => indexMentionsAsync(ctx.store, noteIds));
  };
  // A folder imported by hand records what changed, like its watcher would,
  // and a new one is watched from now on.
  const afterImport = (path: string, report: ImportReport): ImportReport => {
    let real: string | undefined;
    try {
      real = realpathSync(path);
    } catch {
      // gone by now: the report already says the path could not be read
    }
    const library = real === undefined ? undefined : (ctx.libraries.findByRoot(real) ?? ctx.libraries.findContaining(real, sep));
    if (library) ctx.folders.recordImport(library.id, report);
    ctx.folders.reconcile();
    return report;
  };
  return {
    'library.import': {
      schema: z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
      run: ({ paths }) =>
        ctx.jobs.run(async () => {
          const report = await importPathsAsync(ctx.store, paths, { onProgress, deferMentions });
          // Counts of several folders at once belong to none of them.
          return paths.length === 1 && paths[0] ? afterImport(paths[0], report) : report;
        }),
    },
    'library.importChosenFolder': {
      schema: z.strictObject({}),
      run: async () => {
        if (!ctx.platform.chooseFolder) throw invalid('choosing a folder needs the desktop app; upload the folder instead');
        const path = await ctx.platform.chooseFolder();
        return path === null
          ? null
          : ctx.jobs.run(async () => afterImport(path, await importPathsAsync(ctx.store, [path], { onProgress, deferMentions })));
      },
    },
    'library.importUpload': {
      schema: z.strictObject({
        name: z.string().min(1).max(255),
        files: z
          .array(uploadedFile)
          .min(1)
          .max(MAX_UPLOAD_FILES)
          .refine((files) => files.reduce((n, f) => n + f.content.length, 0) <= MAX_UPLOAD_CHARS, 'upload too large; send it in parts'),
        allPaths: z.array(z.string().min(1).max(4096)).max(200_000).optional(),
      }),
      run: ({ name, files, allPaths }) => {
        const root = uploadRoot(ctx.dataDir, name);
        return ctx.jobs.run(async () => {
          writeUploadedFiles(root, files);
          if (allPaths) removeStaleUploads(root, allPaths);
          return asUploaded(afterImport(root, await importPathsAsync(ctx.store, [root], { onProgress, deferMentions })), root, name);
        });
      },
    },
    'library.list': {
      schema: z.strictObject({}),
      run: () => {
        const libraries = ctx.libraries.list();
        // A folder imported meanwhile by `lattice import` in another process is watched from here on.
        ctx.folders.reconcile(libraries);
        return libraries.map((l) => toLibrarySummary(ctx, l));
      },
    },
  };
}
