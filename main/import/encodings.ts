import { createRequire } from 'node:module';

/**
 * The encodings a note file can be read in, by WHATWG label (what TextDecoder
 * takes), with the name a person knows them by. 'gb18030' covers GBK and
 * GB2312: GB18030 is a superset of both, so the GB decoder reads all three.
 */
const NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'utf-32le': 'UTF-32 LE',
  'utf-32be': 'UTF-32 BE',
  gb18030: 'GB18030',
  big5: 'Big5',
  shift_jis: 'Shift-JIS',
  'euc-jp': 'EUC-JP',
  'euc-kr': 'EUC-KR',
  'koi8-r': 'KOI8-R',
};

/** How a person names an encoding: 'Windows-1252', 'Big5', 'ISO-8859-2'. */
export function encodingName(label: string): string {
  return NAMES[label] ?? label.replace(/^windows-/, 'Windows-').replace(/^iso-/, 'ISO-');
}

// Loaded on first use: a library of UTF-8 notes never needs them, and the
// browser host starts faster without them.
const requireModule = createRequire(import.meta.url);
let iconvModule: typeof import('iconv-lite') | undefined;
function iconv(): typeof import('iconv-lite') {
  iconvModule ??= requireModule('iconv-lite') as typeof import('iconv-lite');
  return iconvModule;
}

let chardetModule: typeof import('chardet') | undefined;
/** The chardet detector (ICU's recognisers, ported): what it makes of some bytes, most likely first. */
export function chardetAnalyse(bytes: Uint8Array): { name: string; confidence: number }[] {
  chardetModule ??= requireModule('chardet') as typeof import('chardet');
  return chardetModule.analyse(bytes);
}

/**
 * The Unicode encodings, read by TextDecoder (native and fast). Every other
 * encoding is read by iconv-lite, which follows the WHATWG tables the same
 * way in every runtime: Node 20's ICU-backed TextDecoder reads 'windows-1252'
 * as ISO-8859-1 (smart quotes become C1 control characters), and how it reads
 * 'gbk' or whether it has the CJK encodings at all depends on the ICU a Node
 * or Electron was built with.
 */
const nativeDecoders = new Map<string, TextDecoder>(
  ['utf-8', 'utf-16le', 'utf-16be'].map((label) => [label, new TextDecoder(label, { fatal: false, ignoreBOM: true })]),
);

/**
 * `bytes` read as `label`; what cannot be read becomes U+FFFD. With
 * `isPrefix`, a character cut at the end of the bytes is left out rather than
 * replaced: the bytes are a sample of a longer file.
 */
export function decodeWith(label: string, bytes: Uint8Array, isPrefix = false): string {
  const native = nativeDecoders.get(label);
  if (native) {
    if (!isPrefix) return native.decode(bytes);
    // A fresh decoder: a streaming call leaves state behind in a shared one.
    return new TextDecoder(label, { fatal: false, ignoreBOM: true }).decode(bytes, { stream: true });
  }
  const text = iconv().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), label, { stripBOM: false });
  // iconv-lite replaces a cut last character; a sample should not count it as unreadable.
  return isPrefix && text.endsWith('\uFFFD') ? text.slice(0, -1) : text;
}

const strictDecoders = new Map<string, TextDecoder>();

/**
 * `bytes` read as `label`, with how many characters could not be read (now
 * U+FFFD). A U+FFFD the file itself holds is not counted where the decoder
 * can tell (the Unicode encodings); legacy encodings cannot hold one anyway.
 */
export function decodeCounting(label: string, bytes: Uint8Array): { text: string; replaced: number } {
  if (nativeDecoders.has(label)) {
    let strict = strictDecoders.get(label);
    if (!strict) strictDecoders.set(label, (strict = new TextDecoder(label, { fatal: true, ignoreBOM: true })));
    try {
      return { text: strict.decode(bytes), replaced: 0 };
    } catch {
      // Damaged: read what can be read, below.
    }
  }
  const text = decodeWith(label, bytes);
  let replaced = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) replaced++;
  return { text, replaced };
}
