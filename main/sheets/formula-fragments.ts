/**
 * Which formulas of a note "every formula in this note" puts on a sheet.
 *
 * Decided from the starter library: of its ~90 inline formulas that hold an
 * `=`, `<`, `>` or a relation, about a third are fragments of the sentence
 * around them — a setting or a condition (`L=32`, `d_{model}=4096`, `j>i`,
 * `g=1`, `T\to\infty`) that means nothing without that sentence. They are
 * left out. Equations with a right-hand side of their own (`Q=XW^Q`,
 * `f_i=P_i=1/N`, `P=\mathrm{softmax}(S)`) stay, and a displayed formula always
 * stays: its author set it apart on purpose. A fragment the person wants
 * still reaches the sheet with its sentence: a highlight or its section.
 */

// One symbol: a letter or a command (\beta, \hat{A}), with primes, sub- and superscripts.
const SYMBOL = String.raw`(?:\\(?:hat|bar|tilde|vec|dot|mathbf|mathrm|mathcal|boldsymbol|text)\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])(?:'|\\top|_\{[^{}]*\}|_[A-Za-z0-9]|\^\{[^{}]*\}|\^[A-Za-z0-9])*`;
// One value: a number (7.5, 0.1, 88.7) or infinity, with an optional unit or percent (7.5\text{B}, 10\%).
const VALUE = String.raw`(?:\d+(?:\.\d+)?|\\infty)(?:\s*(?:\\%|%|\\text\{[^{}]*\}|[KMB]))?`;
const ATOM = String.raw`-?\s*(?:${VALUE}|${SYMBOL})`;
const RELATION = String.raw`(?:=|<|>|:=|\\(?:leq?|geq?|lt|gt|neq?|approx|sim|propto|to|equiv|ll|gg)(?![A-Za-z]))`;
const FRAGMENT = new RegExp(String.raw`^\s*${ATOM}(?:\s*${RELATION}\s*${ATOM})+\s*$`);

// A fragment is short; longer TeX is never tested, which also bounds the regex's work.
const MAX_FRAGMENT = 60;

/** True when an inline formula only sets or compares one symbol with a value or another symbol (`L=32`, `j>i`). */
export function isFragment(tex: string): boolean {
  return tex.length <= MAX_FRAGMENT && FRAGMENT.test(tex);
}

/** Formulas worth a sheet: displayed ones, and inline ones that state something (an equation or a bound) and are not fragments. */
export function isWorthASheet(formula: { tex: string; isDisplay: boolean }): boolean {
  if (formula.isDisplay) return true;
  return /=|\\(?:le|ge|leq|geq|approx|propto|sim|neq|to)\b|[<>]/.test(formula.tex) && !isFragment(formula.tex);
}
