import type { ImportReport, UploadedFile } from '../../../main/api/contract.js';
import { client } from '../api/client.js';

const NOTE_FILE = /\.(md|markdown|txt)$/i;
// Keep each call well under the host's limits (main/api/uploads.ts).
const MAX_FILES_PER_CALL = 2000;
const MAX_CHARS_PER_CALL = 32 * 1024 * 1024;

/** Pictures notes may show (the importer checks their bytes); larger ones would be refused, so they are not sent. */
const PICTURE_FILE = /\.(png|jpe?g|gif|webp|svg)$/i;
const MAX_PICTURE_BYTES = 20 * 1024 * 1024;

/**
 * The files of a folder chosen in a browser (`<input webkitdirectory>`) that
 * the host needs, with paths inside it: the notes, then the pictures beside
 * them (the import copies those the notes show into the store). `notes`
 * counts the notes alone.
 */
export function noteFilesOf(files: FileList | File[]): { name: string; files: File[]; notes: number } {
  const visible = [...files].filter((f) => !/(^|\/)\./.test(f.webkitRelativePath || f.name));
  const list = visible.filter((f) => NOTE_FILE.test(f.name));
  const pictures = visible.filter((f) => PICTURE_FILE.test(f.name) && f.size <= MAX_PICTURE_BYTES);
  const first = list[0]?.webkitRelativePath || list[0]?.name || 'upload';
  return { name: first.split('/')[0] ?? 'upload', files: list.length > 0 ? [...list, ...pictures] : [], notes: list.length };
}

function relativePath(file: File): string {
  const path = file.webkitRelativePath || file.name;
  return path.includes('/') ? path.slice(path.indexOf('/') + 1) : path;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file as the host should receive it: UTF-8 as text, anything else
 * (GBK, Big5, UTF-16, …) as its bytes in base64 — `File.text()` would read
 * those as UTF-8 and hand the importer garbage.
 */
async function uploadedFile(file: File): Promise<UploadedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const path = relativePath(file);
  try {
    return { path, content: utf8.decode(bytes) };
  } catch {
    let binary = '';
    // In slices: String.fromCharCode with a whole file's bytes as arguments overflows the stack.
    for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    return { path, content: btoa(binary), encoding: 'base64' };
  }
}

function addReports(a: ImportReport, b: ImportReport): ImportReport {
  return {
    added: a.added + b.added,
    updated: a.updated + b.updated,
    unchanged: a.unchanged,
    removed: a.removed + b.removed,
    failed: [...a.failed, ...b.failed],
    warnings: [...a.warnings, ...b.warnings],
  };
}

/**
 * Sends a browser-chosen folder to the host in as few calls as the limits
 * allow. Each call imports the whole upload folder, so the last call's
 * `unchanged` already counts everything sent before.
 */
export async function uploadFolder(name: string, files: File[], onSent: (sent: number) => void): Promise<ImportReport> {
  let report: ImportReport | undefined;
  let batch: UploadedFile[] = [];
  let chars = 0;
  let sent = 0;
  // The last call lists every path, so notes deleted from the folder since the last upload are marked removed.
  const allPaths = files.map(relativePath);
  const flush = async (isLast = false): Promise<void> => {
    if (batch.length === 0) return;
    const result = await client.call('library.importUpload', { name, files: batch, ...(isLast ? { allPaths } : {}) });
    report = report ? { ...addReports(report, result), unchanged: result.unchanged } : result;
    sent += batch.length;
    onSent(sent);
    batch = [];
    chars = 0;
  };
  for (const file of files) {
    const uploaded = await uploadedFile(file);
    if (batch.length >= MAX_FILES_PER_CALL || chars + uploaded.content.length > MAX_CHARS_PER_CALL) await flush();
    batch.push(uploaded);
    chars += uploaded.content.length;
  }
  await flush(true);
  return report ?? { added: 0, updated: 0, unchanged: 0, removed: 0, failed: [], warnings: [] };
}
