import { chardetAnalyse, decodeWith } from './encodings.js';

/**
 * Guessing the encoding of a note file that is not UTF-8 and has no byte
 * order mark.
 *
 * Detectors (chardet here) judge by letter and character frequencies: right
 * on a page of text, unreliable on a short note — on "注意力机制" in GBK it
 * ranks Shift-JIS, Big5, EUC-JP and EUC-KR all equally. So each encoding
 * people save notes in is also scored on what it makes of the bytes: the
 * share of the non-ASCII characters it yields that a writer of that script
 * uses every day. Chinese saved as GBK reads, as GBK, entirely as common
 * hanzi and punctuation; read as Big5 or Windows-1252 it turns into rare
 * characters and runs of accented letters no language writes. English with
 * smart quotes reads, as GBK, as rare or impossible pairs. The common sets
 * are the standards' own "frequently used" levels, taken from the decoders
 * themselves (GB2312 level 1, Big5's frequent hanzi, JIS level 1 plus kana),
 * so no character table is kept here.
 */

/** Our own candidates, in the order that wins a tie: UTF-8 with a few bad bytes first, then Chinese (most of our users), then the rest. */
const CANDIDATES = ['utf-8', 'gb18030', 'big5', 'shift_jis', 'windows-1252'] as const;
type Candidate = (typeof CANDIDATES)[number];

/** Detection looks at part of a file only: enough text to judge, and a 10 MB note costs little more than a short one. */
const SAMPLE_BYTES = 64 * 1024;

/** chardet's names for the encodings TextDecoder (or iconv-lite) can read, by their WHATWG label. */
const CHARDET_LABELS: Record<string, string> = {
  GB18030: 'gb18030',
  Big5: 'big5',
  Shift_JIS: 'shift_jis',
  'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr',
  'ISO-8859-1': 'windows-1252',
  'ISO-8859-2': 'iso-8859-2',
  'ISO-8859-5': 'iso-8859-5',
  'ISO-8859-6': 'iso-8859-6',
  'ISO-8859-7': 'iso-8859-7',
  'ISO-8859-8': 'iso-8859-8',
  'ISO-8859-9': 'windows-1254',
  'KOI8-R': 'koi8-r',
  'windows-1250': 'windows-1250',
  'windows-1251': 'windows-1251',
  'windows-1252': 'windows-1252',
  'windows-1253': 'windows-1253',
  'windows-1254': 'windows-1254',
  'windows-1255': 'windows-1255',
  'windows-1256': 'windows-1256',
  'windows-1257': 'windows-1257',
  'windows-1258': 'windows-1258',
  'windows-874': 'windows-874',
};

/** How sure chardet must be before its pick stands against our own scores. */
const CHARDET_SURE = 50;
/** An encoding of ours that chardet picks wins if it reads at most this much worse than our best. */
const CHARDET_MARGIN = 0.15;
/** chardet's pick of an encoding we do not score wins while ours read worse than this… */
const OWN_GOOD_ENOUGH = 0.9;
/** …or when chardet is this sure of it. */
const CHARDET_CERTAIN = 90;
/** Below this, none of our readings is worth keeping: chardet's pick needs no confidence, only a clean reading. */
const OWN_POOR = 0.5;

export interface EncodingGuess {
  /** WHATWG label to decode the file with. */
  label: string;
  /** 0–1: the share of the sample's non-ASCII characters that read as everyday text in that encoding. */
  score: number;
}

/**
 * The encoding `bytes` were most likely saved in, for bytes that are not
 * valid UTF-8 and hold no NUL. 'utf-8' means: UTF-8 with some damaged bytes.
 */
export function guessEncoding(bytes: Uint8Array): EncodingGuess {
  // The sample starts at the first non-ASCII byte, so a note that opens with
  // pages of English or code is judged on its Chinese. That byte always
  // starts a character: only ASCII comes before it.
  let start = 0;
  while (start < bytes.length && (bytes[start] ?? 0) < 0x80) start++;
  const isPrefix = bytes.byteLength - start > SAMPLE_BYTES;
  const sample = bytes.subarray(start, start + SAMPLE_BYTES);
  const scores = new Map<string, number>();
  let best: EncodingGuess = { label: 'windows-1252', score: -1 };
  for (const label of CANDIDATES) {
    const score = scoreReading(label, decodeWith(label, sample, isPrefix));
    scores.set(label, score);
    if (score > best.score) best = { label, score };
  }
  const matches = chardetAnalyse(sample);
  const top = matches[0];
  const picked = top ? CHARDET_LABELS[top.name] : undefined;
  if (!top || !picked || picked === best.label) return best;
  const isSure = top.confidence >= CHARDET_SURE;
  const ownScore = scores.get(picked);
  if (ownScore !== undefined) {
    // Both readings are plausible (GBK text also reads partly as Big5): chardet's frequencies know better.
    return isSure && ownScore >= best.score - CHARDET_MARGIN ? { label: picked, score: ownScore } : best;
  }
  // An encoding we do not score (Cyrillic, Korean, Greek…): chardet must be
  // sure of it, or none of ours may read even half well; and it must read cleanly.
  if (!isSure && best.score >= OWN_POOR) return best;
  if (decodeWith(picked, sample, isPrefix).includes('\uFFFD')) return best;
  // It wins when none of ours reads well, or when chardet is certain and
  // rates it above ours: Korean in EUC-KR also reads as common GBK hanzi.
  const oursInChardet = matches.find((m) => CHARDET_LABELS[m.name] === best.label)?.confidence ?? 0;
  const isCertain = top.confidence >= CHARDET_CERTAIN && top.confidence > oursInChardet;
  return best.score < OWN_GOOD_ENOUGH || isCertain ? { label: picked, score: best.score } : best;
}

