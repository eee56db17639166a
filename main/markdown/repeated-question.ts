import { comparable, enumeratorEnd, isDropped, isEndMark } from './question-forms.js';

/**
 * Whether an answer's first line repeats its question (so it is not part of
 * the answer): comparable() of both, compared without making either string
 * in the common case, since the finder asks it of every answered question and
 * the line seldom repeats it.
 */

/** By code unit: 1 when its lower case is itself alone whatever surrounds it, 2 when not; 0 not asked yet. */
const caseStability = new Uint8Array(0x10000);

/**
 * A code unit lower-cased, or -1 when String.prototype.toLowerCase could
 * make something else of it in a string (a capital outside ASCII, Σ whose
 * case depends on its neighbours, half of a surrogate pair): the caller then
 * lower-cases whole strings.
 */
function lowerUnit(code: number): number {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
  if (code >= 0xd800 && code <= 0xdfff) return -1;
  let stability = caseStability[code];
  if (stability === 0) {
    const unit = String.fromCharCode(code);
    stability = unit.toLowerCase() === unit ? 1 : 2;
    caseStability[code] = stability;
  }
  return stability === 1 ? code : -1;
}

/** Whether what remains of `text` from `at` is only end marks (and what comparable drops); undefined when lower case must decide. */
function isOnlyEndMarksFrom(text: string, at: number): boolean | undefined {
  for (let i = at; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isDropped(code) || isEndMark(code)) continue;
    return lowerUnit(code) < 0 ? undefined : false;
  }
  return true;
}

/**
 * comparable(a) === comparable(b), most often decided at the first character
 * that differs without making either string: the finder asks it of every
 * answer's first line, which is seldom its question repeated. Two texts are
 * equal once comparable when, past their longest common run of kept
 * characters, each has only end marks left. A character whose lower case
 * needs its string sends the question to comparable itself.
 */
export function isSameComparable(a: string, b: string): boolean {
  let i = enumeratorEnd(a);
  let j = enumeratorEnd(b);
  for (;;) {
    while (i < a.length && isDropped(a.charCodeAt(i))) i++;
    while (j < b.length && isDropped(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) break;
    const x = lowerUnit(a.charCodeAt(i));
    const y = lowerUnit(b.charCodeAt(j));
    if (x < 0 || y < 0) return comparable(a) === comparable(b);
    if (x !== y) break;
    i++;
    j++;
  }
  const restA = isOnlyEndMarksFrom(a, i);
  if (restA === false) return false;
  const restB = isOnlyEndMarksFrom(b, j);
  if (restB === false) return false;
  return restA === true && restB === true ? true : comparable(a) === comparable(b);
}
