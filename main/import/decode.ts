import { guessEncoding } from './detect-encoding.js';
import { decodeCounting, decodeWith, encodingName } from './encodings.js';

/** Raised for a file that cannot become a note; the message is shown to the user. */
export class NoteFileError extends Error {
  override name = 'NoteFileError';
}

export interface DecodedText {
  text: string;
  warnings: string[];
  /** WHATWG label of the encoding the file was read in ('utf-8', 'gb18030', 'utf-16le', …). */
  encoding: string;
  /** That encoding as a person names it ('UTF-8', 'GBK', 'UTF-16 LE'). */
  encodingName: string;
  /** Characters of the file that could not be read and are now U+FFFD: 0 for a clean reading. */
  replaced: number;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Byte order marks, longest first: UTF-32 LE's starts with UTF-16 LE's. */
const BYTE_ORDER_MARKS: { label: string; bytes: number[] }[] = [
  { label: 'utf-32le', bytes: [0xff, 0xfe, 0x00, 0x00] },
  { label: 'utf-32be', bytes: [0x00, 0x00, 0xfe, 0xff] },
  { label: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { label: 'utf-16le', bytes: [0xff, 0xfe] },
  { label: 'utf-16be', bytes: [0xfe, 0xff] },
];

/**
 * Bytes of a note file to text, line ends normalized to '\n', Unicode to NFC.
 * Valid UTF-8 (with or without BOM) is read at once, with no guessing: that
 * is nearly every note. A byte order mark decides UTF-8, UTF-16 or UTF-32.
 * Text with NUL bytes is read as UTF-16/UTF-32 without a mark when it reads
 * cleanly so, and refused as binary otherwise. Anything else was saved in
 * another encoding (GBK, Big5, Shift-JIS, Windows-1252, …) or is UTF-8 with
 * damaged bytes: the encoding is guessed (detect-encoding.ts) and named in a
 * warning. What cannot be read becomes U+FFFD, counted in `replaced` and
 * reported, never fatal: a note with one bad byte is still worth reading.
 */
export function decodeNoteBytes(bytes: Uint8Array): DecodedText {
  const warnings: string[] = [];
  const mark = BYTE_ORDER_MARKS.find((m) => m.bytes.every((byte, i) => bytes[i] === byte));
  let encoding: string;
  let text: string;
  let name: string | undefined;
  let replaced = 0;
  if (mark && mark.label !== 'utf-8') {
    encoding = mark.label;
    ({ text, replaced } = decodeCounting(encoding, bytes.subarray(mark.bytes.length)));
  } else {
    const body = mark ? bytes.subarray(mark.bytes.length) : bytes;
    if (body.includes(0)) {
      const wide = mark ? undefined : readUnmarkedWideText(body);
      if (!wide) throw new NoteFileError('looks like a binary file (it contains NUL bytes), not a text note');
      ({ encoding, text } = wide);
      warnings.push(`decoded as ${encodingName(encoding)}: the file has no byte order mark`);
    } else {
      try {
        encoding = 'utf-8';
        text = utf8Strict.decode(body);
      } catch {
        // A UTF-8 mark says UTF-8 even when some bytes are damaged.
        encoding = mark ? 'utf-8' : guessEncoding(body).label;
        ({ text, replaced } = decodeCounting(encoding, body));
        if (encoding !== 'utf-8') {
          name = legacyName(encoding, body);
          warnings.push(`decoded as ${name}: the file is not UTF-8`);
        }
      }
    }
  }
  if (replaced > 0) {
    const sequences = `${replaced} invalid byte sequence${replaced === 1 ? '' : 's'} replaced with �`;
    warnings.push(`not valid ${name ?? encodingName(encoding)}: ${sequences}`);
  }
  // NFC: the same visible text always has the same code units, so an editor
  // that saves decomposed accents does not move anyone's annotations.
  return {
    text: text.replace(/\r\n?/g, '\n').normalize('NFC'),
    warnings,
    encoding,
    encodingName: name ?? encodingName(encoding),
    replaced,
  };
}

/** GBK (what Windows editors save Chinese in) unless the file uses GB18030's four-byte sequences. */
function legacyName(label: string, bytes: Uint8Array): string {
  if (label !== 'gb18030') return encodingName(label);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte < 0x81 || byte > 0xfe) continue;
    const next = bytes[i + 1] ?? 0;
    if (next >= 0x30 && next <= 0x39) return 'GB18030';
    i++; // the trail byte of a two-byte character
  }
  return 'GBK';
}

/** Only text: tabs, line and page breaks are the sole control characters a note holds. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const NOT_TEXT = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\uFFFD]/;

/**
 * UTF-32 or UTF-16 saved without a byte order mark (some Windows tools do).
 * Their NUL bytes are the high bytes of ASCII characters, so a NUL count
 * tells which byte order to try; the reading is kept only if it is clean
 * text with some space or line break in it — a binary file read this way
 * turns into control characters and unpaired surrogates.
 */
function readUnmarkedWideText(bytes: Uint8Array): { encoding: string; text: string } | undefined {
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) zeros[i % 4]! += 1;
  const [z0, z1, z2, z3] = zeros as [number, number, number, number];
  const candidates: string[] = [];
  if (bytes.length % 4 === 0) candidates.push(z3 >= z0 ? 'utf-32le' : 'utf-32be');
  if (bytes.length % 2 === 0) candidates.push(z1 + z3 > z0 + z2 ? 'utf-16le' : 'utf-16be');
  for (const encoding of candidates) {
    const text = decodeWith(encoding, bytes);
    if (!NOT_TEXT.test(text) && /[ \n]/.test(text)) return { encoding, text };
  }
  return undefined;
}
