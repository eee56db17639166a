import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { importPaths } from '../import/import-notes.js';
import { createContext } from './context.js';
import { createCaller } from './dispatch.js';
import { createHandlerTable } from './handlers.js';

let work: string;
let store: Store;
let call: ReturnType<typeof createCaller>;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'lattice-sections-'));
  store = openStore(':memory:');
  call = createCaller(createHandlerTable(createContext(store, work)));
});
afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a note’s sections', () => {
  it('carry their headings as a reader reads them: formulas readable in the contents, TeX kept in the title', async () => {
    writeFileSync(
      join(work, 'attention.md'),
      `# 注意力

## 为什么要除以 $\\sqrt{d_k}$？

点积 $q\\cdot k$ 的方差随 $d_k$ 增长，$\\sqrt{d_k}$ 把它拉回 1。

## $QK^\\top$ 与 $n\\times n$ 的显存

注意力矩阵是 $n\\times n$。
`,
    );
    importPaths(store, [work]);
    const [summary] = await call('notes.list', {});
    const { sectionList } = await call('notes.get', { id: summary?.id ?? 0 });
    expect(sectionList.map((s) => s.title)).toEqual(['注意力', '为什么要除以 \\sqrt{d_k}？', 'QK^\\top 与 n\\times n 的显存']);
    const readable = sectionList.map((s) => s.readableTitle);
    expect(readable[0]).toBe('注意力');
    expect(readable[1]).toMatch(/^为什么要除以 √d.*？$/);
    expect(readable[1]).not.toContain('\\');
    expect(readable[2]).toContain('n×n 的显存');
    expect(readable[2]).not.toContain('\\');
  });
});
