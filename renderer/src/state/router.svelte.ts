/**
 * Hash routes, so the same build works from app:// and from the browser host:
 * #/ (library) · #/note/ID[/SECTION-SLUG][?annotation=UUID] · #/annotations · #/import · #/settings
 */
export type Route =
  | { screen: 'library' }
  | { screen: 'note'; id: number; section: string | null; annotation: string | null }
  | { screen: 'annotations' }
  | { screen: 'import' }
  | { screen: 'settings' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts[0] === 'note' && /^\d+$/.test(parts[1] ?? '')) {
    return { screen: 'note', id: Number(parts[1]), section: parts[2] ?? null, annotation: new URLSearchParams(query).get('annotation') };
  }
  if (parts[0] === 'annotations') return { screen: 'annotations' };
  if (parts[0] === 'import') return { screen: 'import' };
  if (parts[0] === 'settings') return { screen: 'settings' };
  return { screen: 'library' };
}

export function noteHref(id: number, section?: string | null): string {
  return `#/note/${id}${section ? `/${encodeURIComponent(section)}` : ''}`;
}

/** A note opened at one of its annotations (scrolled to it and flashed). */
export function annotationHref(noteId: number, annotationId: string): string {
  return `${noteHref(noteId)}?annotation=${encodeURIComponent(annotationId)}`;
}

class Router {
  #route = $state<Route>(parseRoute(location.hash));

  constructor() {
    addEventListener('hashchange', () => (this.#route = parseRoute(location.hash)));
  }

  get route(): Route {
    return this.#route;
  }

  go(hash: string): void {
    if (location.hash === hash) this.#route = parseRoute(hash);
    else location.hash = hash;
  }
}

export const router = new Router();