/** 0–1: how much of what `text` (the sample read as `label`) holds beyond ASCII is everyday text in that encoding; 1 when it is all ASCII. */
function scoreReading(label: Candidate, text: string): number {
  let plausible = 0;
  let total = 0;
  if (label === 'windows-1252') {
    // Accented letters and typographic signs come alone or in pairs between
    // ASCII ("café", "Größe", “quotes”); CJK bytes read this way make long
    // runs ("×¢ÒâÁ¦»úÖÆ"). The five bytes Windows-1252 leaves undefined
    // (read as U+FFFD, or as C1 controls by some decoders) never count.
    let run = 0;
    let runIsClean = true;
    const endRun = (): void => {
      if (run > 0 && run <= 2 && runIsClean) plausible += run;
      total += run;
      run = 0;
      runIsClean = true;
    };
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x80) {
        endRun();
        continue;
      }
      run++;
      if (code < 0xa0 || code === 0xfffd) runIsClean = false;
    }
    endRun();
  } else {
    const common = label === 'utf-8' ? undefined : commonCharacters(label);
    let hasKana = false;
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x80) continue;
      total++;
      // In UTF-8 any character that decodes is evidence: stray bytes of another encoding rarely form valid sequences.
      if (common ? common.has(char) : code !== 0xfffd && code >= 0xa0) plausible++;
      if (code >= 0x3041 && code <= 0x30fa) hasKana = true;
    }
    // Japanese is never written without kana, but a smart quote before a
    // letter (0x92 0x73, "It’s") reads in Shift-JIS as a common kanji.
    if (label === 'shift_jis' && !hasKana) plausible /= 2;
  }
  return total === 0 ? 1 : plausible / total;
}

type Range = readonly [number, number];

/** Lead and trail byte ranges of each standard's everyday characters. */
const COMMON_ROWS: Record<Exclude<Candidate, 'utf-8' | 'windows-1252'>, { leads: Range[]; trails: Range[] }> = {
  // GB2312: rows 1–3 punctuation, numbers and full-width forms, row 6 Greek
  // (α, β, θ in formulas), rows 16–55 the 3,755 level-1 hanzi.
  gb18030: {
    leads: [
      [0xa1, 0xa3],
      [0xa6, 0xa6],
      [0xb0, 0xd7],
    ],
    trails: [[0xa1, 0xfe]],
  },
  // Big5: symbols (punctuation, Greek, bopomofo), then the frequent hanzi.
  big5: {
    leads: [[0xa1, 0xc5]],
    trails: [
      [0x40, 0x7e],
      [0xa1, 0xfe],
    ],
  },
  // Shift-JIS: symbols, digits, Latin, kana, Greek and Cyrillic, then JIS level-1 kanji.
  shift_jis: {
    leads: [
      [0x81, 0x84],
      [0x88, 0x98],
    ],
    trails: [
      [0x40, 0x7e],
      [0x80, 0xfc],
    ],
  },
};

const commonSets = new Map<string, Set<string>>();

/** The everyday characters of a CJK encoding, read out of its own decoder once. */
function commonCharacters(label: keyof typeof COMMON_ROWS): Set<string> {
  let set = commonSets.get(label);
  if (!set) {
    const { leads, trails } = COMMON_ROWS[label];
    const pairs: number[] = [];
    for (const [leadFrom, leadTo] of leads) {
      for (let lead = leadFrom; lead <= leadTo; lead++) {
        for (const [trailFrom, trailTo] of trails) {
          for (let trail = trailFrom; trail <= trailTo; trail++) pairs.push(lead, trail);
        }
      }
    }
    set = new Set(decodeWith(label, Uint8Array.from(pairs)));
    set.delete('\uFFFD');
    commonSets.set(label, set);
  }
  return set;
}
