import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { importPaths } from '../import/import-notes.js';
import { createContext } from './context.js';
import { createCaller } from './dispatch.js';
import { inMapOrder } from './concept-views.js';
import { createHandlerTable } from './handlers.js';

const starter = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'notes');
let store: Store;
let work: string;
let call: ReturnType<typeof createCaller>;

beforeEach(() => {
  store = openStore(':memory:');
  work = mkdtempSync(join(tmpdir(), 'lattice-concept-views-'));
  call = createCaller(createHandlerTable(createContext(store, work)));
});
afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

describe('concepts.overview on the starter library', () => {
  beforeEach(() => importPaths(store, [starter], { kind: 'starter' }));

  it('puts every concept in exactly one group, by the note it belongs to', async () => {
    const all = await call('concepts.list', {});
    const overview = await call('concepts.overview', {});
    expect(overview.total).toBe(all.length);
    expect(overview.matched).toBe(all.length);
    const ids = overview.groups.flatMap((g) => g.concepts.map((c) => c.id));
    expect(new Set(ids).size).toBe(all.length);
    const rlhf = overview.groups.find((g) => g.notePath === 'rlhf-pipeline.md');
    expect(rlhf?.noteTitle).toMatch(/RLHF/);
    expect(rlhf?.concepts.map((c) => c.name)).toEqual(expect.arrayContaining(['RM', 'PPO']));
    // Groups come in the order of their notes' paths.
    const paths = overview.groups.map((g) => g.notePath).filter((p): p is string => p !== null);
    expect(paths).toEqual([...paths].sort());
  });

  it('filters on names and aliases and still reports the total', async () => {
    const overview = await call('concepts.overview', { q: '奖励模型' });
    expect(overview.total).toBeGreaterThan(100);
    // 奖励模型 is a name of RM (issue 12).
    expect(overview.groups.flatMap((g) => g.concepts.map((c) => c.name))).toContain('RM');
    expect(overview.matched).toBeLessThan(5);
    expect((await call('concepts.overview', { q: '%' })).matched).toBe(0);
  });

  it('groups concepts the person made in no note last', async () => {
    await call('concepts.create', { name: '我的新概念' });
    const overview = await call('concepts.overview', {});
    const last = overview.groups[overview.groups.length - 1];
    expect(last?.noteId).toBeNull();
    expect(last?.concepts.map((c) => c.name)).toContain('我的新概念');
  });
});

describe('concepts.subgraph', () => {
  beforeEach(() => importPaths(store, [starter], { kind: 'starter' }));

  it('maps chosen concepts and the links among them, leaving unlinked ones apart', async () => {
    const [sft, rm, ppo] = await Promise.all(['SFT', 'RM', 'PPO'].map((name) => call('concepts.get', { name })));
    const lone = await call('concepts.create', { name: '孤立概念' });
    const ids = [sft?.id, rm?.id, ppo?.id, lone.id].filter((n): n is number => n !== undefined);
    const map = await call('concepts.subgraph', { ids, currentId: rm?.id });
    expect(map.drawn.sort()).toEqual(ids.slice(0, 3).sort());
    expect(map.unlinked).toEqual([lone.id]);
    expect(map.mermaid).toMatch(new RegExp(`c${sft?.id} -->\\|leads to\\| c${rm?.id}`));
    expect(map.mermaid).toContain(`class c${rm?.id} current`);
    expect(map.mermaid).not.toContain('孤立概念');
    expect((await call('concepts.subgraph', { ids: [lone.id] })).mermaid).toBe('');
  });

  it('names link types on maps in the language chosen in the app', async () => {
    const [sft, rm] = await Promise.all(['SFT', 'RM'].map((name) => call('concepts.get', { name })));
    const ids = [sft?.id, rm?.id].filter((n): n is number => n !== undefined);
    await call('settings.setLanguage', { language: 'zh' });
    expect((await call('concepts.subgraph', { ids })).mermaid).toMatch(new RegExp(`c${sft?.id} -->\\|通向\\| c${rm?.id}`));
    expect((await call('concepts.map', { name: 'SFT' })).mermaid).toContain('|通向|');
    expect((await call('concepts.path', { from: 'SFT', to: 'PPO' })).mermaid).toContain('|通向|');
    await call('settings.setLanguage', { language: 'en' });
    expect((await call('concepts.map', { name: 'SFT' })).mermaid).toContain('|leads to|');
  });

  it('refuses maps Mermaid could not lay out quickly', async () => {
    const ids = Array.from({ length: 151 }, (_, i) => i + 1);
    await expect(call('concepts.subgraph', { ids })).rejects.toMatchObject({ type: 'Invalid' });
  });
});

