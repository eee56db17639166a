import { afterEach, describe, expect, it } from 'vitest';
import { readPersisted } from './persisted.js';
import { preferences } from './preferences.svelte.js';

describe('preferences (real localStorage)', () => {
  afterEach(() => {
    preferences.theme = 'system';
    preferences.localeChoice = 'system';
    preferences.fontSize = 17;
  });

  it('remembers the theme, language and size across launches, and words the UI in the chosen language', () => {
    preferences.theme = 'dark';
    preferences.localeChoice = 'zh';
    expect(preferences.isDark).toBe(true);
    expect(readPersisted('lattice.theme', 'system', (v): v is string => typeof v === 'string')).toBe('dark');
    expect(preferences.t('annotations.count', { n: 3 })).toBe('3 条批注');
    preferences.localeChoice = 'en';
    expect(preferences.t('annotations.count', { n: 1 })).toBe('1 annotation');
    expect(readPersisted('lattice.locale', 'system', (v): v is string => typeof v === 'string')).toBe('en');
  });

  it('keeps the font size in its range, whatever is asked', () => {
    preferences.fontSize = 99;
    expect(preferences.fontSize).toBe(28);
    preferences.fontSize = 3.4;
    expect(preferences.fontSize).toBe(12);
  });

  it('falls back to the default for a broken stored value', () => {
    localStorage.setItem('lattice.broken', '{not json');
    expect(readPersisted('lattice.broken', 17, (v): v is number => typeof v === 'number')).toBe(17);
    localStorage.setItem('lattice.broken', '"big"');
    expect(readPersisted('lattice.broken', 17, (v): v is number => typeof v === 'number')).toBe(17);
    localStorage.removeItem('lattice.broken');
  });
});
