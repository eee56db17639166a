import { join } from 'node:path';
import { openStore } from '../db/open-store.js';
import type { Store } from '../db/open-store.js';
import { SearchRepository } from '../db/repositories/search.js';
import { StoreHealthRepository } from '../db/repositories/store-health.js';
import type { StoredNoteFacts } from '../db/repositories/store-health.js';
import { createContext } from '../main/api/context.js';
import { runSearch } from '../main/api/search.js';
import { probeWord } from './crash-library.js';
import type { CrashVersion } from './crash-library.js';

/**
 * What a store left by a killed process is checked against: the facts a clean
 * import stores for each version of each file (its sections, formulas,
 * diagrams, links, search row and the questions of its cards), keyed by the
 * note's path and the hash of the file's bytes. A note stored by a killed
 * import must equal one of them exactly: anything else is half a note.
 */
export type NoteFacts = Omit<StoredNoteFacts, 'id' | 'libraryId' | 'mentions'>;

export interface GoldenNote {
  facts: NoteFacts;
  /**
   * Its concept mention rows once the background job that finds them is done:
   * compared only in a store whose last import ran to its end (see verifyStore).
   */
  mentions: number;
  /** Which version of a crash note this is; undefined for the starter library's notes. */
  version?: CrashVersion;
}

export type Golden = Map<string, GoldenNote>;

const keyOf = (facts: Pick<NoteFacts, 'path' | 'contentHash'>): string => `${facts.path}\u0000${facts.contentHash}`;

function comparable(facts: StoredNoteFacts): NoteFacts {
  const { id: _id, libraryId: _libraryId, mentions: _mentions, ...rest } = facts;
  return rest;
}

/** The crash note's index from its path (crash/topic-N/note-I.md), or undefined for another note. */
function crashIndex(path: string): number | undefined {
  const match = /^crash\/topic-\d+\/note-(\d+)\.md$/.exec(path);
  return match ? Number(match[1]) : undefined;
}

/** Adds the facts of every note in the store at `dataDir` (after a clean import of `version`) to `golden`. */
export function recordGolden(golden: Golden, dataDir: string, version: CrashVersion): void {
  const store = openStore(join(dataDir, 'lattice.db'));
  try {
    for (const facts of new StoreHealthRepository(store.db).noteFacts()) {
      const isCrashNote = crashIndex(facts.path) !== undefined;
      const known = golden.get(keyOf(facts));
      if (known && !isCrashNote) continue;
      golden.set(keyOf(facts), { facts: comparable(facts), mentions: facts.mentions, version: isCrashNote ? version : undefined });
    }
  } finally {
    store.close();
  }
}

export interface StoreVerdict {
  /** Whether the store opened (and migrated) at all. */
  isOpened: boolean;
  /** What SQLite's own checks find wrong with the file (or why it did not open): a corrupted store. */
  storeProblems: string[];
  /** Every note that is not whole. */
  noteProblems: string[];
  /** Where the last import ran to its end: every note whose concept mentions are not what a clean import finds. */
  mentionProblems: string[];
  /** How many crash notes the store holds at each version. */
  atVersion: Record<CrashVersion, number>;
}

function describeDifference(stored: NoteFacts, wanted: NoteFacts): string {
  const fields = (Object.keys(wanted) as (keyof NoteFacts)[]).filter(
    (field) => JSON.stringify(stored[field]) !== JSON.stringify(wanted[field]),
  );
  return fields.map((field) => `${field} ${JSON.stringify(stored[field])} (clean: ${JSON.stringify(wanted[field])})`).join(', ');
}

/** Whether the search index of `store` finds a note by a word: asked as the search box asks. */
function searchFinder(store: Store, dataDir: string): (word: string, noteId: number) => boolean {
  const ctx = createContext(store, dataDir);
  const repo = new SearchRepository(store.db);
  return (word, noteId) =>
    runSearch(ctx, repo, { q: word, kinds: ['note', 'section'], limit: 5 }).hits.some((hit) => hit.noteId === noteId);
}

/**
 * Opens the store at `dataDir` as the app would (migrations included) and
 * checks it: PRAGMA integrity_check, foreign keys and the full-text indexes'
 * own checks must pass, and every stored note must be whole — equal to what a
 * clean import stores for one version of its file, found by search by that
 * version's word and not by the other's. `isSettled`: the last import ran to
 * its end, so the notes' concept mentions must be there too.
 */
export function verifyStore(dataDir: string, golden: Golden, isSettled = false): StoreVerdict {
  const atVersion: Record<CrashVersion, number> = { a: 0, b: 0 };
  let store: Store;
  try {
    store = openStore(join(dataDir, 'lattice.db'));
  } catch (error) {
    return {
      isOpened: false,
      storeProblems: [`the store does not open: ${(error as Error).message}`],
      noteProblems: [],
      mentionProblems: [],
      atVersion,
    };
  }
  try {
    const storeProblems = new StoreHealthRepository(store.db).problems();
    const problems: string[] = [];
    const mentionProblems: string[] = [];
    const isFoundBy = searchFinder(store, dataDir);
    for (const stored of new StoreHealthRepository(store.db).noteFacts()) {
      const facts = comparable(stored);
      const wanted = golden.get(keyOf(facts));
      if (!wanted) {
        problems.push(`${facts.path}: its stored version is from no clean import (hash ${facts.contentHash.slice(0, 12)})`);
        continue;
      }
      if (JSON.stringify(facts) !== JSON.stringify(wanted.facts))
        problems.push(`${facts.path}: not whole: ${describeDifference(facts, wanted.facts)}`);
      if (isSettled && stored.mentions !== wanted.mentions)
        mentionProblems.push(`${facts.path}: ${stored.mentions} concept mentions (clean: ${wanted.mentions})`);
      const index = crashIndex(facts.path);
      if (index === undefined || !wanted.version) continue;
      atVersion[wanted.version]++;
      const other: CrashVersion = wanted.version === 'a' ? 'b' : 'a';
      if (!isFoundBy(probeWord(index, wanted.version), stored.id))
        problems.push(`${facts.path}: search does not find it by ${probeWord(index, wanted.version)}`);
      if (isFoundBy(probeWord(index, other), stored.id))
        problems.push(`${facts.path}: search still finds it by the other version's ${probeWord(index, other)}`);
    }
    return { isOpened: true, storeProblems, noteProblems: problems, mentionProblems, atVersion };
  } catch (error) {
    // A store SQLite cannot read through (a malformed page) throws here rather than failing a check.
    return {
      isOpened: true,
      storeProblems: [`reading the store failed: ${(error as Error).message}`],
      noteProblems: [],
      mentionProblems: [],
      atVersion,
    };
  } finally {
    store.close();
  }
}
