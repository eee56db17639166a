import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../db/open-store.js';
import type { Store } from '../../db/open-store.js';
import { importPaths } from '../import/import-notes.js';
import { createContext } from './context.js';
import type { ConceptOccurrence } from './contract.js';
import { createCaller } from './dispatch.js';
import { createHandlerTable } from './handlers.js';

/** A note in the style of the seeds: a pipeline diagram, then "Reference:" lines and the same word as a real mention. */
const NOTE = `# RLHF 流程

\`\`\`mermaid
flowchart LR
  SFT --> 奖励模型RM[奖励模型 RM] --> PPO
  Ref[参考模型 Reference] --> PPO
\`\`\`

## 为什么需要参考模型

PPO 阶段同时放四个模型：Actor、Critic、RM、Reference。Reference 冻结不动。

Reference 的另一层意思是引用，这里先不讲。

## 面试技巧

被问到 KL 时，说清楚 Reference 的作用。
`;

let work: string;
let notes: string;
let store: Store;
let call: ReturnType<typeof createCaller>;

function open(): void {
  store = openStore(join(work, 'lattice.db'));
  call = createCaller(createHandlerTable(createContext(store, work)));
}

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'lattice-suppress-'));
  notes = join(work, 'notes');
  mkdirSync(notes);
  writeFileSync(join(notes, 'rlhf.md'), NOTE);
  open();
  importPaths(store, [notes]);
  // Derivation does not take a bare English word after a Chinese label for
  // an alias (issue 12); the person gives the reference model its short name.
  await call('concepts.addAlias', { name: '参考模型', alias: 'Reference' });
});
afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

async function noteId(): Promise<number> {
  const [note] = await call('notes.list', {});
  if (!note) throw new Error('no note imported');
  return note.id;
}

/** The underlines of a concept in the note, each as its words with a few characters either side. */
async function underlines(conceptName: string): Promise<string[]> {
  const id = await noteId();
  const { text } = await call('notes.get', { id });
  const found: ConceptOccurrence[] = await call('concepts.inNote', { noteId: id });
  return found
    .filter((o) => o.name === conceptName)
    .map((o) => `${text.slice(o.start - 4, o.start)}[${text.slice(o.start, o.end)}]${text.slice(o.end, o.end + 3)}`);
}

/** Where "Reference" stands after `before` in the note's text. */
async function spanAfter(before: string): Promise<{ noteId: number; start: number; end: number }> {
  const id = await noteId();
  const { text } = await call('notes.get', { id });
  const start = text.indexOf(before) + before.length;
  return { noteId: id, start, end: start + 'Reference'.length };
}

