/** Typed links between concepts, made or changed by the person (`links.*`). */

import type { ConceptLink, ConceptLinkType } from './concepts.js';

/** The `links.*` calls. */
export interface LinksApi {
  /** A typed link the person makes between two concepts; derived links for that pair give way to it. */
  'links.create': { args: { from: string | number; to: string | number; type: ConceptLinkType; label?: string }; result: ConceptLink };
  /** Retypes or relabels a link; a link from a note becomes the person's and survives re-import. */
  'links.update': { args: { id: number; type: ConceptLinkType; label?: string }; result: ConceptLink };
  /** Deletes a link; one from a note stays deleted when the note is re-imported. */
  'links.delete': { args: { id: number }; result: { id: number } };
}
