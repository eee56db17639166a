import { isJsSpace } from '../../common/js-space.js';

/** Whether text[from, to) is only `\s`: what `text.slice(from, to).trim() === ''` says, without the slice. */
export function isBlankBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isJsSpace(text.charCodeAt(i))) return false;
  return true;
}
