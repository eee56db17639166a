import type { SettingsRepository } from '../../db/repositories/settings.js';
import type { Store } from '../../db/open-store.js';
import { deriveNoteConcepts } from './derive.js';
import { indexMentionsInBatches } from './mentions.js';

/**
 * Derived concepts are stored, and an import skips unchanged files, so a
 * change of the derivation rules would never reach a library imported
 * before it. The store records which rules derived it; when they are older
 * than these, every live note is derived again from what the store holds
 * (no file is read): derived aliases and the concepts the person has no hand
 * in are forgotten first (see ConceptRepository.isPersons in db/repositories/concepts.ts), so what the old
 * rules made and the new ones do not (`逐个接受判断`, `PPO vs DPO`) goes, while
 * the person's concepts, renames, definitions, aliases, links and sheet
 * items stay.
 *
 * Versions: 1 (or none) — the rules before issue 12; 2 — diagram steps are
 * not concepts, names of one thing merge, comparisons give links, better
 * definitions only.
 */
export const DERIVATION_VERSION = 2;
const VERSION_KEY = 'concepts.derivationVersion';

function storedVersion(settings: SettingsRepository): number {
  return Number(settings.get(VERSION_KEY) ?? '1') || 1;
}

/** A store with no notes yet is derived by these rules from its first import on. */
export function markDerivationCurrentIfEmpty(store: Store): void {
  const repo = store.repositories.concepts;
  const settings = store.repositories.settings;
  if (storedVersion(settings) < DERIVATION_VERSION && repo.liveNoteIds().length === 0)
    settings.set(VERSION_KEY, String(DERIVATION_VERSION));
}

/** Whether the store's concepts were derived by older rules. */
export function isDerivationStale(store: Store): boolean {
  return storedVersion(store.repositories.settings) < DERIVATION_VERSION;
}

/**
 * Derives every live note again, in transactions of `batchSize` notes,
 * yielding between them; the version is written last, so an interrupted run
 * starts over next time.
 */
export function* rederiveAll(store: Store, now: string, batchSize = 250): Generator<void, void, void> {
  const repo = store.repositories.concepts;
  const ids = repo.liveNoteIds();
  const deriveBatch = (batch: number[], isFirst: boolean): void =>
    store.transaction(() => {
      if (isFirst) repo.forgetDerived();
      for (const id of batch) {
        const input = repo.derivationInput(id);
        if (input) deriveNoteConcepts(repo, id, input, now);
      }
    });
  if (ids.length === 0) deriveBatch([], true);
  for (let i = 0; i < ids.length; i += batchSize) {
    deriveBatch(ids.slice(i, i + batchSize), i === 0);
    yield;
  }
  for (const _ of indexMentionsInBatches(store, ids, batchSize)) yield;
  store.repositories.settings.set(VERSION_KEY, String(DERIVATION_VERSION));
}

/** The same as a background job, when the store needs it; resolves true when it ran. */
export async function rederiveIfStale(store: Store, now = new Date().toISOString()): Promise<boolean> {
  if (!isDerivationStale(store)) return false;
  for (const _ of rederiveAll(store, now)) await new Promise<void>((resolve) => setImmediate(resolve));
  return true;
}
