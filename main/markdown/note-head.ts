/**
 * The head of a long note body: enough Markdown for a first screen, ending
 * where a block ends, so the reader can paint it at once while the whole
 * note (a 4 MB note of 200,000 links takes seconds to render) follows.
 * What the head shows may differ from the whole near its end (a fence or a
 * list cut short, a reference defined further down): the whole replaces it.
 */

/** Where to end a head of about `chars` characters: a blank line, else a line end, else a space. */
export function headEnd(body: string, chars: number): number {
  if (body.length <= chars) return body.length;
  const floor = Math.floor(chars / 2);
  const blank = body.lastIndexOf('\n\n', chars);
  if (blank >= floor) return blank + 1;
  const line = body.lastIndexOf('\n', chars);
  if (line >= floor) return line + 1;
  for (let at = chars - 1; at >= floor; at--) {
    const code = body.charCodeAt(at);
    if (code === 0x20 || code === 0x09) return at + 1;
  }
  // No break at all near there: cut, but never between the halves of a surrogate pair.
  const code = body.charCodeAt(chars - 1);
  return code >= 0xd800 && code <= 0xdbff ? chars + 1 : chars;
}
