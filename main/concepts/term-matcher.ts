import { isCommonWord } from './common-words.js';

/**
 * Finding concept names and aliases in note text. Chinese has no spaces, so
 * matching is on characters: at each position the longest term wins, so
 * 奖励模型 is not found inside 训练奖励模型 when that is a term of its own.
 *
 * Latin terms are decided from what notes hold (see mentions.test.ts):
 * - They stand as whole words. A word is letters, digits and `_`, joined by a
 *   `-` or `.` between two of them (see joinsAt): RM is not found in "norm",
 *   "training" not in "Pre-training", GQA not in the note name
 *   multi-head-mqa-gqa-kv-cache, softmax not in the code `torch.softmax`.
 *   `/` and spaces separate words (PPO/DPO names both), and so does a hyphen
 *   between two acronyms (RLHF-PPO).
 * - Words written all in lower case or capitalised (dropout, Transformer,
 *   Beam Search) match in any case. Words whose capitals mean something
 *   (RM, ZeRO, MoE, LoRA) match only as written in English text: ZeRO is not
 *   the zero of "zero shot", RM not the command rm. Beside Chinese text, where
 *   authors type terms in lower case to save a shift (rag是一种…, sft泛化…) and
 *   an English word spelled the same has no place, any case matches.
 * - Nothing inside a URL is a mention, and a term that labels a link
 *   (`Reference: https://…`, or a citation word such as Reference before a
 *   colon) is not one either: "Reference:" is not the RLHF reference model.
 * - Common words (输入, 输出, model, data: see common-words.ts) never match.
 * Matching folds ASCII letters only, which keeps offsets exact.
 */

interface Term {
  folded: string;
  /** The term as written, to check the case of the words whose case matters. */
  written: string;
  /** [start, end) of each word of the term whose capitals mean something. */
  caseMarked: [number, number][];
  conceptId: number;
  isWordStart: boolean;
  isWordEnd: boolean;
  isLatin: boolean;
}

const WORD = /[A-Za-z0-9_]/;
const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/gi;
/** Words that, before a colon, introduce a citation rather than name a concept. */
const CITATION_LABEL = /^(?:references?|refs?|sources?|links?|see also|via)$/i;
/** One-character Chinese terms and single Latin letters would match everywhere. */
const MIN_TERM_LENGTH = 2;

function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** Words of a term whose case carries meaning: any capital other than a word's first letter, or a one-letter capital. */
function caseMarkedWords(term: string): [number, number][] {
  const marked: [number, number][] = [];
  for (const word of term.matchAll(/[A-Za-z]+/g)) {
    const text = word[0];
    if (/[A-Z]/.test(text.slice(1)) || /^[A-Z]$/.test(text)) marked.push([word.index, word.index + text.length]);
  }
  return marked;
}

function isWordAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && WORD.test(text[i] ?? '');
}

/** An acronym in capitals: RLHF, PPO, GPT4. */
const ACRONYM = /^[A-Z][A-Z0-9]+$/;
/** How far to look for the word beside a hyphen: longer runs are not words a person reads. */
const MAX_WORD = 40;

function wordEndingAt(text: string, end: number): string {
  let i = end;
  while (i > 0 && end - i < MAX_WORD && /[A-Za-z0-9]/.test(text[i - 1] ?? '')) i--;
  return text.slice(i, end);
}

function wordStartingAt(text: string, start: number): string {
  let i = start;
  while (i < text.length && i - start < MAX_WORD && /[A-Za-z0-9]/.test(text[i] ?? '')) i++;
  return text.slice(start, i);
}

/**
 * Whether the character at `at` joins the words either side of it into one.
 * A hyphen does (Pre-training, zero-shot, note-name-slugs), except between
 * two acronyms, which name both (RLHF-PPO is PPO as RLHF uses it); a dot does
 * after a letter (torch.softmax, self.training) but not after a digit, which
 * numbers a list item ("1.reward model").
 */
function joinsAt(text: string, at: number): boolean {
  const ch = text[at];
  if (!isWordAt(text, at - 1) || !isWordAt(text, at + 1)) return false;
  if (ch === '-') return !(ACRONYM.test(wordEndingAt(text, at)) && ACRONYM.test(wordStartingAt(text, at + 1)));
  if (ch === '.') return /[A-Za-z_]/.test(text[at - 1] ?? '');
  return false;
}

/** Whether position `i` continues a word that started before it (`i` itself being a word character). */
function continuesWord(text: string, i: number): boolean {
  return isWordAt(text, i - 1) || joinsAt(text, i - 1);
}

/** Whether the word ending at `end` goes on past it. */
function goesOn(text: string, end: number): boolean {
  return isWordAt(text, end) || joinsAt(text, end);
}

