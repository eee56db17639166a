import type { MediaRepository } from '../../db/repositories/media.js';
import type { ResolvedImage } from '../markdown/local-images.js';

/**
 * A note's resolved image references as the pipeline's `env.images` wants
 * them. Every caller that renders a note's own Markdown (the reader, card
 * faces, sheet items) passes this, so a picture shows the same everywhere.
 */
export function noteImagesLookup(
  media: MediaRepository,
): (noteId: number | null | undefined) => ReadonlyMap<string, ResolvedImage> | undefined {
  return (noteId) => {
    if (noteId === null || noteId === undefined) return undefined;
    return new Map(media.noteImages(noteId).map((image) => [image.ref, { hash: image.hash, problem: image.problem }]));
  };
}
