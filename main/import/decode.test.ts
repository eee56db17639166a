import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeNoteBytes, NoteFileError } from './decode.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('decodeNoteBytes', () => {
  it('reads plain UTF-8 with no warnings', () => {
    expect(decodeNoteBytes(utf8('# 注意力\n$x$'))).toEqual({
      text: '# 注意力\n$x$',
      warnings: [],
      encoding: 'utf-8',
      encodingName: 'UTF-8',
      replaced: 0,
    });
  });

  it('strips a UTF-8 byte order mark', () => {
    const decoded = decodeNoteBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('---\ntitle: 标题\n---')]));
    expect(decoded.text).toBe('---\ntitle: 标题\n---');
    expect(decoded.text.charCodeAt(0)).toBe(0x2d);
  });

  it('turns CRLF and lone CR line ends into LF', () => {
    expect(decodeNoteBytes(utf8('第一行\r\n第二行\r第三行\n')).text).toBe('第一行\n第二行\n第三行\n');
  });

  it('decodes the CRLF + BOM fixture into clean text', () => {
    const bytes = readFileSync(new URL('./fixtures/crlf-bom.md', import.meta.url));
    // Guard against a checkout that normalized the fixture's line ends.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes(0x0d)).toBe(true);
    const { text, warnings } = decodeNoteBytes(bytes);
    expect(text.startsWith('---\ntitle: Windows 记事本笔记\n')).toBe(true);
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\ufeff');
    expect(warnings).toEqual([]);
  });

  it('replaces invalid bytes with U+FFFD and says how many', () => {
    const { text, warnings } = decodeNoteBytes(Uint8Array.from([...utf8('好'), 0xff, ...utf8('的'), 0xc3]));
    expect(text).toBe('好\ufffd的\ufffd');
    expect(warnings).toEqual(['not valid UTF-8: 2 invalid byte sequences replaced with �']);
    // One damaged byte after UTF-8 text. (A lone 0xFE after ASCII, which this
    // test used before, is now read as Windows-1252 "þ": see decode-encodings.test.ts.)
    expect(decodeNoteBytes(Uint8Array.from([...utf8('注意力'), 0xfe])).warnings).toEqual([
      'not valid UTF-8: 1 invalid byte sequence replaced with �',
    ]);
  });

  it('reads UTF-16 LE and BE with a byte order mark', () => {
    const text = '# 标题\r\n正文 KV cache';
    const le = Buffer.from(text, 'utf16le');
    expect(decodeNoteBytes(Uint8Array.from([0xff, 0xfe, ...le]))).toEqual({
      text: '# 标题\n正文 KV cache',
      warnings: [],
      encoding: 'utf-16le',
      encodingName: 'UTF-16 LE',
      replaced: 0,
    });
    const be = Buffer.from(le).swap16();
    expect(decodeNoteBytes(Uint8Array.from([0xfe, 0xff, ...be])).text).toBe('# 标题\n正文 KV cache');
  });

  it('refuses a file with NUL bytes as binary, with a message for the user', () => {
    expect(() => decodeNoteBytes(Uint8Array.from([0x23, 0x20, 0x00, 0x41]))).toThrow(NoteFileError);
    expect(() => decodeNoteBytes(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00]))).toThrow(/binary file \(it contains NUL bytes\)/);
  });

  it('reads an empty file as an empty note', () => {
    expect(decodeNoteBytes(new Uint8Array())).toEqual({ text: '', warnings: [], encoding: 'utf-8', encodingName: 'UTF-8', replaced: 0 });
  });
});
