import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { mediaHash } from '../../db/repositories/media.js';
import { PNG_1X1 } from './picture-fixtures.js';

// A vault with local pictures, imported through the app's own call; then the
// vault disappears and the store still shows them, in the reader and in a
// sheet's HTML export.

let work: string;
let vault: string;
const opened: Lattice[] = [];

function lattice(): Lattice {
  const app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  opened.push(app);
  return app;
}

function write(relPath: string, content: string | Buffer): void {
  const abs = join(vault, relPath);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-vault-'));
  vault = join(work, 'vault');
  write(
    'ml/attention.md',
    '# 注意力\n\n![注意力](img/attention.png)\n\n![[Pasted image 20240311.png|300]]\n\n![秘密](../../secret.png)\n\n![](https://pic.example.com/a.png)\n\n<img src="img/attention.png" alt="原图" style="zoom:50%;" />\n',
  );
  write('ml/img/attention.png', PNG_1X1);
  write('attachments/Pasted image 20240311.png', PNG_1X1);
  write('other.md', '# 另一篇\n\n![同一张](ml/img/attention.png)\n');
  writeFileSync(join(work, 'secret.png'), PNG_1X1);
});

afterEach(() => {
  for (const app of opened.splice(0)) app.close();
  rmSync(work, { recursive: true, force: true });
});

async function noteId(app: Lattice, path: string): Promise<number> {
  const notes = await app.call('notes.list', {});
  return notes.find((n) => n.path === path)?.id ?? 0;
}

describe('importing a folder with local images', () => {
  it('copies each picture into the store once and the reader shows it from there, even once the folder is gone', async () => {
    const app = lattice();
    await app.call('library.import', { paths: [vault] });
    const hash = mediaHash(PNG_1X1);
    const id = await noteId(app, 'ml/attention.md');
    const render = async (): Promise<string> => (await app.call('notes.render', { id, format: 'html' })).content;
    let html = await render();
    expect(html).toContain(`<img src="/media/${hash}" alt="注意力"`);
    expect(html).toContain(`<img src="/media/${hash}" alt="" width="300"`);
    expect(html).toContain(`<img src="/media/${hash}" alt="原图"`);
    expect(html).toContain('data-problem="outside"');
    expect(html).toContain('data-host="pic.example.com"');
    // Three references in two notes, one picture; the file outside the folder was never stored.
    expect(app.store.db.prepare('SELECT COUNT(*) AS n FROM media').get()).toEqual({ n: 1 });
    expect(app.getMedia(hash)?.bytes.equals(PNG_1X1)).toBe(true);

    rmSync(vault, { recursive: true, force: true });
    html = await render();
    expect(html).toContain(`<img src="/media/${hash}" alt="注意力"`);
    expect(app.getMedia(hash)?.mime).toBe('image/png');
  });

  it('reads a changed picture reference again on re-import, and keeps the pictures when a reread finds no folder', async () => {
    const app = lattice();
    await app.call('library.import', { paths: [vault] });
    const id = await noteId(app, 'other.md');
    write('other.md', '# 另一篇\n\n![没有](nope.png)\n');
    await app.call('library.import', { paths: [vault] });
    expect((await app.call('notes.render', { id, format: 'html' })).content).toContain('data-problem="missing"');

    const attention = await noteId(app, 'ml/attention.md');
    rmSync(vault, { recursive: true, force: true });
    app.store.db.prepare("DELETE FROM settings WHERE key = 'readingVersion'").run();
    await app.idle();
    opened.splice(0).forEach((open) => open.close());
    const reread = lattice();
    await reread.idle();
    expect((await reread.call('notes.render', { id: attention, format: 'html' })).content).toContain('<img src="/media/');
  });

  it('finds a picture that arrives after its unchanged note, on the next import', async () => {
    write('late.md', '# 晚到的图\n\n![晚到](img/late.png) ![[later.png]]\n');
    const app = lattice();
    await app.call('library.import', { paths: [vault] });
    const id = await noteId(app, 'late.md');
    const render = async (): Promise<string> => (await app.call('notes.render', { id, format: 'html' })).content;
    expect((await render()).match(/data-problem="missing"/g)).toHaveLength(2);
    write('img/late.png', PNG_1X1);
    write('deep/folder/later.png', PNG_1X1);
    const report = await app.call('library.import', { paths: [vault] });
    expect(report.unchanged).toBe(3);
    const html = await render();
    expect(html).not.toContain('data-problem');
    expect(html.match(/<img src="\/media\//g)).toHaveLength(2);
  });

  it('inlines the pictures into a sheet’s HTML export as data: URIs', async () => {
    const app = lattice();
    await app.call('library.import', { paths: [vault] });
    const id = await noteId(app, 'ml/attention.md');
    const sheet = await app.call('sheets.create', { title: '图' });
    const withItem = await app.call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'section', noteId: id, section: '注意力' } });
    expect(withItem.items[0]?.html).toContain('<img src="/media/');
    const exported = await app.call('sheets.export', { id: sheet.id, format: 'html' });
    expect(exported.content).toContain(`<img src="data:image/png;base64,${PNG_1X1.toString('base64')}"`);
    expect(exported.content).not.toContain('/media/');
    expect(exported.content).toContain('data-problem="outside"');
  });
});
