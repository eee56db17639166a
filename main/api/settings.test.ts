import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import { chosenLanguage } from './settings.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-settings-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('settings.setLanguage', () => {
  it('remembers the language shown, tells the platform only when it changes, and refuses others', async () => {
    const changes: string[] = [];
    const app = openLattice({
      dataDir: work,
      withStarter: false,
      platform: { languageChanged: (language) => void changes.push(language) },
    });
    expect(chosenLanguage(app.context)).toBe('en');
    expect(await app.call('settings.setLanguage', { language: 'zh' })).toEqual({ language: 'zh' });
    await app.call('settings.setLanguage', { language: 'zh' });
    await app.call('settings.setLanguage', { language: 'en' });
    expect(changes).toEqual(['zh', 'en']);
    await expect(app.call('settings.setLanguage', { language: 'fr' as 'en' })).rejects.toThrow(/bad argument/);
    await app.call('settings.setLanguage', { language: 'zh' });
    app.close();

    const again = openLattice({ dataDir: work, withStarter: false });
    expect(chosenLanguage(again.context)).toBe('zh');
    again.close();
  });
});
