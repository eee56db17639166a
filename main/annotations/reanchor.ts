import type { Database } from 'better-sqlite3';
import type { AnnotationAnchor, AnnotationRecord } from '../../db/repositories/annotations.js';
import { anchorAll } from './anchoring.js';
import type { AnchorTarget } from './selectors.js';
import { repositoriesOf } from '../../db/store-repositories.js';

/** The selectors of a stored annotation, in the anchoring engine's terms. */
export function targetOf(record: Pick<AnnotationRecord, 'quoteExact' | 'quotePrefix' | 'quoteSuffix' | 'start' | 'end'>): AnchorTarget {
  return {
    quote: { exact: record.quoteExact, prefix: record.quotePrefix, suffix: record.quoteSuffix },
    start: record.start,
    end: record.end,
  };
}

/** An anchoring engine result as stored selectors for note version `contentHash`. */
export function anchorFrom(target: AnchorTarget, contentHash: string): AnnotationAnchor {
  return {
    quoteExact: target.quote.exact,
    quotePrefix: target.quote.prefix,
    quoteSuffix: target.quote.suffix,
    start: target.start,
    end: target.end,
    contentHash,
  };
}

/**
 * Re-anchors every annotation of a note on its new text, inside the caller's
 * transaction (the import that changed the note), so a note and its
 * annotations never disagree. Orphans are tried again too: an edit may have
 * brought their text back. What cannot be placed with confidence becomes (or
 * stays) an orphan with its last good selectors.
 */
export function reanchorNote(
  db: Database,
  noteId: number,
  text: string,
  contentHash: string,
  now: string,
): { anchored: number; orphaned: number } {
  const repository = repositoriesOf(db).annotations;
  const records = repository.forNote(noteId);
  if (records.length === 0) return { anchored: 0, orphaned: 0 };
  const results = anchorAll(records.map(targetOf), text);
  let anchored = 0;
  let orphaned = 0;
  records.forEach((record, i) => {
    const result = results[i];
    if (result?.state === 'anchored') {
      repository.setAnchor(record.id, anchorFrom(result.target, contentHash), now);
      anchored++;
    } else {
      repository.markOrphan(record.id, now);
      orphaned++;
    }
  });
  return { anchored, orphaned };
}
