import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ImportReport, UploadedFile } from './contract.js';
import { invalid } from './errors.js';
import { log } from '../log/logger.js';

/** Upload limits: a browser folder upload is split into calls below these. */
export const MAX_UPLOAD_FILES = 5000;
export const MAX_UPLOAD_CHARS = 64 * 1024 * 1024;

/** A folder name safe to create under the data directory. */
export function uploadFolderName(name: string): string {
  const clean = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a folder name
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  if (!clean) throw invalid('the uploaded folder needs a name');
  return clean;
}

/**
 * SECURITY: writes uploaded files under `root` only. A path that is absolute
 * or climbs out with `..` is refused, so a crafted upload cannot write
 * anywhere else on disk.
 */
export function writeUploadedFiles(root: string, files: UploadedFile[]): void {
  const base = resolve(root);
  for (const file of files) {
    // eslint-disable-next-line no-control-regex -- a NUL or control character in a file name is a crafted request
    if (/[\u0000-\u001f]/.test(file.path)) throw invalid('a file name in the upload holds a control character');
    const parts = file.path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || parts.some((p) => p === '..') || /^([a-zA-Z]:|[\\/])/.test(file.path)) {
      throw invalid(`refusing to write outside the upload folder: ${file.path}`);
    }
    const target = resolve(base, ...parts);
    if (!target.startsWith(base + sep)) throw invalid(`refusing to write outside the upload folder: ${file.path}`);
    mkdirSync(dirname(target), { recursive: true });
    // Bytes as the person saved them: the importer finds their encoding, as for a folder on disk.
    writeFileSync(target, file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : Buffer.from(file.content, 'utf8'));
  }
}

/**
 * An upload's report as the person knows the files: `NAME/sub/note.md`, not
 * where the data directory keeps its copy (the page is never told internal paths).
 */
export function asUploaded(report: ImportReport, root: string, name: string): ImportReport {
  const shown = (text: string) => text.split(resolve(root)).join(uploadFolderName(name)).split(sep).join('/');
  return {
    ...report,
    failed: report.failed.map((f) => ({ path: shown(f.path), error: shown(f.error) })),
    warnings: report.warnings.map((w) => ({ path: shown(w.path), warning: shown(w.warning) })),
  };
}

/** Where uploads of folder `name` are kept in a data directory. */
export function uploadRoot(dataDir: string, name: string): string {
  return join(uploadsFolder(dataDir), uploadFolderName(name));
}

/** The folder of a data directory that holds every upload (a library inside it is a copy, not the person's folder). */
export function uploadsFolder(dataDir: string): string {
  return join(dataDir, 'imports');
}

/**
 * Deletes the copies of files that are no longer in the uploaded folder, so
 * the import that follows marks their notes removed (their annotations stay).
 * Only our own copies under `root` are touched.
 */
export function removeStaleUploads(root: string, allPaths: string[]): void {
  const keep = new Set(
    allPaths.map((p) =>
      p
        .split(/[\\/]+/)
        .filter((part) => part && part !== '.')
        .join('/'),
    ),
  );
  const visit = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // A folder gone or unreadable holds nothing to remove; the import that follows reports what it cannot read.
      log.debug(`could not list uploads in ${dir}`, { err: error });
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!keep.has(relative(root, full).split(sep).join('/'))) rmSync(full, { force: true });
    }
  };
  visit(resolve(root));
}
