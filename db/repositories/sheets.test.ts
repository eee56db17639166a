import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import type { Store } from '../open-store.js';
import { SheetRepository } from './sheets.js';

let store: Store;
let repo: SheetRepository;
const NOW = '2026-11-23T03:00:00.000Z';
const snapshot = (markdown: string) => ({ title: '', origin: '', markdown });

beforeEach(() => {
  store = openStore(':memory:');
  repo = new SheetRepository(store.db);
});
afterEach(() => store.close());

describe('SheetRepository', () => {
  it('creates sheets and keeps items in order, inserting at a position', () => {
    const id = repo.create('RLHF 速查', { columns: 2 }, NOW);
    const a = repo.addItem(id, { kind: 'text', spec: { kind: 'text', markdown: 'a' }, snapshot: snapshot('a') }, NOW);
    const b = repo.addItem(id, { kind: 'text', spec: { kind: 'text', markdown: 'b' }, snapshot: null }, NOW);
    const first = repo.addItem(id, { kind: 'text', spec: { kind: 'text', markdown: 'c' }, snapshot: null }, NOW, 0);
    expect(repo.items(id).map((i) => [i.id, i.position])).toEqual([
      [first, 0],
      [a, 1],
      [b, 2],
    ]);
    expect(repo.get(id)).toMatchObject({ title: 'RLHF 速查', layout: { columns: 2 }, itemCount: 3 });
    expect(repo.item(a)?.snapshot).toEqual(snapshot('a'));

    repo.reorder(id, [b, first, a], NOW);
    expect(repo.items(id).map((i) => i.id)).toEqual([b, first, a]);
    expect(repo.removeItemById(first, NOW)).toBe(true);
    expect(repo.items(id).map((i) => [i.id, i.position])).toEqual([
      [b, 0],
      [a, 1],
    ]);
  });

  it('records snapshots and when a source went missing (the first time only)', () => {
    const id = repo.create('s', {}, NOW);
    const item = repo.addItem(id, { kind: 'annotation', spec: { kind: 'annotation', annotationId: 'x' }, snapshot: snapshot('old') }, NOW);
    repo.markMissing(item, '2026-01-01T00:00:00.000Z');
    repo.markMissing(item, '2026-02-01T00:00:00.000Z');
    expect(repo.item(item)?.missingSince).toBe('2026-01-01T00:00:00.000Z');
    repo.saveSnapshot(item, snapshot('new'));
    expect(repo.item(item)).toMatchObject({ missingSince: null, snapshot: snapshot('new') });
  });

  it('deletes a sheet with its items and refuses unknown kinds', () => {
    const id = repo.create('s', {}, NOW);
    const item = repo.addItem(id, { kind: 'text', spec: {}, snapshot: null }, NOW);
    expect(repo.delete(id)).toBe(true);
    expect(repo.item(item)).toBeUndefined();
    expect(repo.list()).toEqual([]);
    expect(() => repo.addItem(repo.create('t', {}, NOW), { kind: 'video' as 'text', spec: {}, snapshot: null }, NOW)).toThrow(/CHECK/);
  });
});
