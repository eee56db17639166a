import type { Database } from 'better-sqlite3';

/**
 * How text is cut into search tokens, shared by the index (SQLite FTS5 with
 * the unicode61 tokenizer) and by the query and snippet code in main/search.
 *
 * unicode61 treats a run of letters as one token, and Chinese has no spaces,
 * so a whole Chinese sentence would be one token and 幻觉 inside it could not
 * be found. The index is therefore fed text with every Han (and kana)
 * character spaced out as its own token; a query term becomes a phrase of
 * adjacent tokens (幻觉 → "幻 觉"), which FTS5 answers from its position lists.
 *
 * A phrase must not match across a clause or a block: in 大模型，幻觉 the
 * characters 型 and 幻 are not the word 型幻. Breaks (line ends, table cells,
 * CJK punctuation, and ASCII .,;:!? before a space) are indexed as a marker
 * token that no query can contain, so adjacency stops there. Intra-word
 * punctuation (d_k, top-p, \sqrt{d_k}) is not a break: `d_k` is the phrase "d k".
 */

/** The token standing for a break in indexed text: a private-use character, so no typed query contains it. */
export const BREAK_TOKEN = '\uE000';

/** Han ideographs (BMP and supplementary planes) and Japanese kana: one token per character. */
export function isHanCode(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x3ffff)
  );
}

/** Characters that end a phrase wherever they occur. */
export function isBreakCode(code: number): boolean {
  return (
    code === 0x0a ||
    code === 0x09 ||
    code === 0x0d ||
    (code >= 0x3001 && code <= 0x303f && !(code >= 0x3005 && code <= 0x3007)) ||
    (code >= 0xff01 && code <= 0xff0f) ||
    (code >= 0xff1a && code <= 0xff20) ||
    (code >= 0xff3b && code <= 0xff40) ||
    (code >= 0xff5b && code <= 0xff65) ||
    (code >= 0x2010 && code <= 0x2027) ||
    code === 0x00b7
  );
}

function isSpaceCode(code: number): boolean {
  return Number.isNaN(code) || code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0x3000 || code === 0xa0;
}

/**
 * Whether ASCII punctuation at a place breaks phrases: a comma, semicolon or
 * formula operator (+ = < > |) always, so d_k does not match the d,k of
 * min(d,k) or d+k; . : ! ? only before white space or the end (3.5, a.b and
 * http://x stay one phrase). `next` is the code after it, NaN at the end.
 */
export function isAsciiBreak(code: number, next: number): boolean {
  if (code === 0x2c || code === 0x3b || code === 0x2b || code === 0x3d || code === 0x3c || code === 0x3e || code === 0x7c) return true;
  return (code === 0x2e || code === 0x3a || code === 0x21 || code === 0x3f) && isSpaceCode(next);
}

function isPrivateUse(code: number): boolean {
  return code >= 0xe000 && code <= 0xf8ff;
}

// Words like PagedAttention or RMSNorm: their parts are indexed too, so
// `attention` finds PagedAttention and `norm` finds RMSNorm.
const WORD_PART = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/**
 * The parts of a compound word worth finding it by: those of three letters
 * or more, when there are two such (PagedAttention, RMSNorm, DeepSeek; not
 * LoRA or RoPE, whose pieces are not words).
 */
export function wordPartsOf(word: string): { part: string; at: number }[] {
  const parts = [...word.matchAll(WORD_PART)].filter((m) => m[0].length >= 3).map((m) => ({ part: m[0], at: m.index }));
  return parts.length >= 2 ? parts : [];
}

const isUpper = (code: number): boolean => code >= 0x41 && code <= 0x5a;
const isLowerOrDigit = (code: number): boolean => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);

const SPACE = 0x20;
const BREAK_CODE = BREAK_TOKEN.charCodeAt(0);

const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

/**
 * Full-width letters and digits (ＫＶ, ＧＰＴ４, common in Chinese text) as
 * the ASCII they stand for, as queries fold them (main/search/tokens.ts);
 * unicode61 alone would keep ｋｖ a different word from kv. One code unit
 * for one, so no offset moves.
 */
