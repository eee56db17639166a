import { describe, expect, it } from 'vitest';
import { BEYOND_LINE_WEIGHT, contextPattern, contextSimilarity, isOwnLineIntact } from './context.js';

describe('contextSimilarity', () => {
  it('is 1 for intact context and tolerates a small edit', () => {
    const prefix = contextPattern('the values of past tokens so ', 'prefix');
    const text = 'cache the values of past tokens so QUOTE';
    const at = text.indexOf('QUOTE');
    expect(contextSimilarity(prefix, text, at)).toBe(1);
    const edited = 'cache the values of all past tokens so QUOTE';
    expect(contextSimilarity(prefix, edited, edited.indexOf('QUOTE'))).toBeGreaterThan(0.85);
    expect(contextSimilarity(prefix, 'something entirely unrelated QUOTE', 29)).toBeLessThan(0.5);
  });

  it('weighs characters beyond the quote line less', () => {
    const pattern = contextPattern('previous line\nsame line ', 'prefix');
    expect(pattern.weights[0]).toBe(1);
    expect(pattern.weights[pattern.weights.length - 1]).toBe(BEYOND_LINE_WEIGHT);
    // The other line changed entirely; the quote's own line is intact.
    const text = 'a different neighbour\nsame line QUOTE';
    const at = text.indexOf('QUOTE');
    expect(contextSimilarity(pattern, text, at)).toBeGreaterThan(0.6);
    expect(isOwnLineIntact(pattern, text, at)).toBe(true);
    expect(isOwnLineIntact(contextPattern('\nnext line', 'suffix'), 'QUOTE\nanother', 5)).toBe(true);
  });

  it('knows an empty context means the edge of the text', () => {
    const empty = contextPattern('', 'suffix');
    expect(contextSimilarity(empty, 'abc', 3)).toBe(1);
    expect(contextSimilarity(empty, 'abcdef', 3)).toBe(0.5);
  });
});
