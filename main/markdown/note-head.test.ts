import { describe, expect, it } from 'vitest';
import { headEnd } from './note-head.js';

describe('headEnd', () => {
  it('keeps a short body whole', () => {
    expect(headEnd('# 题\n\n答\n', 4_096)).toBe('# 题\n\n答\n'.length);
  });

  it('ends at the last blank line before the size, so the head is whole blocks', () => {
    const body = Array.from({ length: 400 }, (_, i) => `## 第 ${i} 题\n\n答案 ${i}。\n`).join('\n');
    const end = headEnd(body, 4_096);
    expect(end).toBeLessThanOrEqual(4_096);
    expect(end).toBeGreaterThan(2_048);
    expect(body.slice(end - 1, end + 1)).toBe('\n\n');
  });

  it('ends a body of one long line at a space, and one with no space where it must, never inside a surrogate pair', () => {
    const words = 'word '.repeat(10_000);
    const end = headEnd(words, 4_096);
    expect(words[end - 1]).toBe(' ');
    expect(end).toBeLessThanOrEqual(4_096);
    const emoji = 'a' + '😀'.repeat(5_000);
    const cut = headEnd(emoji, 4_096);
    expect(emoji.slice(0, cut)).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});