/** The nearest character that is not a space on either side of [start, end) is Chinese (or full-width punctuation). */
function isBesideChinese(text: string, start: number, end: number): boolean {
  let before = start - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  return CJK.test(text[before] ?? '') || CJK.test(text[after] ?? '');
}

/** Whether a colon follows `end` (after spaces), and then a URL on the same line. */
function labelsALink(text: string, end: number, written: string): boolean {
  let i = end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== ':' && text[i] !== '：') return false;
  if (CITATION_LABEL.test(written)) return true;
  i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return /^(?:https?:\/\/|www\.)/i.test(text.slice(i, i + 8));
}

/** [start, end) of every URL in `text`, in order. */
function urlSpans(text: string): [number, number][] {
  return [...text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length]);
}

/** A node of the terms' trie: the terms whose folded form ends here, and what may follow. */
interface TrieNode {
  next: Map<string, TrieNode>;
  terms: Term[];
}

/**
 * A matcher over a fixed set of terms; build once, run over many notes.
 * Terms sit in a trie of their folded characters, so each position of a
 * text costs as many steps as the longest term it begins, not one per term
 * sharing its first letter: a note of 150,000 "a"s against a library whose
 * diagram named 20,000 nodes A0…A19999 took 26 s with a list per letter.
 */
export class TermMatcher {
  private readonly root: TrieNode = { next: new Map(), terms: [] };
  /** The nodes passed at the position being matched, reused from one position to the next. */
  private readonly passed: TrieNode[] = [];

  constructor(terms: { conceptId: number; term: string }[]) {
    for (const { conceptId, term } of terms) {
      if (term.length < MIN_TERM_LENGTH || isCommonWord(term)) continue;
      const folded = foldAscii(term);
      let node = this.root;
      // By UTF-16 unit, as `walk` reads the text: a term's depth is its folded length.
      for (let k = 0; k < folded.length; k++) {
        const char = folded[k] as string;
        let child = node.next.get(char);
        if (!child) {
          child = { next: new Map(), terms: [] };
          node.next.set(char, child);
        }
        node = child;
      }
      node.terms.push({
        folded,
        written: term,
        caseMarked: caseMarkedWords(term),
        conceptId,
        isWordStart: WORD.test(folded[0] ?? ''),
        isWordEnd: WORD.test(folded[folded.length - 1] ?? ''),
        isLatin: /[A-Za-z]/.test(term),
      });
    }
  }

  /** The nodes holding terms that `folded` has at `at`, shortest first (`passed`). */
  private walk(folded: string, at: number): TrieNode[] {
    const passed = this.passed;
    passed.length = 0;
    let node: TrieNode | undefined = this.root;
    for (let i = at; i < folded.length; i++) {
      node = node.next.get(folded[i] as string);
      if (!node) break;
      if (node.terms.length > 0) passed.push(node);
    }
    return passed;
  }

  /** Whether `term`, found at `start` when folded, is written in a case it may be matched in. */
  private hasCase(text: string, start: number, term: Term): boolean {
    if (term.caseMarked.length === 0) return true;
    const isAsWritten = term.caseMarked.every(([from, to]) => text.slice(start + from, start + to) === term.written.slice(from, to));
    return isAsWritten || isBesideChinese(text, start, start + term.folded.length);
  }

  /** Non-overlapping matches, leftmost-longest. */
  find(text: string): { conceptId: number; start: number; end: number }[] {
    const folded = foldAscii(text);
    const urls = urlSpans(text);
    let u = 0;
    const found: { conceptId: number; start: number; end: number }[] = [];
    let i = 0;
    while (i < folded.length) {
      while (u < urls.length && (urls[u]?.[1] ?? 0) <= i) u++;
      const url = urls[u];
      if (url && url[0] <= i) {
        i = url[1];
        continue;
      }
      // Longest first: the deepest node passed holds the longest terms found here.
      const passed = this.walk(folded, i);
      let matched: Term | undefined;
      if (passed.length > 0) {
        const isInsideWord = isWordAt(text, i) && continuesWord(text, i);
        search: for (let n = passed.length - 1; n >= 0; n--) {
          for (const term of (passed[n] as TrieNode).terms) {
            if (term.isWordStart && isInsideWord) continue;
            const end = i + term.folded.length;
            if (term.isWordEnd && goesOn(text, end)) continue;
            if (!this.hasCase(text, i, term)) continue;
            if (term.isLatin && labelsALink(text, end, term.written)) continue;
            matched = term;
            break search;
          }
        }
      }
      if (matched) {
        found.push({ conceptId: matched.conceptId, start: i, end: i + matched.folded.length });
        i += matched.folded.length;
      } else {
        i++;
      }
    }
    return found;
  }
}
