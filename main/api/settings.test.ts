import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openLattice } from '../app.js';
import { dispatch } from './dispatch.js';
import type { HandlerTable } from './handler.js';
import { chosenLanguage } from './settings.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-settings-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('settings.setLanguage', () => {
  it('remembers the language shown, tells the platform only when it changes, and refuses others', async () => {
    const changes: string[] = [];
    const app = openLattice({ dataDir: work, withStarter: false, platform: { languageChanged: (language) => void changes.push(language) } });
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

describe('settings.diagnostics', () => {
  it('gives versions, sizes, counts and the log’s last error with its frames, and nothing a note says', async () => {
    const notes = join(work, 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'secret.md'), '# 紫色长颈鹿 Giraffe Title\n\nThe passphrase is purple-giraffe-7731.\n');
    const app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
    await app.call('library.import', { paths: [notes] });
    await app.idle();
    // A bug whose message quotes the note, as a parser's complaint would.
    const broken: Partial<HandlerTable> = {
      ...app.table,
      'notes.get': { schema: z.object({ id: z.number() }), run: () => { throw new Error('choked on: purple-giraffe-7731 in 紫色长颈鹿'); } },
    };
    const failed = await dispatch(broken, 'notes.get', { id: 1 });
    const reference = failed.ok ? '' : /error ([0-9a-f]{8})/.exec(failed.error.message)![1]!;
    expect(reference).toMatch(/^[0-9a-f]{8}$/);

    const diagnostics = await app.call('settings.diagnostics', {});
    app.close();
    const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect(diagnostics.lattice).toBe(version);
    expect(diagnostics.runtime).toBe(`Node ${process.versions.node}`);
    expect(diagnostics.platform).toContain(process.platform);
    expect(diagnostics.logFile).toBe(join(work, 'data', 'logs', 'lattice.log'));
    expect(diagnostics.notes).toBe(1);
    expect(diagnostics.cards).toBe(0);
    expect(diagnostics.dataDirBytes).toBeGreaterThan(0);
    expect(diagnostics.recentErrors).toHaveLength(1);
    expect(diagnostics.recentErrors[0]).toContain(`internal error ${reference} in notes.get [Error]`);
    expect(diagnostics.recentErrors[0]).toMatch(/\n {4}at .*settings\.test\.ts/);
    // The log itself keeps the whole story for whoever reads it on this machine…
    expect(readFileSync(diagnostics.logFile, 'utf8')).toContain('purple-giraffe-7731');
    // …but what the person copies holds no note text, title or error message.
    const copied = JSON.stringify(diagnostics);
    for (const secret of ['purple-giraffe', '紫色长颈鹿', 'Giraffe', 'passphrase', 'choked']) expect(copied).not.toContain(secret);
  });
});
