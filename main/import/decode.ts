/** Raised for a file that cannot become a note; the message is shown to the user. */
export class NoteFileError extends Error {
  override name = 'NoteFileError';
}

export interface DecodedText {
  text: string;
  warnings: string[];
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Bytes of a note file to text: UTF-8 with or without BOM (UTF-16 with a BOM
 * too), line ends normalized to '\n', Unicode to NFC. Invalid UTF-8 is replaced with U+FFFD
 * and reported, never fatal: a note with one bad byte is still worth reading.
 */
export function decodeNoteBytes(bytes: Uint8Array): DecodedText {
  const warnings: string[] = [];
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    if (body.includes(0)) throw new NoteFileError('looks like a binary file (it contains NUL bytes), not a text note');
    try {
      text = utf8Strict.decode(body);
    } catch {
      text = utf8Lossy.decode(body);
      const replaced = (text.match(/\uFFFD/g) ?? []).length;
      warnings.push(`not valid UTF-8: ${replaced} invalid byte sequence${replaced === 1 ? '' : 's'} replaced with �`);
    }
  }
  // NFC: the same visible text always has the same code units, so an editor
  // that saves decomposed accents does not move anyone's annotations.
  return { text: text.replace(/\r\n?/g, '\n').normalize('NFC'), warnings };
}
