/**
 * JavaScript's `\s` by code unit, for loops over a note's text that test one
 * character at a time: a regular expression per character was a good part of
 * what finding questions cost on import. The reader's text map uses it too,
 * since the projection's whitespace is the same set. The same set as `/\s/` and as what
 * String.prototype.trim removes (WhiteSpace and LineTerminator: the Unicode
 * space separators, U+FEFF, tab, the line breaks); main/markdown/js-space.test.ts checks
 * every code unit against `/\s/`.
 */
export function isJsSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
