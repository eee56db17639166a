import type { ConceptLinkType } from '../../../main/api/contract.js';
import type { MessageKey } from '../i18n/messages.js';

/** The link types, in the order a person picks from them (the contract's union, spelled out for menus). */
export const LINK_TYPES = [
  'leads-to',
  'is-a',
  'part-of',
  'prerequisite-of',
  'variant-of',
  'contrasts-with',
  'related',
] as const satisfies readonly ConceptLinkType[];

/** Compile-time check that the list above names every type of the contract. */
type Missing = Exclude<ConceptLinkType, (typeof LINK_TYPES)[number]>;
const isComplete: Missing extends never ? true : never = true;
void isComplete;

/** How a link type reads from its source to its target ("leads to"). */
export const linkTypeKey = (type: ConceptLinkType): MessageKey => `concept.type.${type}`;
/** How it reads on a map's edge or a path's step, short and lower case ("leads to"); the main process labels map edges with the same words. */
export const edgeTypeKey = (type: ConceptLinkType): MessageKey => `concept.edge.${type}`;
/** How it reads back from the target ("comes after"). */
export const reverseTypeKey = (type: ConceptLinkType): MessageKey => `concept.typeBack.${type}`;
