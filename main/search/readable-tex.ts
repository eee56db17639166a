/**
 * TeX as a reader reads it, for one-line search snippets: `n\times n` is
 * n×n, `\sqrt{d_k}` is √d_k, `QK^\top` is QKᵀ, `\frac{a+b}{2}` is (a+b)/2.
 * Snippets cannot typeset (they are one line of text among others, and a
 * note's TeX may be broken), so this writes plain Unicode instead.
 *
 * Every piece of output remembers the span of TeX it came from, so a match
 * found in the TeX (search finds formulas by their source: `d_k`,
 * `\sqrt{d_k}`) still marks the readable text it became.
 *
 * One pass over the TeX, left to right; each character is read once. Groups
 * nest by recursion, bounded: past {@link MAX_DEPTH} braces are dropped and
 * their content read flat, so a stranger's `{{{{…` cannot exhaust the stack.
 * Unknown commands keep their name without the backslash (`\foo` is foo).
 */

export interface ReadablePiece {
  text: string;
  /** The TeX this piece stands for: UTF-16 offsets into the source, end exclusive. */
  from: number;
  to: number;
}

const MAX_DEPTH = 40;

const SYMBOLS: Record<string, string> = {
  // Greek
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ϵ',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  vartheta: 'ϑ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  varpi: 'ϖ',
  rho: 'ρ',
  varrho: 'ϱ',
  sigma: 'σ',
  varsigma: 'ς',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'ϕ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  // Operators and relations
  times: '×',
  cdot: '·',
  div: '÷',
  pm: '±',
  mp: '∓',
  ast: '∗',
  star: '⋆',
  circ: '∘',
  bullet: '∙',
  odot: '⊙',
  otimes: '⊗',
  oplus: '⊕',
  leq: '≤',
  le: '≤',
  geq: '≥',
  ge: '≥',
  neq: '≠',
  ne: '≠',
  approx: '≈',
  sim: '∼',
  simeq: '≃',
  equiv: '≡',
  propto: '∝',
  ll: '≪',
  gg: '≫',
  in: '∈',
  notin: '∉',
  ni: '∋',
  subset: '⊂',
  subseteq: '⊆',
  supset: '⊃',
  supseteq: '⊇',
  cup: '∪',
  cap: '∩',
  setminus: '∖',
  wedge: '∧',
  land: '∧',
  vee: '∨',
  lor: '∨',
  neg: '¬',
  lnot: '¬',
  mid: '|',
  parallel: '∥',
  perp: '⊥',
  succ: '≻',
  prec: '≺',
  succeq: '⪰',
  preceq: '⪯',
  succsim: '≿',
  precsim: '≾',
  leqslant: '⩽',
  geqslant: '⩾',
  cong: '≅',
  asymp: '≍',
  doteq: '≐',
  vdash: '⊢',
  models: '⊨',
  sqsubseteq: '⊑',
  nsubseteq: '⊈',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  gets: '←',
  Rightarrow: '⇒',
  Leftarrow: '⇐',
  leftrightarrow: '↔',
  Leftrightarrow: '⇔',
  iff: '⇔',
  implies: '⇒',
  mapsto: '↦',
  longrightarrow: '⟶',
  Longrightarrow: '⟹',
  uparrow: '↑',
  downarrow: '↓',
  // Large operators and other symbols
  sum: '∑',
  prod: '∏',
  int: '∫',
  oint: '∮',
  partial: '∂',
  nabla: '∇',
  infty: '∞',
  forall: '∀',
  exists: '∃',
  emptyset: '∅',
  varnothing: '∅',
  ell: 'ℓ',
  hbar: 'ℏ',
  prime: '′',
  top: '⊤',
  bot: '⊥',
  angle: '∠',
  triangle: '△',
  surd: '√',
  ldots: '…',
  cdots: '⋯',
  dots: '…',
  vdots: '⋮',
  ddots: '⋱',
  langle: '⟨',
  rangle: '⟩',
  lVert: '‖',
  rVert: '‖',
  Vert: '‖',
  vert: '|',
  lvert: '|',
  rvert: '|',
  lfloor: '⌊',
  rfloor: '⌋',
  lceil: '⌈',
  rceil: '⌉',
  lbrace: '{',
  rbrace: '}',
  // Spaces: a reader sees a gap, or nothing.
  quad: ' ',
  qquad: ' ',
  enspace: ' ',
  thinspace: '',
  negthinspace: '',
};

