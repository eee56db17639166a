import { MEDIA_HASH } from '../../db/repositories/media.js';
import type { MediaFile } from '../../db/repositories/media.js';

/** Reads a stored picture by hash (MediaRepository.getMedia). */
export type GetMedia = (hash: string) => Pick<MediaFile, 'mime' | 'bytes'> | undefined;

/** The pipeline's own `<img src="/media/<hash>"`: attribute values are escaped there, so note text cannot forge one. */
const MEDIA_IMG = /<img src="\/media\/([0-9a-f]{64})"/g;

/**
 * A self-contained file (the HTML export, and the PDF printed from it)
 * cannot reach the app's /media/ route: each stored picture becomes a data:
 * URI, once per picture however often it appears. A picture the store no
 * longer has loses its source and shows its alt text.
 */
export function inlineMedia(html: string, getMedia: GetMedia): string {
  const uris = new Map<string, string>();
  return html.replace(MEDIA_IMG, (_whole, hash: string) => {
    let uri = uris.get(hash);
    if (uri === undefined) {
      const file = MEDIA_HASH.test(hash) ? getMedia(hash) : undefined;
      uri = file ? `data:${file.mime};base64,${Buffer.from(file.bytes).toString('base64')}` : '';
      uris.set(hash, uri);
    }
    return uri ? `<img src="${uri}"` : '<img';
  });
}
