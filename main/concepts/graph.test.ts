import { describe, expect, it } from 'vitest';
import type { LinkRecord } from '../../db/repositories/concepts.js';
import { mermaidLabel, neighbourhood, shortestPath, toMermaid } from './graph.js';

function link(id: number, fromId: number, toId: number, type: LinkRecord['type'] = 'leads-to', noteId: number | null = 1): LinkRecord {
  return {
    id,
    fromId,
    fromName: `n${fromId}`,
    toId,
    toName: `n${toId}`,
    type,
    label: '',
    source: noteId === null ? 'user' : 'note',
    noteId,
  };
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'A"] --> B\nclick A call alert()',
  'x"]\n  click c1 href "javascript:alert(1)"',
  '#60;script#62;alert(1)#60;/script#62;',
  "`onclick`='alert(1)' {B} [[C]] (D) |E|",
  '%%{init: {"securityLevel": "loose"}}%%',
];

describe('toMermaid', () => {
  it('quotes every label and leaves nothing in it that Mermaid would read as markup, an entity or a directive', () => {
    const nodes = HOSTILE.map((name, i) => ({ id: i + 1, name }));
    const source = toMermaid(nodes, [link(1, 1, 2), link(2, 3, 4, 'related')], 1);
    const lines = source.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    // One line per node, one per edge, the class of the current concept: nothing else, no click, no init.
    expect(lines).toHaveLength(1 + HOSTILE.length + 2 + 2);
    for (const line of lines.slice(1, 1 + HOSTILE.length)) expect(line).toMatch(/^ {2}c\d+\["[^"'`<>&#;\\[\]{}()|%\n]*"\]$/);
    expect(source).not.toMatch(/^\s*click/m);
    expect(source).not.toMatch(/%%|#\d+;|<\w/);
    expect(lines.slice(-4)).toEqual([
      '  c1 -->|leads to| c2',
      '  c3 ---|related| c4',
      '  classDef current stroke-width:3px',
      '  class c1 current',
    ]);
  });

  it('keeps the words of a hostile label as plain text', () => {
    expect(mermaidLabel('<img src=x onerror=alert(1)>')).toBe('"img src=x onerror=alert 1"');
    expect(mermaidLabel('训练奖励模型 RM')).toBe('"训练奖励模型 RM"');
    expect(mermaidLabel('<>')).toBe('"?"');
  });

  it('draws an edge several notes share once', () => {
    const source = toMermaid(
      [
        { id: 1, name: 'SFT' },
        { id: 2, name: 'RM' },
      ],
      [link(1, 1, 2), link(2, 1, 2, 'leads-to', 2), link(3, 1, 2, 'is-a')],
    );
    expect(source.match(/c1 -->\|leads to\| c2/g)).toHaveLength(1);
    expect(source).toContain('c1 -->|is a| c2');
  });

  it('names link types in the language chosen', () => {
    const nodes = [
      { id: 1, name: 'PPO' },
      { id: 2, name: 'DPO' },
      { id: 3, name: 'RLHF' },
    ];
    const links = [link(1, 1, 2, 'contrasts-with'), link(2, 1, 3, 'part-of'), link(3, 2, 3, 'variant-of')];
    const zh = toMermaid(nodes, links, 1, 'zh').split('\n');
    expect(zh).toContain('  c1 <-.->|对比| c2');
    expect(zh).toContain('  c1 -->|是…的一部分| c3');
    expect(zh).toContain('  c2 -.->|是…的变体| c3');
    expect(toMermaid(nodes, links, 1, 'en')).toContain('c1 <-.->|contrasts with| c2');
  });
});

describe('walking the graph', () => {
  const links = [link(1, 1, 2), link(2, 2, 3), link(3, 4, 3), link(4, 5, 6)];

  it('finds a neighbourhood in both directions', () => {
    expect([...neighbourhood(links, 2, 1).ids].sort()).toEqual([1, 2, 3]);
    expect([...neighbourhood(links, 2, 2).ids].sort()).toEqual([1, 2, 3, 4]);
  });

  it('finds the shortest path, walking a link against its arrow when it must', () => {
    const path = shortestPath(links, 1, 4);
    expect(path?.map((s) => [s.link.id, s.direction])).toEqual([
      [1, 'forward'],
      [2, 'forward'],
      [3, 'backward'],
    ]);
    expect(shortestPath(links, 1, 6)).toBeUndefined();
  });
});