/** Binary operators and relations: a snippet keeps the author's spacing around them, and a fraction's part holding one is put in parentheses. */
const OPERATORS = new Set('+-=<>,×·÷±∓≤≥≠≈∼≃≡∝≪≫∈∉⊂⊆⊃⊇∪∩∧∨→←⇒⇐↔⇔↦⟶⟹∖|∥≻≺⪰⪯≿≾⩽⩾≅≍≐⊢⊨⊑⊈ /'.split(''));

/** Commands whose argument is shown as it is: fonts, text, operator names. */
const AS_IS = new Set([
  'mathrm',
  'mathbf',
  'mathit',
  'mathsf',
  'mathtt',
  'mathcal',
  'mathscr',
  'mathfrak',
  'boldsymbol',
  'bm',
  'text',
  'textrm',
  'textbf',
  'textit',
  'textsf',
  'texttt',
  'emph',
  'operatorname',
  'mbox',
  'hbox',
  'underline',
  'overline',
  'underbrace',
  'overbrace',
  'boxed',
  'mathop',
]);

/** Commands that show nothing themselves (sizes, spacing, layout): their delimiter or argument follows. */
const SILENT = new Set([
  'left',
  'right',
  'big',
  'Big',
  'bigg',
  'Bigg',
  'bigl',
  'bigr',
  'Bigl',
  'Bigr',
  'biggl',
  'biggr',
  'Biggl',
  'Biggr',
  'middle',
  'limits',
  'nolimits',
  'displaystyle',
  'textstyle',
  'scriptstyle',
  'rm',
  'bf',
  'it',
  'cal',
  'nonumber',
  'notag',
  'label',
  'hline',
  'centering',
]);

/** Commands that take one argument and drop it (labels, colours, environment names). */
const DROPS_ARGUMENT = new Set(['label', 'tag', 'begin', 'end', 'color', 'vspace', 'hspace', 'phantom']);

const BLACKBOARD: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', E: '𝔼', P: 'ℙ' };

/** Combining accents put on a one-letter argument (x̂, x̄); a longer argument is shown as it is. */
const ACCENTS: Record<string, string> = {
  hat: '\u0302',
  widehat: '\u0302',
  bar: '\u0304',
  tilde: '\u0303',
  widetilde: '\u0303',
  vec: '\u20d7',
  dot: '\u0307',
  ddot: '\u0308',
};

// Only characters every text font has: others stay as ^x / _x.
const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  '−': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  n: 'ⁿ',
  i: 'ⁱ',
  T: 'ᵀ',
  '⊤': 'ᵀ',
  '′': '′',
};
const SUBSCRIPTS: Record<string, string> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '-': '₋',
  '−': '₋',
};
/** Longest script turned into Unicode; longer ones are written out. */
const MAX_UNICODE_SCRIPT = 6;

const isLetter = (ch: string): boolean => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';

class Reader {
  readonly pieces: ReadablePiece[] = [];
  at = 0;
  /** Whether the pieces emitted in the current group include an operator or a space (so a fraction needs parentheses around it). */
  private hasOperator = false;

  constructor(readonly tex: string) {}

  private emit(text: string, from: number, to: number): void {
    this.pieces.push({ text, from, to });
    for (const ch of text) if (OPERATORS.has(ch)) this.hasOperator = true;
  }

  /** Reads until `}` (inside a group) or the end; returns whether it held an operator. */
  group(depth: number, isInBraces: boolean): boolean {
    const outer = this.hasOperator;
    this.hasOperator = false;
    while (this.at < this.tex.length) {
      const ch = this.tex[this.at] as string;
      if (ch === '}' && isInBraces) {
        this.at++;
        break;
      }
      this.atom(depth);
    }
    const inner = this.hasOperator;
    this.hasOperator = outer || inner;
    return inner;
  }