describe('concepts.inNote', () => {
  it('finds the first occurrence of each concept per section, never in a heading', async () => {
    writeFileSync(
      join(work, 'rl.md'),
      `# 对齐

\`\`\`mermaid
flowchart LR
  SFT --> RM[奖励模型 RM]
  RM --> PPO
\`\`\`

先做 SFT，再训练奖励模型，然后用 PPO。PPO 之后还是 PPO。

## PPO 的目标

PPO 用奖励模型打分，RM 就是奖励模型。
`,
    );
    importPaths(store, [work]);
    const [note] = await call('notes.list', {});
    const detail = await call('notes.get', { id: note?.id ?? 0 });
    const found = await call('concepts.inNote', { noteId: detail.id });
    const seen = found.map((o) => [detail.text.slice(o.start, o.end), o.name]);
    expect(seen).toEqual([
      ['SFT', 'SFT'],
      ['奖励模型', '奖励模型'],
      ['PPO', 'PPO'],
      ['PPO', 'PPO'],
      ['奖励模型', '奖励模型'],
    ]);
    const heading = detail.text.indexOf('PPO 的目标');
    expect(found.every((o) => o.start < heading || o.start > heading + 'PPO 的目标'.length)).toBe(true);
    await expect(call('concepts.inNote', { noteId: 9999 })).rejects.toMatchObject({ type: 'NotFound' });
  });
});

describe('hostile labels', () => {
  it('keep their text as a concept name, and reach a map only as quoted plain text', async () => {
    writeFileSync(
      join(work, 'hostile.md'),
      // Such labels are diagram nodes (issue 12); front matter names them as concepts.
      '---\naliases: ["<script>window.__pwned=1</script>"]\nconcepts: ["<img src=x onerror=alert(1)>", 正常概念]\n---\n# 恶意\n\n```mermaid\nflowchart LR\n  A["<img src=x onerror=alert(1)>"] --> B["<script>window.__pwned=1</script>"]\n  B --> C[正常概念]\n  click A call alert()\n```\n',
    );
    importPaths(store, [work]);
    const img = await call('concepts.get', { name: '<img src=x onerror=alert(1)>' });
    const script = await call('concepts.get', { name: '<script>window.__pwned=1</script>' });
    const map = await call('concepts.map', { id: script.id });
    expect(map.mermaid).toContain(`c${img.id}["img src=x onerror=alert 1"]`);
    expect(map.mermaid).toContain(`c${script.id}["script window.__pwned=1 /script"]`);
    expect(map.mermaid).not.toMatch(/click|<\w/);
    const overview = await call('concepts.subgraph', { ids: [img.id, script.id] });
    expect(overview.mermaid).not.toMatch(/click|<\w/);
  });
});

describe('inMapOrder', () => {
  it('keeps linked pieces together, the largest first, and unlinked concepts last', () => {
    const members = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name, i) => ({ id: i + 1, name }));
    const links = [
      { fromId: 6, toId: 1 },
      { fromId: 2, toId: 4 },
      { fromId: 4, toId: 5 },
      { fromId: 4, toId: 99 },
    ];
    expect(inMapOrder(members, links).map((m) => m.name)).toEqual(['d', 'b', 'e', 'a', 'f', 'c', 'g']);
  });
});

describe('concepts.map around a hub', () => {
  it('keeps the nearest 150 concepts and says how many were left off', async () => {
    const hub = await call('concepts.create', { name: 'Hub' });
    for (let i = 0; i < 160; i++) {
      const spoke = await call('concepts.create', { name: `Spoke ${i}` });
      await call('links.create', { from: hub.id, to: spoke.id, type: 'related' });
    }
    const map = await call('concepts.map', { id: hub.id, depth: 2 });
    expect(map.omitted).toBe(11);
    expect(map.mermaid.match(/^ {2}c\d+\[/gm)).toHaveLength(150);
    expect(map.mermaid).toContain(`class c${hub.id} current`);
    expect((await call('concepts.map', { name: 'Spoke 0' })).omitted).toBe(0);
  });
});
