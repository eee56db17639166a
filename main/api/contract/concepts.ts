/** Concepts: names, aliases, definitions, mentions, maps and paths (`concepts.*`). */

import { z } from 'zod';

export const conceptLinkType = z.enum(['leads-to', 'is-a', 'part-of', 'prerequisite-of', 'variant-of', 'contrasts-with', 'related']);
export type ConceptLinkType = z.infer<typeof conceptLinkType>;

/** A concept's name or alias as a person types it. */
export const conceptTerm = z.string().trim().min(1).max(200);

/** A concept by id, or by name or alias (case-insensitive). */
export const conceptRef = z.strictObject({ id: z.number().int().positive().optional(), name: conceptTerm.optional() });
export type ConceptRef = z.infer<typeof conceptRef>;

export interface ConceptSummary {
  id: number;
  name: string;
  aliases: string[];
  mentionCount: number;
  linkCount: number;
}

export interface ConceptMention {
  noteId: number;
  noteTitle: string;
  notePath: string;
  sectionOrd: number | null;
  sectionTitle: string | null;
  sectionSlug: string | null;
  kind: 'defines' | 'mentions';
  /**
   * The first occurrence in the note (UTF-16 offsets into its text
   * projection) and how often it occurs there — on the note's first entry
   * only; the other entries name further sections to jump to.
   */
  start: number | null;
  end: number | null;
  occurrences: number | null;
}

export interface ConceptLink {
  id: number;
  from: { id: number; name: string };
  to: { id: number; name: string };
  type: ConceptLinkType;
  label: string;
  source: 'note' | 'user';
  /** The note the link was derived from. */
  noteId: number | null;
}

export interface ConceptDetail {
  id: number;
  name: string;
  aliases: { alias: string; source: 'derived' | 'user' }[];
  definition: string;
  /** Where the definition comes from: a note's section, or null when the person wrote it (or there is none). */
  definitionSource: { noteId: number; sectionOrd: number | null } | null;
  isUserCreated: boolean;
  mentions: ConceptMention[];
  /** Underlines of this concept the person turned off, by note. */
  hiddenMentions: HiddenMention[];
  /** Links from this concept, by type. */
  outgoing: Partial<Record<ConceptLinkType, ConceptLink[]>>;
  /** Links to this concept, by type. */
  incoming: Partial<Record<ConceptLinkType, ConceptLink[]>>;
}

export interface ConceptPathStep {
  link: ConceptLink;
  /** forward: the link points along the path; backward: it points back against it. */
  direction: 'forward' | 'backward';
}

export interface ConceptPath {
  concepts: { id: number; name: string }[];
  steps: ConceptPathStep[];
  mermaid: string;
}

export interface ConceptOverviewGroup {
  /** The note the group's concepts belong to; null for concepts in no note. */
  noteId: number | null;
  noteTitle: string | null;
  notePath: string | null;
  /** In the order maps page through them: linked pieces together, largest first; concepts linked to none of the group last. */
  concepts: { id: number; name: string; linkCount: number }[];
}

export interface ConceptOverview {
  /** How many concepts the store holds, whatever `q` matched. */
  total: number;
  /** How many the groups hold. */
  matched: number;
  groups: ConceptOverviewGroup[];
}

export interface ConceptSubgraph {
  /** Empty when no two of the concepts are linked. */
  mermaid: string;
  /** The concepts on the map. */
  drawn: number[];
  /** The concepts left out because none of their links stays within the set. */
  unlinked: number[];
}

/** An underline the person turned off: the words, with some context either side, in one note. */
export interface HiddenMention {
  id: number;
  conceptId: number;
  noteId: number;
  noteTitle: string;
  exact: string;
  prefix: string;
  suffix: string;
  createdAt: string;
}

export interface ConceptOccurrence {
  conceptId: number;
  name: string;
  /** UTF-16 offsets into the note's text projection. */
  start: number;
  end: number;
}

/** The `concepts.*` calls. */
export interface ConceptsApi {
  /** Concepts by name, with aliases and how often they are mentioned and linked; `q` filters on name or alias. */
  'concepts.list': { args: { q?: string }; result: ConceptSummary[] };
  /** One concept: definition, aliases, where it is defined and mentioned, links grouped by type. */
  'concepts.get': { args: ConceptRef; result: ConceptDetail };
  /**
   * Mermaid source of a concept's neighbourhood (depth 1 or 2), the concept
   * marked with class `current`. At most 150 concepts, the nearest first;
   * `omitted` says how many further ones were left off the map.
   */
  'concepts.map': { args: ConceptRef & { depth?: 1 | 2 }; result: { mermaid: string; omitted: number } };
  /** The shortest chain of typed links between two concepts, walking links either way; NotFound when none. */
  'concepts.path': { args: { from: string | number; to: string | number }; result: ConceptPath };
  /** A concept the person makes; its name must not already name a concept. */
  'concepts.create': { args: { name: string; definition?: string; aliases?: string[] }; result: ConceptDetail };
  /** Renames a concept; the old name stays as an alias so notes keep finding it. */
  'concepts.rename': { args: ConceptRef & { newName: string }; result: ConceptDetail };
  /** Sets the person's own definition; notes no longer replace it. */
  'concepts.define': { args: ConceptRef & { definition: string }; result: ConceptDetail };
  /** Folds one concept into another: aliases, links and mentions move, the old name becomes an alias. */
  'concepts.merge': { args: { from: string | number; into: string | number }; result: ConceptDetail };
  'concepts.addAlias': { args: ConceptRef & { alias: string }; result: ConceptDetail };
  /** Removes an alias for good: re-importing notes does not bring it back. */
  'concepts.removeAlias': { args: ConceptRef & { alias: string }; result: ConceptDetail };
  /**
   * The whole graph for an overview: every concept (or those whose name or
   * alias contains `q`) grouped by the note it belongs to — where it is
   * defined, else the note it was first drawn in, else where it is mentioned
   * most. Concepts in no note form the last group.
   */
  'concepts.overview': { args: { q?: string }; result: ConceptOverview };
  /**
   * Mermaid source of a map of at most 150 chosen concepts and the links among
   * them (an overview group, a page of one). Concepts with no link among them
   * are left out of the map and returned apart, so a map stays a graph.
   */
  'concepts.subgraph': { args: { ids: number[]; currentId?: number }; result: ConceptSubgraph };
  /**
   * Where concept names and aliases occur in one note's text projection, for
   * linking them in the reader: the first occurrence of each concept in each
   * section, never inside a heading.
   */
  'concepts.inNote': { args: { noteId: number }; result: ConceptOccurrence[] };
  /**
   * Turns off one underline ("not this concept here"): the occurrence of the
   * concept at [start, end) of the note's text projection is no longer a
   * mention, in the reader or on the concept page, and stays off after
   * re-import (anchored to its words and their context, not to offsets).
   */
  'concepts.suppressMention': { args: { noteId: number; conceptId: number; start: number; end: number }; result: HiddenMention };
  /** Turns a suppressed underline back on. */
  'concepts.restoreMention': { args: { id: number }; result: { id: number; conceptId: number; noteId: number } };
}
