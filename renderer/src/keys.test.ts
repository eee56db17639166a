import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindKeys } from './keys.js';

/** Real key events dispatched in a real page, as a keyboard sends them (target: the focused element). */
function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.activeElement ?? document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe('keyboard shortcuts', () => {
  let calls: string[];
  let unbind: () => void;
  let input: HTMLInputElement;

  beforeEach(() => {
    calls = [];
    unbind = bindKeys({
      focusSearch: () => calls.push('search'),
      step: (kind, direction) => calls.push(`${kind}${direction > 0 ? '+' : '-'}`),
      goLibrary: () => calls.push('library'),
    });
    input = document.createElement('input');
    document.body.append(input);
  });
  afterEach(() => {
    unbind();
    input.remove();
  });

  it('steps through sections and notes, and takes the key from the page', () => {
    const events = ['j', 'k', ']', '['].map((key) => press(key));
    expect(calls).toEqual(['section+', 'section-', 'note+', 'note-']);
    expect(events.every((event) => event.defaultPrevented)).toBe(true);
    expect(press('x').defaultPrevented).toBe(false);
  });

  it('g then l goes to the library; g then anything else does nothing', () => {
    press('g');
    press('l');
    press('g');
    press('j');
    press('l');
    expect(calls).toEqual(['library']);
  });

  it('/ and Ctrl+K focus search, Ctrl+K even while typing', () => {
    press('/');
    input.focus();
    press('k', { ctrlKey: true });
    expect(calls).toEqual(['search', 'search']);
  });

  it('leaves typing alone: letters in a text box are text, Escape leaves the box', () => {
    input.focus();
    for (const key of ['j', 'k', '/', 'g', 'l']) expect(press(key).defaultPrevented).toBe(false);
    expect(calls).toEqual([]);
    press('Escape');
    expect(document.activeElement).not.toBe(input);
  });

  it('does not take shortcuts held with a modifier (the browser’s own)', () => {
    press('j', { altKey: true });
    press('[', { metaKey: true });
    expect(calls).toEqual([]);
  });

  it('stops listening once unbound', () => {
    unbind();
    press('j');
    expect(calls).toEqual([]);
  });
});
