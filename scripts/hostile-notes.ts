/**
 * Notes no person writes but a stranger's folder may hold: each is built to
 * push one structure of the Markdown pipeline far past what real notes do
 * (issue 14). scripts/hostile-sizes.ts and scripts/bench-hostile.ts measure
 * the importer and the reader on them; tests build smaller ones the same way.
 */
export interface HostileNote {
  name: string;
  /** What the note is made of, for reports. */
  what: string;
  source: string;
}

const repeat = (count: number, make: (i: number) => string): string => {
  const parts: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) parts[i] = make(i);
  return parts.join('');
};

/** The hostile notes at about the sizes the issue found them, scaled by `scale` (1 = full size). */
export function hostileNotes(scale = 1): HostileNote[] {
  const n = (count: number): number => Math.max(1, Math.round(count * scale));
  return [
    { name: 'headings.md', what: '1,000,000 headings (4 MB)', source: repeat(n(1_000_000), () => '# a\n') },
    { name: 'table.md', what: '300,000-row table (1.8 MB)', source: `| a | b |\n|---|---|\n${repeat(n(300_000), () => '| 1 | 2 |\n')}` },
    { name: 'emphasis.md', what: 'nested emphasis (910 KB)', source: `${'*a '.repeat(n(150_000))}${' b*'.repeat(n(150_000))}\n` },
    { name: 'one-line.md', what: 'one 5 MB line', source: `${repeat(n(500_000), (i) => `word${i % 10} `)}\n` },
    { name: 'lists.md', what: 'lists nested 2,000 deep (4 MB)', source: repeat(n(2_000), (i) => `${'  '.repeat(i)}- item ${i}\n`) },
    { name: 'quotes.md', what: 'block quotes nested 50,000 deep', source: `${'>'.repeat(n(50_000))} deep\n` },
    { name: 'links.md', what: '200,000 links', source: repeat(n(200_000), (i) => `[l${i}](https://example.com/${i}) `) + '\n' },
    { name: 'brackets.md', what: 'nested link brackets (600 KB)', source: `${'['.repeat(n(200_000))}x${'](u)'.repeat(n(100_000))}\n` },
    {
      name: 'mermaid.md',
      what: 'a 20,000-line diagram',
      source: `\`\`\`mermaid\ngraph TD\n${repeat(n(20_000), (i) => `  A${i} --> A${i + 1}\n`)}\`\`\`\n`,
    },
    { name: 'formulas.md', what: '100,000 inline formulas', source: repeat(n(100_000), (i) => `$x_${i}$ `) + '\n' },
  ];
}
