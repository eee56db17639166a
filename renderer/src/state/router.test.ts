import { afterEach, describe, expect, it } from 'vitest';
import {
  annotationHref,
  cardHref,
  conceptPathHref,
  deckParam,
  drillsHref,
  noteHref,
  parseDeck,
  parseRoute,
  router,
  searchHitHref,
} from './router.svelte.js';

describe('routes', () => {
  it('reads every screen from its hash', () => {
    expect(parseRoute('')).toEqual({ screen: 'library' });
    expect(parseRoute('#/')).toEqual({ screen: 'library' });
    expect(parseRoute('#/note/12')).toEqual({ screen: 'note', id: 12, section: null, annotation: null, match: null });
    expect(parseRoute('#/annotations')).toEqual({ screen: 'annotations' });
    expect(parseRoute('#/concept/3')).toEqual({ screen: 'concept', id: 3 });
    expect(parseRoute('#/concepts')).toEqual({ screen: 'concepts' });
    expect(parseRoute('#/sheet/9')).toEqual({ screen: 'sheet', id: 9 });
    expect(parseRoute('#/drills/review?deck=note:4')).toEqual({ screen: 'drills', view: 'review', deck: { kind: 'note', noteId: 4 } });
    expect(parseRoute('#/progress')).toEqual({ screen: 'progress' });
    expect(parseRoute('#/settings')).toEqual({ screen: 'settings' });
  });

  it('round-trips the links it makes, Chinese and odd characters included', () => {
    expect(parseRoute(noteHref(5, '为什么-要缩放？'))).toMatchObject({ screen: 'note', id: 5, section: '为什么-要缩放？' });
    expect(parseRoute(annotationHref(5, 'a/b?c'))).toMatchObject({ id: 5, annotation: 'a/b?c' });
    expect(parseRoute(searchHitHref(5, 'kv', { start: 10, end: 14 }))).toMatchObject({ section: 'kv', match: { start: 10, end: 14 } });
    expect(parseRoute(conceptPathHref('SFT', '奖励模型 & RM'))).toEqual({ screen: 'concept-path', from: 'SFT', to: '奖励模型 & RM' });
    expect(parseRoute(cardHref('q:12/3'))).toEqual({ screen: 'card', id: 'q:12/3' });
    expect(parseRoute(drillsHref('mock', { kind: 'tag', tag: '面试 八股' }))).toEqual({
      screen: 'drills',
      view: 'mock',
      deck: { kind: 'tag', tag: '面试 八股' },
    });
  });

  it('falls back safely on hashes a person could type or paste', () => {
    expect(parseRoute('#/note/abc')).toEqual({ screen: 'library' });
    expect(parseRoute('#/note/1/%E0%A4%A')).toMatchObject({ screen: 'note', section: '%E0%A4%A' });
    expect(parseRoute('#/note/1?match=9-3')).toMatchObject({ match: null });
    expect(parseRoute('#/drills/nonsense')).toMatchObject({ view: 'home' });
    expect(parseDeck('note:0')).toBeNull();
    expect(parseDeck('tag:')).toBeNull();
    expect(parseDeck('javascript:alert(1)')).toBeNull();
    for (const deck of [{ kind: 'all' }, { kind: 'library', libraryId: 2 }, { kind: 'concept', conceptId: 7 }] as const)
      expect(parseDeck(deckParam(deck))).toEqual(deck);
  });
});

describe('the router (real location and hashchange)', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('follows the address bar and goes where it is told, also to the route it is on', async () => {
    const changed = (): Promise<void> => new Promise((resolve) => addEventListener('hashchange', () => resolve(), { once: true }));
    let next = changed();
    location.hash = '#/concept/8';
    await next;
    expect(router.route).toEqual({ screen: 'concept', id: 8 });

    next = changed();
    router.go('#/sheets');
    await next;
    expect(location.hash).toBe('#/sheets');
    expect(router.route).toEqual({ screen: 'sheets' });

    // Going to the hash already shown re-reads it at once (no hashchange would come).
    router.go('#/sheets');
    expect(router.route).toEqual({ screen: 'sheets' });
  });
});