describe('concepts.suppressMention', () => {
  it('turns off one underline, gives the section to the next occurrence, and keeps it off across re-import', async () => {
    const concept = await call('concepts.get', { name: '参考模型' });
    expect(await underlines('参考模型')).toEqual(['、RM、[Reference]。Re', '说清楚 [Reference] 的作']);

    const hidden = await call('concepts.suppressMention', { conceptId: concept.id, ...(await spanAfter('Critic、RM、')) });
    expect(hidden).toMatchObject({ conceptId: concept.id, exact: 'Reference', noteTitle: 'RLHF 流程' });
    expect(hidden.prefix.endsWith('Critic、RM、')).toBe(true);
    // The first occurrence is off; the section's next one ("Reference 冻结") is underlined instead.
    expect(await underlines('参考模型')).toEqual(['nce。[Reference] 冻结', '说清楚 [Reference] 的作']);
    const detail = await call('concepts.get', { id: concept.id });
    expect(detail.hiddenMentions.map((h) => h.id)).toEqual([hidden.id]);
    // Counted on the concept page one fewer: the heading, "Reference 冻结", "Reference 的另一层", "Reference 的作用".
    expect(concept.mentions.find((m) => m.kind === 'mentions')?.occurrences).toBe(5);
    expect(detail.mentions.find((m) => m.kind === 'mentions')?.occurrences).toBe(4);

    // The note changes elsewhere and is imported again, after a restart.
    store.close();
    writeFileSync(
      join(notes, 'rlhf.md'),
      NOTE.replace('# RLHF 流程\n', '# RLHF 流程\n\n新加的一段：先讲 SFT。\n').replace('说清楚', '要讲清楚'),
    );
    open();
    expect(importPaths(store, [notes]).updated).toBe(1);
    expect(await underlines('参考模型')).toEqual(['nce。[Reference] 冻结', '讲清楚 [Reference] 的作']);
    expect((await call('concepts.get', { id: concept.id })).hiddenMentions).toHaveLength(1);

    // An edit right after the words still leaves the context before them as it was: still off.
    writeFileSync(join(notes, 'rlhf.md'), NOTE.replace('Reference。Reference 冻结不动', 'Reference。它冻结不动'));
    importPaths(store, [notes]);
    expect(await underlines('参考模型')).toEqual(['不动。\n[Reference] 的另', '说清楚 [Reference] 的作']);

    // Both sides rewritten: these are other words now, and the underline is back.
    writeFileSync(join(notes, 'rlhf.md'), NOTE.replace('四个模型：Actor、Critic、RM、Reference。', '模型有 Reference 和 Actor。'));
    importPaths(store, [notes]);
    expect(await underlines('参考模型')).toEqual(['模型有 [Reference] 和 ', '说清楚 [Reference] 的作']);
  });

  it('turns the underline back on when asked', async () => {
    const concept = await call('concepts.get', { name: '参考模型' });
    const hidden = await call('concepts.suppressMention', { conceptId: concept.id, ...(await spanAfter('Critic、RM、')) });
    expect(await call('concepts.restoreMention', { id: hidden.id })).toEqual({
      id: hidden.id,
      conceptId: concept.id,
      noteId: await noteId(),
    });
    expect(await underlines('参考模型')).toEqual(['、RM、[Reference]。Re', '说清楚 [Reference] 的作']);
    expect((await call('concepts.get', { id: concept.id })).hiddenMentions).toEqual([]);
    await expect(call('concepts.restoreMention', { id: hidden.id })).rejects.toMatchObject({ type: 'NotFound' });
  });

  it('leaves the concept page without a section whose only occurrence is off', async () => {
    const concept = await call('concepts.get', { name: '参考模型' });
    const sectionsBefore = concept.mentions.filter((m) => m.kind === 'mentions').map((m) => m.sectionTitle);
    expect(sectionsBefore).toContain('面试技巧');
    await call('concepts.suppressMention', { conceptId: concept.id, ...(await spanAfter('说清楚 ')) });
    const after = await call('concepts.get', { id: concept.id });
    expect(after.mentions.filter((m) => m.kind === 'mentions').map((m) => m.sectionTitle)).not.toContain('面试技巧');
  });

  it('keeps the suppression under the concept another is merged into', async () => {
    const concept = await call('concepts.get', { name: '参考模型' });
    await call('concepts.suppressMention', { conceptId: concept.id, ...(await spanAfter('Critic、RM、')) });
    const into = await call('concepts.create', { name: 'Reference Model' });
    const merged = await call('concepts.merge', { from: concept.id, into: into.id });
    expect(merged.hiddenMentions.map((h) => h.exact)).toEqual(['Reference']);
    expect(await underlines('Reference Model')).toEqual(['nce。[Reference] 冻结', '说清楚 [Reference] 的作']);
  });

  it('refuses a span where the concept is not mentioned', async () => {
    const concept = await call('concepts.get', { name: '参考模型' });
    const span = await spanAfter('Critic、RM、');
    await expect(call('concepts.suppressMention', { conceptId: concept.id, ...span, start: span.start + 1 })).rejects.toMatchObject({
      type: 'Invalid',
    });
    await expect(call('concepts.suppressMention', { conceptId: concept.id, ...span, end: span.start })).rejects.toMatchObject({
      type: 'Invalid',
    });
    const ppo = await call('concepts.get', { name: 'PPO' });
    await expect(call('concepts.suppressMention', { conceptId: ppo.id, ...span })).rejects.toMatchObject({ type: 'Invalid' });
  });
});
