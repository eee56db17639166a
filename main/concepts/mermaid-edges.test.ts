import { describe, expect, it } from 'vitest';
import { parseMermaidEdges } from './mermaid-edges.js';

const edges = (body: string): string[] =>
  parseMermaidEdges(`flowchart LR\n${body}`).edges.map((e) => `${e.from}>${e.to}${e.label ? `|${e.label}` : ''}`);

describe('parseMermaidEdges', () => {
  it('reads every arrow form', () => {
    expect(edges('A --> B\nC --- D\nE -.-> F\nG ==> H\nI --o J\nK <--> L')).toEqual(['A>B', 'C>D', 'E>F', 'G>H', 'I>J', 'K>L']);
  });

  it('reads labels in pipes and inside the arrow', () => {
    expect(edges('A -->|top-k 选择| B\nC -- variant of --> D\nE -. 可选 .-> F\nG == 主要 ==> H')).toEqual([
      'A>B|top-k 选择',
      'C>D|variant of',
      'E>F|可选',
      'G>H|主要',
    ]);
  });

  it('expands chains and & groups', () => {
    expect(edges('A --> B --> C\nX & Y --> Z')).toEqual(['A>B', 'B>C', 'X>Z', 'Y>Z']);
  });

  it('uses node text from any shape, declared anywhere, Chinese included', () => {
    expect(
      edges(
        'PT[预训练 Pretrain] --> SFT(监督微调 SFT)\nSFT --> RM{奖励模型 RM}\nRM --> P["强化学习 <br> PPO"]\nP --> Q((圆)) --> R[(库)] --> S{{六边形}} --> T>旗]',
      ),
    ).toEqual([
      '预训练 Pretrain>监督微调 SFT',
      '监督微调 SFT>奖励模型 RM',
      '奖励模型 RM>强化学习 PPO',
      '强化学习 PPO>圆',
      '圆>库',
      '库>六边形',
      '六边形>旗',
    ]);
    expect(edges('A --> B\nB[later label]')).toEqual(['A>later label']);
  });

  it('skips statements that draw no edges, and comments', () => {
    const body = [
      '%% a comment --> not an edge',
      'subgraph one [第一组]',
      '  A --> B',
      'end',
      'click A "https://example.com" _blank',
      'style A fill:#f9f',
      'classDef hot fill:#f00',
      'class A hot',
      'linkStyle 0 stroke:#ff3',
      'A ~~~ C',
      'direction TB',
    ].join('\n');
    expect(edges(body)).toEqual(['A>B']);
  });

  it('splits statements on semicolons and keeps ones inside labels', () => {
    expect(edges('A[a;b] --> B; B --> C')).toEqual(['a;b>B', 'B>C']);
  });

  it('reports malformed statements without throwing and keeps the rest', () => {
    const parsed = parseMermaidEdges('graph TD\nA[unclosed --> B\nC --> \nD --> E\n-->');
    expect(parsed.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['D>E']);
    expect(parsed.problems).toHaveLength(3);
  });

  it('ignores diagrams that are not flowcharts', () => {
    expect(parseMermaidEdges('sequenceDiagram\nA->>B: hi')).toEqual({ isFlowchart: false, edges: [], problems: [] });
  });
});
