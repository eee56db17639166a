import { existsSync } from 'node:fs';
import { z } from 'zod';
import { importPaths, importPathsAsync } from '../import/import-notes.js';
import { indexMentionsAsync } from '../concepts/mentions.js';
import type { AppContext } from './context.js';
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
  return {
    'library.import': {
      schema: z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
      run: ({ paths }) => ctx.jobs.run(() => importPathsAsync(ctx.store, paths, { onProgress, deferMentions })),
    },
    'library.importChosenFolder': {
      schema: z.strictObject({}),
      run: async () => {
        if (!ctx.platform.chooseFolder) throw invalid('choosing a folder needs the desktop app; upload the folder instead');
        const path = await ctx.platform.chooseFolder();
        return path === null ? null : ctx.jobs.run(() => importPathsAsync(ctx.store, [path], { onProgress, deferMentions }));
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
          return asUploaded(await importPathsAsync(ctx.store, [root], { onProgress, deferMentions }), root, name);
        });
      },
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
