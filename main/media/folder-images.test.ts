import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaHash } from '../../db/repositories/media.js';
import { embedRef } from '../markdown/local-images.js';
import type { NoteImageRef } from '../markdown/local-images.js';
import { FolderImages, insideFolder } from './folder-images.js';
import { PNG_1X1 } from './picture-fixtures.js';

// Real files in a temp folder: a vault with notes in sub-folders, pictures
// beside them, an attachments folder, and a secret beside the vault.

const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

const posixIt = it.skipIf(process.platform === 'win32');

let work: string;
let vault: string;
let stored: Map<string, { bytes: Buffer; mime: string }>;
let images: FolderImages;

function write(relPath: string, content: string | Buffer): void {
  const abs = join(vault, relPath);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

function open(options = {}): FolderImages {
  return new FolderImages(
    vault,
    (bytes, mime) => {
      const hash = mediaHash(bytes);
      stored.set(hash, { bytes: Buffer.from(bytes), mime });
      return hash;
    },
    options,
  );
}

const md = (target: string): NoteImageRef => ({ ref: target, target, isEmbed: false });
const embed = (target: string): NoteImageRef => ({ ref: embedRef(target), target, isEmbed: true });

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-images-'));
  vault = join(work, 'vault');
  mkdirSync(vault);
  stored = new Map();
  images = open();
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('insideFolder', () => {
  it('resolves against the note’s folder and refuses what climbs out', () => {
    expect(insideFolder('ml/attention.md', 'img/a.png')).toBe('ml/img/a.png');
    expect(insideFolder('ml/attention.md', '../assets/x.png')).toBe('assets/x.png');
    expect(insideFolder('ml/attention.md', '/assets/x.png')).toBe('assets/x.png');
    expect(insideFolder('ml/attention.md', '..\\assets\\x.png')).toBe('assets/x.png');
    expect(insideFolder('ml/attention.md', '../../secret.png')).toBeUndefined();
    expect(insideFolder('a.md', '../x.png')).toBeUndefined();
    expect(insideFolder('a.md', 'img/../../x.png')).toBeUndefined();
  });
});

describe('FolderImages', () => {
  it('reads relative paths, ../ inside the folder, URL-encoded and Chinese names', () => {
    write('ml/img/attention.png', PNG_1X1);
    write('assets/x.png', PNG_1X1);
    write('ml/图片/注意力 机制.png', PNG_1X1);
    const hash = mediaHash(PNG_1X1);
    const refs = [
      md('img/attention.png'),
      md('../assets/x.png'),
      md('%E5%9B%BE%E7%89%87/%E6%B3%A8%E6%84%8F%E5%8A%9B%20%E6%9C%BA%E5%88%B6.png'),
      md('img/attention.png?raw=true'),
    ];
    expect(images.resolve('ml/note.md', refs)).toEqual(refs.map((ref) => ({ ...ref, hash, problem: null })));
    // Four references, one picture: stored once.
    expect(stored.size).toBe(1);
    expect(stored.get(hash)?.mime).toBe('image/png');
  });

  it('tells each picture type by its bytes', () => {
    write('a.jpg', JPEG_HEAD);
    write('b.gif', GIF);
    write('c.webp', WEBP);
    write('d.png', JPEG_HEAD); // a JPEG under a PNG name is still a JPEG
    images.resolve('n.md', [md('a.jpg'), md('b.gif'), md('c.webp'), md('d.png')]);
    expect([...stored.values()].map((file) => file.mime).sort()).toEqual(['image/gif', 'image/jpeg', 'image/webp']);
  });

  it('refuses a path outside the folder without reading it', () => {
    writeFileSync(join(work, 'secret.png'), PNG_1X1);
    expect(images.resolve('ml/note.md', [md('../../secret.png'), md('../secret.png')])).toEqual([
      { ...md('../../secret.png'), hash: null, problem: 'outside' },
      { ...md('../secret.png'), hash: null, problem: 'missing' },
    ]);
    expect(images.resolve('note.md', [md('../secret.png')])[0]?.problem).toBe('outside');
    expect(stored.size).toBe(0);
  });

  posixIt('refuses a symlink that leads out of the folder, and follows one that stays inside', () => {
    writeFileSync(join(work, 'secret.png'), PNG_1X1);
    write('real/inside.png', PNG_1X1);
    symlinkSync(join(work, 'secret.png'), join(vault, 'leak.png'));
    symlinkSync(work, join(vault, 'outside-dir'));
    symlinkSync(join(vault, 'real', 'inside.png'), join(vault, 'alias.png'));
    const result = images.resolve('n.md', [md('leak.png'), md('outside-dir/secret.png'), embed('leak.png'), md('alias.png')]);
    expect(result.map((r) => r.problem)).toEqual(['outside', 'outside', 'outside', null]);
    expect(stored.size).toBe(1);
  });

  it('refuses a file that is not a picture, whatever its name says', () => {
    write('fake.png', 'this is a text file\n');
    write('page.svg', '<html><body><svg></svg></body></html>');
    write('folder.png/inner.txt', 'x');
    expect(images.resolve('n.md', [md('fake.png'), md('page.svg'), md('folder.png')]).map((r) => r.problem)).toEqual([
      'not-image',
      'not-image',
      'not-image',
    ]);
    expect(stored.size).toBe(0);
  });

  it('refuses a picture over the size cap', () => {
    const small = open({ maxBytes: 100 });
    write('big.png', Buffer.concat([PNG_1X1, Buffer.alloc(200)]));
    write('small.png', PNG_1X1.subarray(0, 60));
    expect(small.resolve('n.md', [md('big.png'), md('small.png')]).map((r) => r.problem)).toEqual(['too-large', null]);
  });

  it('stores an SVG without its script, handlers or outside references, and with its namespace', () => {
    write(
      'd.svg',
      '<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script><a href="https://evil.example"><rect width="5" height="5"/></a><image href="https://evil.example/x.png"/><circle cx="5" cy="5" r="2" fill="url(https://evil.example/#g)" onclick="alert(3)"/><text x="1" y="9">安全</text></svg>',
    );
    const [result] = images.resolve('n.md', [md('d.svg')]);
    expect(result?.problem).toBeNull();
    const svg = stored.get(result?.hash ?? '')?.bytes.toString('utf8') ?? '';
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<circle');
    expect(svg).toContain('安全');
    for (const bad of ['script', 'alert', 'onload', 'onclick', 'evil.example', '<image', '<a ']) expect(svg).not.toContain(bad);
  });

  it('finds Obsidian embeds anywhere in the folder: the note’s own folder first, then the shortest path', () => {
    write('attachments/Pasted image 20240311.png', PNG_1X1);
    write('a/b/deep/more/Pasted image 20240311.png', JPEG_HEAD);
    write('notes/x.png', GIF);
    write('other/x.png', PNG_1X1);
    write('.trash/only-in-trash.png', PNG_1X1);
    const hashOf = (bytes: Buffer): string => mediaHash(bytes);
    expect(images.resolve('a/b/note.md', [embed('Pasted image 20240311.png')])[0]?.hash).toBe(hashOf(PNG_1X1));
    expect(images.resolve('notes/n.md', [embed('x.png')])[0]?.hash).toBe(hashOf(GIF));
    expect(images.resolve('top.md', [embed('x.png')])[0]?.hash).toBe(hashOf(GIF)); // same length: code-point order, notes/ < other/
    expect(images.resolve('top.md', [embed('more/Pasted image 20240311.png')])[0]?.hash).toBe(hashOf(JPEG_HEAD));
    // Case and a bare Markdown name resolve as Obsidian does; dot-folders are not the vault's.
    expect(
      images
        .resolve('top.md', [embed('pasted IMAGE 20240311.png'), md('Pasted%20image%2020240311.png'), embed('only-in-trash.png')])
        .map((r) => r.problem),
    ).toEqual([null, null, 'missing']);
  });

  it('says when a picture is missing, and reads nothing once the folder is gone', () => {
    expect(images.resolve('n.md', [md('nope.png'), embed('nope.png')]).map((r) => r.problem)).toEqual(['missing', 'missing']);
    const gone = new FolderImages(join(work, 'gone'), () => 'x');
    expect(gone.isAvailable).toBe(false);
  });
});
