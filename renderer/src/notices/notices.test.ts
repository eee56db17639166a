import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../api/client.js';
import { preferences } from '../state/preferences.svelte.js';
import { errorWords } from './error-words.js';
import Notices from './Notices.svelte';
import { notices } from './notices.svelte.js';

describe('error words', () => {
  it('words an API error by its type and keeps its message (an Internal one carries the reference)', () => {
    expect(errorWords(new ApiCallError({ type: 'NotFound', message: 'note 4 not found' }))).toEqual({
      key: 'notice.error.notFound',
      detail: 'note 4 not found',
    });
    expect(errorWords(new ApiCallError({ type: 'Invalid', message: 'name is empty' })).key).toBe('notice.error.invalid');
    expect(errorWords(new ApiCallError({ type: 'Internal', message: 'x failed (error 1a2b)' }))).toEqual({
      key: 'notice.error.internal',
      detail: 'x failed (error 1a2b)',
    });
  });

  it('says a failure that is not an API error (the host unreachable) as such', () => {
    expect(errorWords(new TypeError('Failed to fetch'))).toEqual({ key: 'notice.error.unexpected', detail: 'Failed to fetch' });
    expect(errorWords('plain')).toEqual({ key: 'notice.error.unexpected', detail: 'plain' });
    expect(errorWords({ type: 'Bogus', message: 'x' }).key).toBe('notice.error.unexpected');
  });
});

describe('the notices component (real DOM, real focus)', () => {
  let app: ReturnType<typeof mount>;
  let host: HTMLElement;
  let opener: HTMLButtonElement;

  beforeEach(() => {
    preferences.localeChoice = 'en';
    opener = document.createElement('button');
    opener.textContent = 'Delete link';
    document.body.append(opener);
    host = document.createElement('div');
    document.body.append(host);
    app = mount(Notices, { target: host });
  });
  afterEach(() => {
    while (notices.question) notices.answer(false);
    for (const notice of notices.list) notices.dismiss(notice.id);
    flushSync();
    void unmount(app);
    host.remove();
    opener.remove();
    preferences.localeChoice = 'system';
  });

  const dialog = (): HTMLDialogElement | null => document.querySelector('dialog[role="alertdialog"]');
  const key = (key: string, target: Element | null = document.activeElement, init: KeyboardEventInit = {}): void => {
    target?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
    flushSync();
  };

  async function ask(message: string): Promise<{ answer: Promise<boolean> }> {
    opener.focus();
    const answer = notices.ask(message, { confirmLabel: 'Delete', isDestructive: true });
    flushSync();
    await Promise.resolve();
    return { answer };
  }

  it('opens a modal dialog named and described for assistive tech, with focus on the confirm button', async () => {
    await ask('Delete the link with “PPO”?');
    const box = dialog();
    expect(box?.open).toBe(true);
    expect(box?.matches(':modal')).toBe(true);
    expect(document.getElementById(box?.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Delete the link with “PPO”?');
    expect(document.getElementById(box?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Please confirm');
    expect(document.activeElement?.textContent?.trim()).toBe('Delete');
  });

  it('Enter confirms, and focus goes back to what opened it', async () => {
    const { answer } = await ask('Merge?');
    key('Enter', dialog());
    await expect(answer).resolves.toBe(true);
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('Escape cancels, and the page’s own shortcuts never see the key', async () => {
    const seen: string[] = [];
    const listen = (event: KeyboardEvent): number => seen.push(event.key);
    addEventListener('keydown', listen);
    const { answer } = await ask('Delete?');
    key('j');
    key('Escape');
    removeEventListener('keydown', listen);
    await expect(answer).resolves.toBe(false);
    expect(seen).toEqual([]);
    expect(document.activeElement).toBe(opener);
  });

  it('keeps Tab between its buttons, both ways', async () => {
    await ask('Delete?');
    key('Tab');
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel');
    key('Tab');
    expect(document.activeElement?.textContent?.trim()).toBe('Delete');
    key('Tab', document.activeElement, { shiftKey: true });
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel');
    // Enter on the focused Cancel button is that button's click, not a confirmation.
    (document.activeElement as HTMLButtonElement).click();
    flushSync();
    expect(dialog()).toBeNull();
  });

  it('asks one question at a time, in order, each answered once', async () => {
    opener.focus();
    const first = notices.ask('First?');
    const second = notices.ask('Second?');
    flushSync();
    expect(dialog()?.textContent).toContain('First?');
    key('Escape', dialog());
    await expect(first).resolves.toBe(false);
    expect(dialog()?.textContent).toContain('Second?');
    key('Enter', dialog());
    await expect(second).resolves.toBe(true);
    expect(dialog()).toBeNull();
  });

  it('shows information in a status toast and errors in an alert, worded by type, until dismissed', () => {
    notices.show('No note named “X”.');
    notices.error(new ApiCallError({ type: 'NotFound', message: 'note 4 not found' }));
    flushSync();
    const status = document.querySelector('[role="status"]');
    const alert = document.querySelector('[role="alert"]');
    expect(status?.textContent).toContain('No note named “X”.');
    expect(alert?.textContent).toContain('It is no longer there: note 4 not found');
    (alert?.querySelector('button') as HTMLButtonElement).click();
    flushSync();
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows hostile text as text', () => {
    notices.error(new ApiCallError({ type: 'Invalid', message: '<img src=x onerror="window.__pwned=1">' }));
    flushSync();
    expect(document.querySelector('[role="alert"] img')).toBeNull();
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('<img src=x');
  });
});
