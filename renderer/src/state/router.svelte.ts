import type { DrillDeck } from '../../../main/api/contract.js';
/**
 * Hash routes, so the same build works from app:// and from the browser host:
 * #/ (library) · #/note/ID[/SECTION-SLUG][?annotation=UUID|?match=START-END] · #/annotations · #/import · #/settings
 * · #/concept/ID · #/concepts (overview) · #/concepts/path[?from=NAME&to=NAME]
 * · #/sheets (cheat sheets) · #/sheet/ID (one sheet's editor)
 * · #/drills[/VIEW][?deck=KIND:VALUE] (drills: decks, a review session, interview plan, mock interview, questions to answer, orphans)
 * · #/progress (the study dashboard) · #/card/ID (one drill card, question and answer)
 */
export type Route =
  | { screen: 'library' }
  | { screen: 'note'; id: number; section: string | null; annotation: string | null; match: TextSpan | null }
  | { screen: 'annotations' }
  | { screen: 'import' }
  | { screen: 'settings' }
  | { screen: 'concept'; id: number }
  | { screen: 'concepts' }
  | { screen: 'concept-path'; from: string; to: string }
  | { screen: 'sheets' }
  | { screen: 'sheet'; id: number }
  | { screen: 'drills'; view: DrillView; deck: DrillDeck | null }
  | { screen: 'progress' }
  | { screen: 'card'; id: string };

/** The drills screens: the deck list, a review session, the interview plan, a mock interview, questions to answer, orphaned cards. */
export const DRILL_VIEWS = ['home', 'review', 'interview', 'mock', 'unanswered', 'orphans'] as const;
export type DrillView = (typeof DRILL_VIEWS)[number];

/** A deck in a URL: `note:12`, `library:3`, `tag:面试`, `concept:5`; none (or `all`) is every card. */
export function parseDeck(value: string | null): DrillDeck | null {
  const found = /^(all|note|library|tag|concept|anki)(?::(.+))?$/.exec(value ?? '');
  if (!found) return null;
  const [, kind, rest = ''] = found;
  const id = /^\d+$/.test(rest) ? Number(rest) : null;
  if (kind === 'all') return { kind: 'all' };
  if (kind === 'tag') return rest ? { kind: 'tag', tag: rest } : null;
  if (id === null || id === 0) return null;
  if (kind === 'note') return { kind: 'note', noteId: id };
  if (kind === 'library') return { kind: 'library', libraryId: id };
  if (kind === 'anki') return { kind: 'anki', ankiDeckId: id };
  return { kind: 'concept', conceptId: id };
}

export function deckParam(deck: DrillDeck): string {
  if (deck.kind === 'all') return 'all';
  if (deck.kind === 'note') return `note:${deck.noteId}`;
  if (deck.kind === 'library') return `library:${deck.libraryId}`;
  if (deck.kind === 'tag') return `tag:${deck.tag}`;
  if (deck.kind === 'anki') return `anki:${deck.ankiDeckId}`;
  return `concept:${deck.conceptId}`;
}

/** A drills screen, on a deck when given. */
export function drillsHref(view: DrillView = 'home', deck: DrillDeck | null = null): string {
  const path = view === 'home' ? '#/drills' : `#/drills/${view}`;
  return deck && deck.kind !== 'all' ? `${path}?deck=${encodeURIComponent(deckParam(deck))}` : path;
}

/** A span of a note's text projection (UTF-16 offsets): a search hit to scroll to and flash. */
export interface TextSpan {
  start: number;
  end: number;
}

function parseSpan(value: string | null): TextSpan | null {
  const found = /^(\d+)-(\d+)$/.exec(value ?? '');
  if (!found) return null;
  const span = { start: Number(found[1]), end: Number(found[2]) };
  return span.end > span.start ? span : null;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts[0] === 'note' && /^\d+$/.test(parts[1] ?? '')) {
    const params = new URLSearchParams(query);
    return {
      screen: 'note',
      id: Number(parts[1]),
      section: parts[2] ?? null,
      annotation: params.get('annotation'),
      match: parseSpan(params.get('match')),
    };
  }
  if (parts[0] === 'annotations') return { screen: 'annotations' };
  if (parts[0] === 'concept' && /^\d+$/.test(parts[1] ?? '')) return { screen: 'concept', id: Number(parts[1]) };
  if (parts[0] === 'concepts' && parts[1] === 'path') {
    const params = new URLSearchParams(query);
    return { screen: 'concept-path', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  }
  if (parts[0] === 'concepts') return { screen: 'concepts' };
  if (parts[0] === 'sheets') return { screen: 'sheets' };
  if (parts[0] === 'sheet' && /^\d+$/.test(parts[1] ?? '')) return { screen: 'sheet', id: Number(parts[1]) };
  if (parts[0] === 'drills') {
    const view = (DRILL_VIEWS as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as DrillView) : 'home';
    return { screen: 'drills', view, deck: parseDeck(new URLSearchParams(query).get('deck')) };
  }
  if (parts[0] === 'progress') return { screen: 'progress' };
  if (parts[0] === 'card' && parts[1]) return { screen: 'card', id: parts[1] };
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

/** A note opened at a search hit: its section, with the matched text flashed. */
export function searchHitHref(noteId: number, section: string | null, match: TextSpan | null): string {
  return `${noteHref(noteId, section)}${match ? `?match=${match.start}-${match.end}` : ''}`;
}

export function conceptHref(id: number): string {
  return `#/concept/${id}`;
}

/** The path finder, with its ends (concept names) filled in when given. */
export function conceptPathHref(from = '', to = ''): string {
  const params = new URLSearchParams();
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  const query = params.toString();
  return `#/concepts/path${query ? `?${query}` : ''}`;
}

/** One drill card on a page of its own (the dashboard's weakest cards open here). */
export function cardHref(id: string): string {
  return `#/card/${encodeURIComponent(id)}`;
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