  /** One argument: a braced group, a command, or one character. */
  argument(depth: number): { first: number; hasOperator: boolean } {
    const first = this.pieces.length;
    // Too deep (\hat\hat\hat… or {{{…): the rest is read flat by the loop above.
    if (depth >= MAX_DEPTH) return { first, hasOperator: false };
    while (this.at < this.tex.length && isSpace(this.tex[this.at] as string)) this.at++;
    const outer = this.hasOperator;
    this.hasOperator = false;
    if (this.tex[this.at] === '{') {
      this.at++;
      this.group(depth + 1, true);
    } else if (this.at < this.tex.length) {
      this.atom(depth + 1);
    }
    const hasOperator = this.hasOperator;
    this.hasOperator = outer || hasOperator;
    return { first, hasOperator };
  }

  /** Puts the pieces from `first` on in parentheses, by widening the first and last piece (no array shift). */
  private parenthesize(first: number): void {
    const head = this.pieces[first];
    const tail = this.pieces[this.pieces.length - 1];
    if (!head || !tail) return;
    head.text = `(${head.text}`;
    tail.text = `${tail.text})`;
  }

  /** Writes the pieces from `first` on as Unicode super- or subscripts, when they are short and all have one. */
  private toScript(first: number, table: Record<string, string>): boolean {
    let length = 0;
    for (let i = first; i < this.pieces.length; i++) {
      for (const ch of (this.pieces[i] as ReadablePiece).text) {
        if (++length > MAX_UNICODE_SCRIPT || table[ch] === undefined) return false;
      }
    }
    if (length === 0) return false;
    for (let i = first; i < this.pieces.length; i++) {
      const piece = this.pieces[i] as ReadablePiece;
      piece.text = [...piece.text].map((ch) => table[ch] ?? ch).join('');
    }
    return true;
  }

  private script(depth: number, mark: '^' | '_', from: number): void {
    const { first, hasOperator } = this.argument(depth);
    const count = this.pieces.length - first;
    if (count > 0 && this.toScript(first, mark === '^' ? SUPERSCRIPTS : SUBSCRIPTS)) {
      (this.pieces[first] as ReadablePiece).from = from;
      return;
    }
    // Written out: x_k, x_(t-1), e^(iπ), so that what follows is not read as part of it (∑_(i=1)^(d_k) q_i);
    // the mark joins the first piece so it is marked with it.
    const head = this.pieces[first];
    if (!head) return;
    head.from = from;
    if (hasOperator || count > 1) this.parenthesize(first);
    head.text = `${mark}${head.text}`;
  }

  private command(depth: number): void {
    const from = this.at;
    this.at++;
    const start = this.at;
    if (start >= this.tex.length) return;
    const first = this.tex[start] as string;
    if (!isLetter(first)) {
      // \, \; \! \  are spaces; \{ \} \% \_ \$ \# \& \| are the character itself; \\ ends a line.
      this.at++;
      if (first === '\\') this.emit('; ', from, this.at);
      else if (first === ',' || first === ';' || first === ':' || first === ' ' || first === '>') this.emit(' ', from, this.at);
      else if (first === '|') this.emit('‖', from, this.at);
      else if (first !== '!') this.emit(first, from, this.at);
      return;
    }
    while (this.at < this.tex.length && isLetter(this.tex[this.at] as string)) this.at++;
    const name = this.tex.slice(start, this.at);
    const nameEnd = this.at;
    const hadSpaceBefore = from > 0 && isSpace(this.tex[from - 1] as string);
    // TeX drops the spaces after a command word; the author's space before an operator is mirrored after it.
    while (this.at < this.tex.length && isSpace(this.tex[this.at] as string)) this.at++;
    const to = this.at;
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') return this.fraction(depth, from, nameEnd);
    if (name === 'sqrt') return this.root(depth, from, to);
    if (name === 'mathbb') return this.blackboard(depth, from);
    if (ACCENTS[name] !== undefined) return this.accent(depth, name, from);
    if (DROPS_ARGUMENT.has(name)) {
      const first = this.pieces.length;
      this.argument(depth);
      this.pieces.length = first;
      return;
    }
    if (AS_IS.has(name)) {
      const { first } = this.argument(depth);
      const head = this.pieces[first];
      if (head) head.from = from;
      return;
    }
    if (SILENT.has(name)) {
      // \left. and \right. are invisible delimiters.
      if ((name === 'left' || name === 'right' || name === 'middle') && this.tex[this.at] === '.') this.at++;
      return;
    }
    const next = this.tex[this.at] ?? '';
    const isWordNext = isLetter(next) || (next >= '0' && next <= '9');
    const symbol = SYMBOLS[name];
    if (symbol !== undefined) {
      // A space that only ends the command word (n\times n) is TeX's; one before a non-letter, or
      // mirroring a space before the command (n \times n, \alpha + \beta), is the author's.
      this.emit(to > nameEnd && (hadSpaceBefore || !isWordNext) ? `${symbol} ` : symbol, from, to);
      return;
    }
    // Operator names (log, max, softmax…) and unknown commands: the name, as a reader says it,
    // kept apart from what follows when the author did (\log x is log x, not logx).
    this.emit(to > nameEnd ? `${name} ` : name, from, to);
    // An unknown command's braced argument reads as its argument: \softmax{x} is softmax(x).
    if (next === '{' && depth < MAX_DEPTH) {
      const { first } = this.argument(depth);
      if (this.pieces.length > first) this.parenthesize(first);
    }
  }

