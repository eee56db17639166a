import type { ConceptRepository } from '../../db/repositories/concepts.js';
import type { NameRequest } from './concept-names.js';
import { hasCjk, initialsOf, isAcronym } from './concept-names.js';
import { knownEquivalents } from './known-names.js';

/** Concept ids by the initials of their names of several words (MLM → Masked LM); -1 when several concepts share them. */
type InitialsIndex = Map<string, number>;
const AMBIGUOUS = -1;
/**
 * One index per repository, so an import (which keeps one repository for all
 * its notes) reads every term once, not once per note. It follows this
 * resolver's own writes; a hit is checked against the store.
 */
const indexes = new WeakMap<ConceptRepository, InitialsIndex>();

function note(index: InitialsIndex, id: number, term: string): void {
  for (const key of initialsOf(term)) {
    const known = index.get(key);
    index.set(key, known === undefined || known === id ? id : AMBIGUOUS);
  }
}

/**
 * Finds the concept a name names, or makes one, so that one thing is one
 * concept: a name matches a concept by its name or an alias (any case), by
 * initials (MLM and Masked LM, DP and Data Parallel, RM and Reward Model), by
 * the built-in table of known equivalents, and by singular and plural
 * (Shared Expert, Shared Experts). When the names written together (奖励模型
 * and RM) match two concepts that earlier notes made apart, they are merged
 * into one, unless both are the person's.
 */
export class ConceptResolver {
  /** Every concept this derivation named (re-derivation keeps these). */
  readonly touched = new Set<number>();
  private readonly index: InitialsIndex;
  /** Concepts merged away during this derivation, and where they went: ids a caller still holds are followed. */
  private readonly mergedInto = new Map<number, number>();

  constructor(
    private readonly repo: ConceptRepository,
    private readonly now: string,
  ) {
    let index = indexes.get(repo);
    if (!index) {
      index = new Map();
      for (const { conceptId, term } of repo.terms()) note(index, conceptId, term);
      indexes.set(repo, index);
    }
    this.index = index;
  }

  /** The concept a term names, if any. */
  find(term: string): number | undefined {
    const exact = this.repo.findByTerm(term);
    // A name the person took away from a concept is not found again by a looser match either.
    if (exact !== undefined || this.repo.isRemovedAlias(term)) return exact;
    if (!hasCjk(term) && term.length >= 4) {
      const other = term.endsWith('s') ? term.slice(0, -1) : `${term}s`;
      const plural = this.repo.findByTerm(other);
      if (plural !== undefined) return plural;
    }
    if (isAcronym(term)) {
      const id = this.index.get(term.toUpperCase());
      if (id !== undefined && id !== AMBIGUOUS && this.repo.get(id)) return id;
    }
    for (const initials of initialsOf(term)) {
      const id = isAcronym(initials) || initials.length >= 2 ? this.repo.findByTerm(initials) : undefined;
      if (id !== undefined) return id;
    }
    for (const equivalent of knownEquivalents(term)) {
      const id = this.repo.findByTerm(equivalent);
      if (id !== undefined) return id;
    }
    return undefined;
  }

  isKnown = (term: string): boolean => this.find(term) !== undefined;

  /**
   * The concept an id found earlier in this derivation stands for now: a
   * later name may have merged it into another (a diagram's `ALiBi` node,
   * then `损失函数 ALiBi` naming two concepts at once), and its row is gone.
   */
  current(id: number): number {
    let at = id;
    for (let next = this.mergedInto.get(at); next !== undefined; next = this.mergedInto.get(at)) at = next;
    return at;
  }

  /** The concept for a name and its aliases; created under `name` when none matches. Undefined when the person removed that name. */
  resolve(request: NameRequest): number | undefined {
    const { name, aliases } = request;
    if (!name || name.length > 120) return undefined;
    const found = [...new Set([name, ...aliases].map((t) => this.find(t)).filter((id): id is number => id !== undefined))];
    let id = found[0];
    if (id === undefined) {
      if (this.repo.isRemovedAlias(name)) return undefined;
      id = this.repo.create(name, false, this.now);
      note(this.index, id, name);
    }
    for (const other of found.slice(1)) id = this.merge(id, other);
    for (const term of [name, ...aliases]) this.alias(id, term);
    this.touched.add(id);
    return id;
  }

  /** Gives a known concept another of its names (never creates one). */
  alias(id: number, term: string): void {
    if (!term || this.repo.isRemovedAlias(term)) return;
    const target = this.current(id);
    if (this.repo.addAlias(target, term, 'derived')) note(this.index, target, term);
  }

  /** Two concepts found to be one: the derived one goes into the person's (or the later into the earlier). */
  private merge(kept: number, other: number): number {
    const isKeptPersons = this.repo.isPersons(kept);
    const isOtherPersons = this.repo.isPersons(other);
    if (isKeptPersons && isOtherPersons) return kept;
    const [from, into] = isOtherPersons ? [kept, other] : [other, kept];
    const old = this.repo.get(from);
    this.repo.merge(from, into, this.now, 'derived');
    this.mergedInto.set(from, into);
    for (const [key, value] of this.index) if (value === from) this.index.set(key, into);
    if (old) note(this.index, into, old.name);
    this.touched.delete(from);
    return into;
  }
}
