import { describe, expect, it } from 'vitest';
import { buildNoteContent } from './note-content.js';

/*
 * Every pass over a note must be linear in its size: a note of a million
 * headings or a 300,000-row table once never finished importing. These
 * compare the time for 4× the input (the fastest of three runs each), not
 * absolute times: linear work takes about 4×, quadratic work 16×.
 */

function fastest(source: string): number {
  const bytes = new TextEncoder().encode(source);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    buildNoteContent(bytes, 'big.md');
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const headings = (n: number): string => Array.from({ length: n }, (_, i) => `## 第 ${i} 题\n`).join('');
const tableRows = (n: number): string =>
  `| 模型 | 参数 |\n| --- | --- |\n${Array.from({ length: n }, (_, i) => `| LLaMA-${i} | ${i}B |`).join('\n')}\n`;

describe('importing grows linearly with the note', () => {
  it.each([
    ['headings', headings],
    ['table rows', tableRows],
  ])(
    '%s: 4× the input takes well under 16× the time',
    (_name, make) => {
      const small = fastest(make(10_000));
      const large = fastest(make(40_000));
      expect(large / small).toBeLessThan(9);
    },
    60_000,
  );
});
