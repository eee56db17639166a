import '../styles/app.css';
import '../styles/mastery.css';
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mastery, NoteSummary } from '../../../main/api/contract.js';
import { preferences } from '../state/preferences.svelte.js';
import NoteCard from './NoteCard.svelte';

const note: NoteSummary = {
  id: 7,
  libraryId: 1,
  title: 'RLHF 流程：SFT、奖励模型与 PPO',
  path: 'rlhf.md',
  absolutePath: '/notes/rlhf.md',
  tags: ['alignment', 'rlhf'],
  sections: 9,
  formulas: 20,
  diagrams: 2,
  byteSize: 4096,
  updatedAt: '2026-12-01T00:00:00.000Z',
  removedAt: null,
};
const weak: Mastery = { level: 'weak', cards: 4, reviewed: 4, weak: 2, solid: 0, recall: 0.4 };

describe('a note card in the library (real layout)', () => {
  let host: HTMLElement;
  let apps: ReturnType<typeof mount>[];

  beforeEach(() => {
    preferences.localeChoice = 'en';
    host = document.createElement('div');
    // One card's width in the grid.
    host.style.width = '18rem';
    document.body.append(host);
    apps = [];
  });
  afterEach(() => {
    for (const app of apps) void unmount(app);
    host.remove();
  });

  function card(props: { mastery?: Mastery; isMasteryRead?: boolean }): HTMLElement {
    const target = document.createElement('div');
    host.append(target);
    apps.push(mount(NoteCard, { target, props: { note, ...props } }));
    flushSync();
    return target.querySelector('.note-card') as HTMLElement;
  }

  it('is as tall before the marks are read as with a mark or with none, so the marks arriving move nothing', () => {
    const waiting = card({});
    const marked = card({ mastery: weak, isMasteryRead: true });
    const withoutCards = card({ isMasteryRead: true });
    expect(waiting.querySelector('.note-card-mastery')?.textContent?.trim()).toBe('');
    expect(marked.querySelector('.mastery-mark')?.getAttribute('data-mastery')).toBe('weak');
    expect(withoutCards.querySelector('.note-card-mastery')?.textContent?.trim()).toBe('No cards');
    const height = waiting.getBoundingClientRect().height;
    expect(height).toBeGreaterThan(0);
    expect(marked.getBoundingClientRect().height).toBe(height);
    expect(withoutCards.getBoundingClientRect().height).toBe(height);
  });
});
