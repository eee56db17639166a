import { describe, expect, it } from 'vitest';
import { MAX_FORMULAS, MAX_INLINE_DEPTH, MAX_LINKS, MAX_SECTIONS } from './note-limits.js';
import { renderMarkdown } from './pipeline.js';
import { readNote } from './read-note.js';

const build = (source: string) => readNote(source, 'hostile.md');

describe('structures past sane limits are cut, with a warning naming what', () => {
  it('keeps only the first 20,000 headings as sections, the rest as text', () => {
    const note = build(Array.from({ length: MAX_SECTIONS + 5 }, (_, i) => `## 第 ${i} 题\n`).join(''));
    expect(note.sections).toHaveLength(MAX_SECTIONS);
    expect(note.text).toContain(`第 ${MAX_SECTIONS + 4} 题`);
    expect(note.warnings).toContain('only the first 20,000 headings are sections (5 more are kept as text)');
    // The last section runs to the end of the note, over the headings kept as text.
    expect(note.sections.at(-1)?.endOffset).toBe(note.text.length);
  });

  it('shows emphasis nested past the limit as its plain marks, and says so', () => {
    const depth = MAX_INLINE_DEPTH + 8;
    const source = `${'*a '.repeat(depth)}${' b*'.repeat(depth)}\n`;
    const note = build(source);
    expect(note.warnings).toContain(`emphasis or links nested deeper than ${MAX_INLINE_DEPTH} are shown as plain marks (8 of them)`);
    const html = renderMarkdown(source);
    expect(html.split('<em>')).toHaveLength(MAX_INLINE_DEPTH + 1);
    expect(html.split('</em>')).toHaveLength(MAX_INLINE_DEPTH + 1);
    // The text a reader sees (marks included) is the text stored: annotations anchor in it.
    expect(note.text).toContain('*a *a');
  });

  it('keeps links past the first 20,000 as their label, and formulas past 20,000 as their source', () => {
    const source = `${Array.from({ length: MAX_LINKS + 3 }, (_, i) => `[论文${i}](https://arxiv.org/abs/${i})`).join(' ')}\n\n${Array.from({ length: MAX_FORMULAS + 2 }, (_, i) => `$x_{${i}}$`).join(' ')}\n`;
    const note = build(source);
    expect(note.links).toHaveLength(MAX_LINKS);
    expect(note.formulas).toHaveLength(MAX_FORMULAS);
    expect(note.warnings).toEqual([
      'only the first 20,000 links are links (3 more are kept as text)',
      'only the first 20,000 formulas are formulas (2 more are kept as their source)',
    ]);
    const html = renderMarkdown(source, { isMathDeferred: true });
    expect(html.split('<a ')).toHaveLength(MAX_LINKS + 1);
    expect(html).toContain(`论文${MAX_LINKS + 2}`);
    expect(html).not.toContain(`abs/${MAX_LINKS + 2}`);
    expect(html.split('class="math math-inline"')).toHaveLength(MAX_FORMULAS + 1);
    expect(html).toContain(`$x_{${MAX_FORMULAS + 1}}$`);
    // The stored text is what the reader shows: the label, the formula's source.
    expect(note.text).toContain(`论文${MAX_LINKS + 2}`);
    expect(note.text).toContain(`$x_{${MAX_FORMULAS + 1}}$`);
  });

  it('says when lists nest past the block limit', () => {
    const note = build(Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- item ${i}\n`).join(''));
    expect(note.warnings.some((warning) => warning.startsWith('lists or quotes nested deeper than 100'))).toBe(true);
  });

  it('gives a real note no warning', () => {
    const note = build(
      '# 注意力\n\n**softmax** 的 *温度*，见 [[KV 缓存]] 与 [论文](https://arxiv.org/abs/1706.03762)。\n\n- 一\n  - 二\n    > 三\n',
    );
    expect(note.warnings).toEqual([]);
    expect(note.links).toHaveLength(2);
  });
});

describe('a line of brackets is read in linear time', () => {
  const fastest = (source: string): number => {
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      build(source);
      best = Math.min(best, performance.now() - started);
    }
    return best;
  };
  const brackets = (n: number): string => `${'['.repeat(n)}x${'](u)'.repeat(n / 2)}\n`;

  it('4× the brackets takes well under 16× the time (each [[ once looked for ]] to the end of the line)', () => {
    const small = fastest(brackets(5_000));
    const large = fastest(brackets(20_000));
    expect(large / small).toBeLessThan(9);
  }, 60_000);
});
