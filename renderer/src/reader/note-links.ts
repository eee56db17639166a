import type { NoteSummary } from '../../../main/api/contract.js';

/** Finds the note a [[wikilink]] names: by file name (Obsidian's rule), then by title. */
export function resolveWikilink(target: string, notes: NoteSummary[]): NoteSummary | undefined {
  const wanted = target
    .trim()
    .toLowerCase()
    .replace(/\.(md|markdown|txt)$/, '');
  if (!wanted) return undefined;
  const byName = notes.find((n) => {
    const file = n.path.split('/').pop() ?? '';
    const stem = file.replace(/\.(md|markdown|txt)$/i, '').toLowerCase();
    return stem === wanted || n.path.toLowerCase().replace(/\.(md|markdown|txt)$/, '') === wanted;
  });
  return byName ?? notes.find((n) => n.title.trim().toLowerCase() === wanted);
}

/** Finds the note a relative Markdown link points at, within the same library. */
export function resolveNotePath(libraryId: number, path: string, notes: NoteSummary[]): NoteSummary | undefined {
  return notes.find((n) => n.libraryId === libraryId && n.path === path);
}

/** SECURITY: only https links leave the app, and only after the person agrees. */
export function isOpenableExternal(href: string): boolean {
  try {
    // SECURITY: as the desktop app refuses them (main/electron/navigation.ts): a link carrying a user name
    // or password (https://bank.example@evil.example/) reads as one site and opens another.
    const url = new URL(href);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
