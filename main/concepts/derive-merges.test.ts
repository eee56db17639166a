import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { createContext } from '../api/context.js';
import { createCaller } from '../api/dispatch.js';
import { createHandlerTable } from '../api/handlers.js';
import { importPaths } from '../import/import-notes.js';

// A diagram can name, in a later node, two concepts met apart before
// (`损失函数 ALiBi` after a node `ALiBi`): derivation merges them into one
// while the earlier node's id is still held for its edges. Found by
// bench:import's generated library, where 194 of 10,000 notes failed with
// "FOREIGN KEY constraint failed".

let work: string;
let store: Store;
let call: ReturnType<typeof createCaller>;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-derive-merges-'));
  store = openStore(':memory:');
  call = createCaller(createHandlerTable(createContext(store, work)));
});
afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a concept merged into another while a note is derived', () => {
  it('is linked under the concept it became, and the note is stored', async () => {
    writeFileSync(join(work, 'a-losses.md'), '---\nconcepts: [损失函数]\n---\n# 损失函数\n\n交叉熵是最常见的损失函数。\n');
    writeFileSync(
      join(work, 'b-extrapolation.md'),
      '# 长度外推\n\n```mermaid\nflowchart LR\n  A[并行] --> B[ALiBi]\n  B -->|依赖于| C[损失函数 ALiBi]\n  C --> D[长度外推]\n```\n',
    );
    const report = importPaths(store, [work]);
    expect(report.failed).toEqual([]);
    expect(report.added).toBe(2);
    const names = (await call('concepts.list', {})).map((c) => c.name);
    // One concept for both names, whichever name it keeps.
    expect(names.filter((n) => n === 'ALiBi' || n === '损失函数')).toHaveLength(1);
    const merged = await call('concepts.get', { name: 'ALiBi' });
    expect([merged.name, ...merged.aliases.map((a) => a.alias)]).toEqual(expect.arrayContaining(['ALiBi', '损失函数']));
    // The diagram's edges reach it under the name it kept.
    expect(
      Object.values(merged.incoming)
        .flat()
        .map((l) => l.from.name),
    ).toContain('并行');
  });
});
