/**
 * A note's text prepared once for re-anchoring many annotations: its NFC form
 * and the offset maps between that form and the original. The importer stores
 * NFC text, but quotes may come from elsewhere (an imported Web Annotation
 * file, an older store) and a decomposed é must still match a composed one.
 */
export interface SearchText {
  /** The text as given; results are offsets into this. */
  raw: string;
  /** The NFC form of `raw`; matching happens here. */
  text: string;
  /** Offset in `raw` for a span start at `i` in `text` (rounded down to a character). */
  toRawStart(i: number): number;
  /** Offset in `raw` for a span end at `i` in `text` (rounded up to a character). */
  toRawEnd(i: number): number;
  /** Offset in `text` nearest to offset `i` of `raw`. */
  fromRaw(i: number): number;
}

// Each piece normalizes on its own: a base with its marks, a Hangul jamo
// syllable, or a lone run of marks. NFC never composes across these pieces.
const NORMALIZATION_PIECE =
  /[\u1100-\u115f\ua960-\ua97c]+[\u1160-\u11a7\ud7b0-\ud7c6]*[\u11a8-\u11ff\ud7cb-\ud7fb]*\p{M}*|[^]\p{M}*|\p{M}+/gu;

function identity(raw: string): SearchText {
  const clamp = (i: number): number => Math.max(0, Math.min(i, raw.length));
  return { raw, text: raw, toRawStart: clamp, toRawEnd: clamp, fromRaw: clamp };
}

/** Prepares `raw` for matching; cheap (one comparison) when it is already NFC. */
export function prepareSearchText(raw: string): SearchText {
  const nfc = raw.normalize('NFC');
  if (nfc === raw) return identity(raw);

  // Boundaries of the pieces in both strings; -1 marks an offset inside a piece.
  const normToRaw = new Int32Array(nfc.length + 1).fill(-1);
  const rawToNorm = new Int32Array(raw.length + 1).fill(-1);
  let normalized = '';
  for (const match of raw.matchAll(NORMALIZATION_PIECE)) {
    const piece = match[0];
    const at = match.index;
    normToRaw[normalized.length] = at;
    rawToNorm[at] = normalized.length;
    normalized += piece.normalize('NFC');
  }
  normToRaw[normalized.length] = raw.length;
  rawToNorm[raw.length] = normalized.length;
  // Piecewise normalization agrees with whole-text NFC for real text; if some
  // exotic sequence makes them differ, matching on the raw text is the safe choice.
  if (normalized !== nfc) return identity(raw);

  const toRawStart = (i: number): number => {
    let at = Math.max(0, Math.min(i, nfc.length));
    while (at > 0 && (normToRaw[at] as number) < 0) at--;
    return normToRaw[at] as number;
  };
  const toRawEnd = (i: number): number => {
    let at = Math.max(0, Math.min(i, nfc.length));
    while (at < nfc.length && (normToRaw[at] as number) < 0) at++;
    return normToRaw[at] as number;
  };
  const fromRaw = (i: number): number => {
    let at = Math.max(0, Math.min(i, raw.length));
    while (at > 0 && (rawToNorm[at] as number) < 0) at--;
    return rawToNorm[at] as number;
  };
  return { raw, text: nfc, toRawStart, toRawEnd, fromRaw };
}
