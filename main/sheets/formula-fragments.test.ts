import { describe, expect, it } from 'vitest';
import { isFragment, isWorthASheet } from './formula-fragments.js';

const inline = (tex: string): { tex: string; isDisplay: boolean } => ({ tex, isDisplay: false });

describe('"every formula in this note"', () => {
  it('leaves out inline fragments: one symbol set to or compared with a value or a symbol', () => {
    for (const tex of [
      'L=32',
      'j>i',
      'g=1',
      'g=h',
      'd_{model}=4096',
      'n_{kv}=8',
      'd_k = 128',
      'T<1',
      'T\\to\\infty',
      '\\beta=0',
      'j\\le i',
      'x>88.7',
      '\\hat{A}_t>0',
      'M_{ij}=-\\infty',
      '\\Phi=7.5\\text{B}',
      'd=k=4096',
      "L'=L",
    ]) {
      expect(isFragment(tex), tex).toBe(true);
      expect(isWorthASheet(inline(tex)), tex).toBe(false);
    }
  });

  it('keeps inline equations with a right-hand side of their own', () => {
    for (const tex of [
      'Q=XW^Q',
      'S=QK^\\top',
      'P=\\mathrm{softmax}(S)',
      'f_i=P_i=1/N',
      'a=b+1',
      '\\alpha=2r',
      'd_{head}=d_{model}/h',
      '\\theta_i=10000^{-2i/d}',
      'p(y\\mid x)=\\prod_t p(y_t\\mid y_{<t},x)',
    ]) {
      expect(isFragment(tex), tex).toBe(false);
      expect(isWorthASheet(inline(tex)), tex).toBe(true);
    }
  });

  it('leaves out inline symbols that state nothing, and always keeps a displayed formula, even a short one', () => {
    expect(isWorthASheet(inline('K'))).toBe(false);
    expect(isWorthASheet(inline('\\binom{K}{2}'))).toBe(false);
    expect(isWorthASheet({ tex: 'L=32', isDisplay: true })).toBe(true);
    expect(isWorthASheet({ tex: '\\sqrt{d_k}', isDisplay: true })).toBe(true);
  });

  it('never calls long TeX a fragment (fragments are short; the length cap also bounds the work)', () => {
    expect(isFragment(`${'a_{b}'.repeat(5000)}=1`)).toBe(false);
    expect(isFragment(`x=${'1'.repeat(70)}`)).toBe(false);
    expect(isFragment(`x=${'1'.repeat(50)}`)).toBe(true);
  });
});
