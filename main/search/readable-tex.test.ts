import { describe, expect, it } from 'vitest';
import { readableTex, readableTexPieces } from './readable-tex.js';

describe('readableTex', () => {
  it('writes operators, roots, scripts and fractions as a reader reads them', () => {
    expect(readableTex('n\\times n')).toBe('n×n');
    expect(readableTex('n \\times n')).toBe('n × n');
    expect(readableTex('\\sqrt{d_k}')).toBe('√d_k');
    expect(readableTex('QK^T')).toBe('QKᵀ');
    expect(readableTex('QK^\\top')).toBe('QKᵀ');
    expect(readableTex('\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V')).toBe('softmax(QKᵀ/√d_k)V');
    expect(readableTex('\\frac{QK^T}{\\sqrt{d_k}}')).toBe('QKᵀ/√d_k');
    expect(readableTex('\\frac{a+b}{2}')).toBe('(a+b)/2');
    expect(readableTex('\\sqrt{x + y}')).toBe('√(x + y)');
    expect(readableTex('\\sqrt[3]{x}')).toBe('∛x');
    expect(readableTex('O(n^2)')).toBe('O(n²)');
    expect(readableTex('x_1 + x_2')).toBe('x₁ + x₂');
    expect(readableTex('\\|x\\|_2^2')).toBe('‖x‖₂²');
  });

  it('writes out scripts it has no Unicode for, in parentheses when they hold more than one thing', () => {
    expect(readableTex('x_{t-1}')).toBe('x_(t-1)');
    expect(readableTex('e^{i\\pi}')).toBe('e^(iπ)');
    expect(readableTex('\\sum_{i=1}^{d_k} q_i k_i')).toBe('∑_(i=1)^(d_k) q_i k_i');
    expect(readableTex('p_\\theta(x)')).toBe('p_θ(x)');
  });

  it('shows Greek letters, fonts, accents, operator names and blackboard letters', () => {
    expect(readableTex('\\alpha + \\beta \\leq \\gamma')).toBe('α + β ≤ γ');
    expect(readableTex('\\text{Attention}(Q,K,V)')).toBe('Attention(Q,K,V)');
    expect(readableTex('\\mathbb{E}_{x\\sim p}[\\log p(x)]')).toBe('𝔼_(x∼p)[log p(x)]');
    expect(readableTex('\\hat{y}')).toBe('y\u0302');
    expect(readableTex('W \\in \\mathbb{R}^{d \\times d_k}')).toBe('W ∈ ℝ^(d × d_k)');
  });

  it('shows the preference relations of reward models as symbols, not as glued names (y_wsucc y_l)', () => {
    expect(readableTex('P(y_w\\succ y_l\\mid x)')).toBe('P(y_w≻y_l|x)');
    expect(readableTex('a \\preceq b \\leqslant c')).toBe('a ⪯ b ⩽ c');
  });

  it('drops layout and sizing, keeps delimiters, and reads environments as their content', () => {
    expect(readableTex('\\left( \\frac{1}{2} \\right)')).toBe('( 1/2 )');
    expect(readableTex('\\left. x \\right|')).toBe('x |');
    expect(readableTex('\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}')).toBe('a = b ; c = d');
    expect(readableTex('x \\label{eq:1}')).toBe('x');
  });

  it('keeps an unknown command as its name without the backslash', () => {
    expect(readableTex('\\foo')).toBe('foo');
    expect(readableTex('\\softmax{x}')).toBe('softmax(x)');
    expect(readableTex('\\relu x')).toBe('relu x');
  });

  it('reads broken and hostile TeX without failing: unbalanced braces, deep nesting, a lone backslash', () => {
    expect(readableTex('\\frac{a')).toBe('a/');
    expect(readableTex('a}}b')).toBe('ab');
    expect(readableTex('x\\')).toBe('x');
    expect(readableTex(`${'{'.repeat(100_000)}x`)).toBe('x');
    expect(readableTex(`${'\\hat'.repeat(20_000)}x`)).toContain('x');
    expect(readableTex(`${'x^'.repeat(20_000)}2`).length).toBeGreaterThan(0);
  });

  it('takes time in proportion to the TeX: ten times the formula, about ten times the work', () => {
    const formula = '\\mathrm{softmax}(\\frac{QK^\\top}{\\sqrt{d_k}})V + \\sum_{i=1}^{n} \\alpha_i x_i ';
    const time = (n: number): number => {
      const tex = formula.repeat(n);
      const start = performance.now();
      for (let i = 0; i < 5; i++) readableTexPieces(tex);
      return performance.now() - start;
    };
    time(100);
    expect(time(2000) / Math.max(time(200), 0.5)).toBeLessThan(40);
  });
});

describe('readableTexPieces', () => {
  const markedBy = (tex: string, from: number, to: number): string =>
    readableTexPieces(tex)
      .filter((p) => p.from < to && from < Math.max(p.to, p.from + 1))
      .map((p) => p.text)
      .join('');

  it('says which TeX each piece stands for, so a match in the TeX marks its readable text', () => {
    const tex = '\\sqrt{d_k}';
    expect(markedBy(tex, tex.indexOf('d'), tex.indexOf('k') + 1)).toBe('d_k');
    expect(markedBy(tex, tex.indexOf('sqrt'), tex.indexOf('k') + 1)).toBe('√d_k');
    const product = 'n\\times n';
    expect(markedBy(product, product.indexOf('times'), product.indexOf('times') + 5)).toBe('×');
    expect(markedBy('QK^T', 0, 2)).toBe('QK');
  });
});
