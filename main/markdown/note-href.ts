import { posix } from 'node:path';

/** Resolves a relative Markdown link (`../rag.md#chunking`) to a library path (`llm/rag.md`). */
export function resolveNoteHref(href: string, notePath = ''): string {
  const path = href.split('#', 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path; // a stray % is part of the file name
  }
  return posix.normalize(posix.join(posix.dirname(notePath || '.'), decoded)).replace(/^(\.\.\/)+/, '');
}
