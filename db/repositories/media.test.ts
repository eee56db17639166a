import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import type { Store } from '../open-store.js';
import { LibraryRepository } from './libraries.js';
import { MediaRepository, mediaHash } from './media.js';
import { NoteRepository } from './notes.js';
import type { NoteContent } from './notes.js';

let store: Store;
let media: MediaRepository;

beforeEach(() => {
  store = openStore(':memory:');
  media = new MediaRepository(store.db);
});

afterEach(() => store.close());

function note(path: string): number {
  const library =
    new LibraryRepository(store.db).findByRoot('/vault') ??
    new LibraryRepository(store.db).create('/vault', 'vault', 'user', '2026-01-01T00:00:00Z');
  const content: NoteContent = {
    title: path,
    frontMatter: {},
    tags: [],
    source: 'x',
    contentHash: path,
    text: 'x',
    byteSize: 1,
    warnings: [],
    sections: [],
    formulas: [],
    diagrams: [],
    links: [],
  };
  return new NoteRepository(store.db).save(library.id, path, content, '2026-01-01T00:00:00Z', undefined);
}

const row = (ref: string, hash: string | null, problem: string | null) => ({ ref, target: ref, isEmbed: false, hash, problem });

describe('MediaRepository', () => {
  it('stores a picture once under the sha256 of its bytes and gives it back', () => {
    const bytes = Buffer.from('GIF89a-one');
    const hash = media.putMedia(bytes, 'image/gif');
    expect(hash).toBe(mediaHash(bytes));
    expect(media.putMedia(Buffer.from('GIF89a-one'), 'image/gif')).toBe(hash);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM media').get()).toEqual({ n: 1 });
    expect(media.getMedia(hash)).toEqual({ hash, mime: 'image/gif', bytes });
    expect(media.hasMedia(hash)).toBe(true);
    expect(media.getMedia('0'.repeat(64))).toBeUndefined();
    expect(media.getMedia('../etc/passwd')).toBeUndefined();
  });

  it('keeps what each note’s references resolved to, replaced as a whole, and prunes pictures no note shows', () => {
    const a = note('a.md');
    const b = note('b.md');
    const shared = media.putMedia(Buffer.from('shared'), 'image/png');
    const onlyA = media.putMedia(Buffer.from('only a'), 'image/png');
    media.setNoteImages(a, [row('img/x.png', shared, null), row('[[y.png]]', onlyA, null), row('../out.png', null, 'outside')]);
    media.setNoteImages(b, [row('x.png', shared, null)]);
    expect(media.noteImages(a)).toEqual([
      { ref: '../out.png', hash: null, mime: null, problem: 'outside' },
      { ref: '[[y.png]]', hash: onlyA, mime: 'image/png', problem: null },
      { ref: 'img/x.png', hash: shared, mime: 'image/png', problem: null },
    ]);
    media.setNoteImages(a, [row('img/x.png', shared, null)]);
    expect(media.noteImages(a)).toHaveLength(1);
    expect(media.pruneUnused()).toBe(1);
    expect(media.hasMedia(onlyA)).toBe(false);
    expect(media.hasMedia(shared)).toBe(true);
  });
});