  private fraction(depth: number, from: number, nameEnd: number): void {
    const numerator = this.argument(depth);
    if (numerator.hasOperator) this.parenthesize(numerator.first);
    const head = this.pieces[numerator.first];
    if (head) head.from = from;
    const slash = this.pieces.length;
    this.emit('/', this.at, this.at);
    const denominator = this.argument(depth);
    if (denominator.hasOperator) this.parenthesize(denominator.first);
    // The slash stands for the \frac as a whole: a match on "frac" marks it.
    (this.pieces[slash] as ReadablePiece).from = from;
    (this.pieces[slash] as ReadablePiece).to = nameEnd;
  }

  private root(depth: number, from: number, to: number): void {
    let index = '';
    if (this.tex[this.at] === '[') {
      const close = this.tex.indexOf(']', this.at);
      if (close !== -1 && close - this.at < 12) {
        index = this.tex.slice(this.at + 1, close).trim();
        this.at = close + 1;
      }
    }
    const sign = index === '3' ? '∛' : index === '4' ? '∜' : `${[...index].map((ch) => SUPERSCRIPTS[ch] ?? ch).join('')}√`;
    this.emit(sign, from, to);
    const { first, hasOperator } = this.argument(depth);
    if (hasOperator) this.parenthesize(first);
  }

  private blackboard(depth: number, from: number): void {
    const { first } = this.argument(depth);
    for (let i = first; i < this.pieces.length; i++) {
      const piece = this.pieces[i] as ReadablePiece;
      piece.text = BLACKBOARD[piece.text] ?? piece.text;
    }
    const head = this.pieces[first];
    if (head) head.from = from;
  }

  private accent(depth: number, name: string, from: number): void {
    const { first } = this.argument(depth);
    const head = this.pieces[first];
    if (!head) return;
    head.from = from;
    if (this.pieces.length - first === 1 && [...head.text].length === 1) head.text += ACCENTS[name];
  }

  atom(depth: number): void {
    const ch = this.tex[this.at] as string;
    const from = this.at;
    if (ch === '\\') return this.command(depth);
    if (ch === '{') {
      this.at++;
      if (depth < MAX_DEPTH) this.group(depth + 1, true);
      return;
    }
    this.at++;
    if (ch === '}' || ch === '$') return;
    if (ch === '^' || ch === '_') return this.script(depth, ch, from);
    if (ch === '&') return this.emit(' ', from, this.at);
    if (ch === '~') return this.emit(' ', from, this.at);
    if (isSpace(ch)) {
      // Runs of white space read as one space.
      while (this.at < this.tex.length && isSpace(this.tex[this.at] as string)) this.at++;
      return this.emit(' ', from, this.at);
    }
    if (ch === "'") return this.emit('′', from, this.at);
    // A surrogate pair stays one piece.
    const code = ch.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && this.at < this.tex.length) this.at++;
    this.emit(this.tex.slice(from, this.at), from, this.at);
  }
}

/** The readable pieces of `tex`, in order, each with the span of TeX it stands for. */
export function readableTexPieces(tex: string): ReadablePiece[] {
  const reader = new Reader(tex);
  while (reader.at < tex.length) {
    // A stray `}` at the top level is skipped, not read as the end.
    reader.group(0, false);
  }
  return reader.pieces;
}

/** `tex` as one line of readable text (see the module comment). */
export function readableTex(tex: string): string {
  return readableTexPieces(tex)
    .map((p) => p.text)
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}
