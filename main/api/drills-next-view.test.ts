import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';

let work: string;
let app: Lattice;

const NOTE = `# 注意力机制面试题

### 为什么要除以 $\\sqrt{d_k}$？

点积的方差随 $d_k$ 增大，softmax 会饱和：

$$
\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V
$$

### 什么是 KV cache？
`;

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-drills-next-view-'));
  app = openLattice({ dataDir: join(work, 'data'), withStarter: false });
  mkdirSync(join(work, 'notes'));
  writeFileSync(join(work, 'notes', 'attention.md'), NOTE);
  await app.call('library.import', { paths: [join(work, 'notes')] });
});
afterEach(async () => {
  await app.idle();
  app.close();
  rmSync(work, { recursive: true, force: true });
});

describe('drills.next with its view', () => {
  it('carries the card exactly as drills.card shows it, only when asked', async () => {
    const plain = await app.call('drills.next', {});
    expect(plain).not.toBeNull();
    expect(plain).not.toHaveProperty('view');

    const next = await app.call('drills.next', { withView: true });
    expect(next?.card.id).toBe(plain?.card.id);
    expect(next?.view).toEqual(await app.call('drills.card', { cardId: next!.card.id }));
    expect(next?.view?.answerHtml).toContain('data-tex');
    expect(next?.view?.note?.title).toBe('注意力机制面试题');
  });
});
