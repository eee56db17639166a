/**
 * Hands text to the person as a file download. The same works in the browser
 * host and in the desktop app (Electron saves a blob download like a browser),
 * so no API call ever names a path on the person's disk.
 */
export function downloadText(fileName: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name for today's export: `lattice-annotations-2026-12-05.json`. */
export function datedFileName(base: string, extension: string, now = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `${base}-${day}.${extension}`;
}