export function foldFullWidth(text: string): string {
  return text.replace(FULL_WIDTH_ALNUM, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const utf16 = new TextDecoder('utf-16le');

/**
 * Text as the index receives it: Han characters spaced apart, breaks turned
 * into {@link BREAK_TOKEN}, private-use characters dropped, full-width
 * letters and digits folded ({@link foldFullWidth}), and the parts of
 * compound words appended after a break. Only the tokens matter (white space
 * is the tokenizer's to drop). This runs on every note an import writes, so
 * it is one pass writing UTF-16 code units into a buffer, without a string
 * per character.
 */
export function indexText(source: string): string {
  const text = foldFullWidth(source);
  const out = new Uint16Array(text.length * 3 + 3);
  let o = 0;
  let parts: Set<string> | undefined;
  /** Something other than white space came since the last break: a new break is worth a token. */
  let hasText = false;
  /** The ASCII word being read, and whether it changes case inside (a compound). */
  let wordStart = -1;
  let isCompound = false;
  const endWord = (end: number): void => {
    if (isCompound) for (const { part } of wordPartsOf(text.slice(wordStart, end))) (parts ??= new Set()).add(part.toLowerCase());
    wordStart = -1;
  };
  const writeBreak = (): void => {
    out[o++] = SPACE;
    if (hasText) {
      out[o++] = BREAK_CODE;
      out[o++] = SPACE;
    }
    hasText = false;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (isUpper(code) || isLowerOrDigit(code)) {
        if (wordStart < 0) {
          wordStart = i;
          isCompound = false;
        } else if (!isCompound) {
          const previous = text.charCodeAt(i - 1);
          isCompound =
            (isUpper(code) && isLowerOrDigit(previous)) ||
            (i - wordStart >= 2 && isLowerOrDigit(code) && isUpper(previous) && isUpper(text.charCodeAt(i - 2)));
        }
        hasText = true;
        out[o++] = code;
        continue;
      }
      if (wordStart >= 0) endWord(i);
      if (code === 0x0a || code === 0x09 || code === 0x0d || isAsciiBreak(code, text.charCodeAt(i + 1))) {
        writeBreak();
      } else {
        if (code > SPACE) hasText = true;
        out[o++] = code;
      }
      continue;
    }
    if (wordStart >= 0) endWord(i);
    let point = code;
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      point = text.codePointAt(i) ?? code;
      width = point > 0xffff ? 2 : 1;
    }
    if (isHanCode(point)) {
      out[o++] = SPACE;
      out[o++] = code;
      if (width === 2) out[o++] = text.charCodeAt(i + 1);
      out[o++] = SPACE;
      hasText = true;
    } else if (isBreakCode(point)) {
      writeBreak();
    } else if (isPrivateUse(point)) {
      out[o++] = SPACE;
    } else {
      if (code !== 0x3000 && code !== 0xa0) hasText = true;
      out[o++] = code;
      if (width === 2) out[o++] = text.charCodeAt(i + 1);
    }
    i += width - 1;
  }
  if (wordStart >= 0) endWord(text.length);
  const body = utf16.decode(out.subarray(0, o));
  return parts ? `${body} ${BREAK_TOKEN} ${[...parts].join(' ')}` : body;
}

// Mermaid text a reader sees: node labels A[…] B(…) C{…}, edge labels |…|, "quoted" text.
const DIAGRAM_LABEL = /\[([^\]\n]*)\]|\(([^)\n]*)\)|\{([^}\n]*)\}|\|([^|\n]*)\||"([^"\n]*)"/g;

/**
 * The labels of a Mermaid diagram, one per line. Diagrams add nothing to a
 * note's text projection, but their labels are text the reader sees (缩放
 * 除以根号 dk), so search finds them; Mermaid's own syntax is left out.
 */
export function diagramLabels(source: string): string {
  const labels: string[] = [];
  for (const match of source.matchAll(DIAGRAM_LABEL)) {
    const label = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5] ?? '').replace(/[[\](){}"]/g, ' ').trim();
    if (label) labels.push(label);
  }
  return labels.join('\n');
}

/**
 * Registers `lattice_search_text(text)` ({@link indexText}) and
 * `lattice_diagram_labels(source)` ({@link diagramLabels}) on a connection.
 * The search index's triggers and its migration call it, so every connection
 * that writes to a Lattice store needs it: openStore and migrate register it.
 */
export function registerSearchFunctions(db: Database): void {
  db.function('lattice_search_text', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? indexText(value) : ''));
  db.function('lattice_diagram_labels', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? diagramLabels(value) : '',
  );
}
