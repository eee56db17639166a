import { initialsOf, isAcronym } from './concept-names.js';

/**
 * Names given in parentheses in running text, where the letters prove they
 * name the same thing: `GLU（Gated Linear Unit）`, `Data Parallel (DP)`,
 * `Retrieval-Augmented Generation（RAG）`. Only Latin names, whose initials can be
 * checked letter by letter (not Chain-of-Verification（CoVe）, which takes
 * two letters of a word); `多头注意力机制(MHA)` or `算子优化（FlashAttention）` say nothing
 * a rule can verify (where does the Chinese name start? is it a name or an
 * example?), so they give nothing. One pass over the text.
 */
export interface NamePair {
  abbreviation: string;
  expansion: string;
}

const ABBR_AFTER = /([A-Za-z][A-Za-z0-9-]*(?: [A-Za-z][A-Za-z0-9-]*){0,5})\s*[（(]\s*([A-Z][A-Za-z0-9]{1,7})\s*[)）]/g;
const EXPANSION_AFTER = /(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]{1,7})\s*[（(]\s*([A-Za-z][A-Za-z0-9-]*(?: [A-Za-z][A-Za-z0-9-]*){1,5})\s*[)）]/g;

/** The shortest run of trailing words whose initials spell the abbreviation. */
function expansionEndingHere(words: string, abbreviation: string): string | undefined {
  const list = words.split(' ');
  for (let take = 1; take <= list.length; take++) {
    const candidate = list.slice(-take).join(' ');
    if (
      initialsOf(candidate).includes(abbreviation.toUpperCase()) ||
      initialsOf(candidate.replace(/-/g, ' ')).includes(abbreviation.toUpperCase())
    )
      return candidate;
  }
  return undefined;
}

export function parenthesizedNames(text: string): NamePair[] {
  const out: NamePair[] = [];
  for (const match of text.matchAll(ABBR_AFTER)) {
    const [, words, abbreviation] = match;
    if (!words || !abbreviation || !isAcronym(abbreviation)) continue;
    const expansion = expansionEndingHere(words, abbreviation);
    if (expansion) out.push({ abbreviation, expansion });
  }
  for (const match of text.matchAll(EXPANSION_AFTER)) {
    const [, abbreviation, words] = match;
    if (!abbreviation || !words || !isAcronym(abbreviation)) continue;
    if (initialsOf(words).includes(abbreviation.toUpperCase()) || initialsOf(words.replace(/-/g, ' ')).includes(abbreviation.toUpperCase()))
      out.push({ abbreviation, expansion: words });
  }
  return out;
}
