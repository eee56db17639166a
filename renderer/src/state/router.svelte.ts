/**
 * Hash routes, so the same build works from app:// and from the browser host:
 * #/ (library) · #/note/ID[/SECTION-SLUG] · #/import · #/settings
 */
export type Route =
  | { screen: 'library' }
  | { screen: 'note'; id: number; section: string | null }
  | { screen: 'import' }
  | { screen: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts[0] === 'note' && /^\d+$/.test(parts[1] ?? '')) return { screen: 'note', id: Number(parts[1]), section: parts[2] ?? null };
  if (parts[0] === 'import') return { screen: 'import' };
  if (parts[0] === 'settings') return { screen: 'settings' };
  return { screen: 'library' };
}

export function noteHref(id: number, section?: string | null): string {
  return `#/note/${id}${section ? `/${encodeURIComponent(section)}` : ''}`;
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
