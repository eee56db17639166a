import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConceptRepository } from '../../db/repositories/concepts.js';
import { SettingsRepository } from '../../db/repositories/settings.js';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { createContext } from '../api/context.js';
import { createCaller } from '../api/dispatch.js';
import { createHandlerTable } from '../api/handlers.js';
import { importPaths } from '../import/import-notes.js';
import { DERIVATION_VERSION, isDerivationStale, markDerivationCurrentIfEmpty, rederiveIfStale } from './rederive.js';

const NOTE = `---
concepts: [SFT, PPO]
---
# 对齐

\`\`\`mermaid
flowchart LR
  SFT[监督微调 SFT] --> RM[奖励模型 RM]
  RM --> C[逐个接受判断]
  C --> PPO[强化学习 PPO]
\`\`\`

## PPO vs DPO

1. 计算资源：DPO是PPO的一半
`;

let store: Store;
let work: string;
let call: ReturnType<typeof createCaller>;
const NOW = '2026-12-05T00:00:00.000Z';

beforeEach(() => {
  store = openStore(':memory:');
  work = mkdtempSync(join(tmpdir(), 'lattice-rederive-'));
  call = createCaller(createHandlerTable(createContext(store, work)));
});
afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

async function names(): Promise<string[]> {
  return (await call('concepts.list', {})).map((c) => c.name);
}

/** What the rules before issue 12 left in a store: steps as concepts, a category as an alias, a comparison as a concept. */
function leaveOldRulesBehind(repo: ConceptRepository, noteId: number): { step: number; question: number } {
  const step = repo.create('逐个接受判断', false, NOW);
  const question = repo.create('PPO vs DPO', false, NOW);
  const ppo = repo.findByTerm('PPO');
  if (ppo === undefined) throw new Error('PPO missing');
  repo.addAlias(ppo, '强化学习', 'derived');
  repo.addDerivedLink(step, ppo, 'leads-to', '', noteId, NOW);
  return { step, question };
}

describe('a store derived by older rules', () => {
  it('is derived again: what the old rules made goes, what the person made stays', async () => {
    writeFileSync(join(work, 'align.md'), NOTE);
    importPaths(store, [work]);
    const repo = new ConceptRepository(store.db);
    const noteId = repo.liveNoteIds()[0] ?? 0;
    const { step, question } = leaveOldRulesBehind(repo, noteId);
    // The person's hand: a rename, a definition, a concept and a link, and an old concept put on a sheet by its id.
    await call('concepts.rename', { name: '监督微调', newName: 'Supervised FT' });
    await call('concepts.define', { name: 'PPO', definition: '我的 PPO。' });
    await call('concepts.create', { name: 'Reward Hacking' });
    await call('links.create', { from: '奖励模型', to: 'Reward Hacking', type: 'related' });
    const sheet = await call('sheets.create', { title: '复习' });
    await call('sheets.addItem', { sheetId: sheet.id, item: { kind: 'concept', concept: question } });
    new SettingsRepository(store.db).set('concepts.derivationVersion', '1');

    expect(isDerivationStale(store)).toBe(true);
    expect(await rederiveIfStale(store, NOW)).toBe(true);

    const after = await names();
    expect(after).not.toContain('逐个接受判断');
    expect(repo.get(step)).toBeUndefined();
    expect(after).toContain('PPO vs DPO');
    expect((await call('concepts.get', { name: 'PPO' })).aliases).toEqual([]);
    expect((await call('concepts.get', { name: 'PPO' })).definition).toBe('我的 PPO。');
    expect((await call('concepts.get', { name: 'SFT' })).name).toBe('Supervised FT');
    const rm = await call('concepts.get', { name: 'RM' });
    expect(rm.outgoing.related?.map((l) => [l.to.name, l.source])).toEqual([['Reward Hacking', 'user']]);
    // Through the step that is no concept any more.
    expect(rm.outgoing['leads-to']?.map((l) => l.to.name)).toEqual(['PPO']);
    expect((await call('concepts.get', { name: 'PPO' })).mentions.length).toBeGreaterThan(0);
    expect(isDerivationStale(store)).toBe(false);
    expect(await rederiveIfStale(store, NOW)).toBe(false);
  });

  it('keeps a concept whose underline the person turned off somewhere, with that choice', async () => {
    writeFileSync(join(work, 'align.md'), NOTE);
    importPaths(store, [work]);
    const repo = new ConceptRepository(store.db);
    const noteId = repo.liveNoteIds()[0] ?? 0;
    const ppo = await call('concepts.get', { name: 'PPO' });
    const text = (await call('notes.get', { id: noteId })).text;
    const start = text.indexOf('PPO的一半');
    await call('concepts.suppressMention', { noteId, conceptId: ppo.id, start, end: start + 3 });
    new SettingsRepository(store.db).set('concepts.derivationVersion', '1');

    expect(await rederiveIfStale(store, NOW)).toBe(true);
    const after = await call('concepts.get', { name: 'PPO' });
    expect(after.id).toBe(ppo.id);
    expect(after.hiddenMentions.map((m) => m.exact)).toEqual(['PPO']);
  });

  it('an empty store starts at the current rules, a filled one without a version does not', () => {
    markDerivationCurrentIfEmpty(store);
    expect(new SettingsRepository(store.db).get('concepts.derivationVersion')).toBe(String(DERIVATION_VERSION));

    const other = openStore(':memory:');
    try {
      writeFileSync(join(work, 'align.md'), NOTE);
      importPaths(other, [work]);
      markDerivationCurrentIfEmpty(other);
      expect(isDerivationStale(other)).toBe(true);
    } finally {
      other.close();
    }
  });
});
