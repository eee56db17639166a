import { realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { z } from 'zod';
import { isNoteFileName } from '../import/walk.js';
import type { AppContext } from './context.js';
import { invalid, notFound } from './errors.js';
import type { DomainHandlers } from './handler.js';

/**
 * "Open the file" and "reveal in folder" from the reader. The page names a
 * note by id, never a path: the main process finds the file from its own
 * store, so nothing the page sends can make it open anything else.
 */
export function noteFileHandlers(ctx: AppContext): DomainHandlers<'notes.openFile'> {
  return {
    'notes.openFile': {
      schema: z.strictObject({ id: z.number().int().positive(), target: z.enum(['file', 'folder']) }),
      run: async ({ id, target }) => {
        const note = ctx.notes.get(id);
        if (!note) throw notFound(`no note with id ${id}`);
        const library = ctx.libraries.get(note.libraryId);
        if (!library) throw notFound(`no library for note ${id}`);
        const reason = ctx.folders.unwatchable(library);
        // SECURITY: an upload's copy lives in the data directory: neither its path nor the folder is the person's to be shown.
        if (reason === 'uploaded')
          throw invalid('this note was uploaded through the browser: Lattice keeps a copy, and your file is wherever you uploaded it from');
        if (reason === 'starter') throw invalid('this note is part of Lattice’s starter library, not a file of yours');
        const path = join(library.rootPath, ...note.path.split('/'));
        if (note.removedAt !== null) throw notFound('the note’s file is no longer in its folder');
        const real = realPath(path);
        if (real === undefined) throw notFound('the note’s file is no longer in its folder');
        // SECURITY: only a note file inside its folder is handed to the system's default app (which
        // would run a program): not one that became a link to somewhere else since it was imported.
        const root = realPath(library.rootPath);
        if (!isNoteFileName(real) || root === undefined || !real.startsWith(root.endsWith(sep) ? root : root + sep)) {
          throw invalid('only note files (.md, .markdown, .txt) inside their imported folder are opened');
        }
        if (target === 'folder') {
          if (!ctx.platform.showInFolder) return { isOpened: false, path: dirname(path) };
          ctx.platform.showInFolder(path);
          return { isOpened: true };
        }
        if (!ctx.platform.openPath) return { isOpened: false, path };
        const problem = await ctx.platform.openPath(path);
        if (problem) throw invalid(`the system could not open the file: ${problem}`);
        return { isOpened: true };
      },
    },
  };
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
