import { client } from '../api/client.js';
import { preferences } from '../state/preferences.svelte.js';
import { isOpenableExternal } from './note-links.js';

/**
 * Whether the person agrees to open `url` outside Lattice. In the desktop app
 * the main process asks with a native dialog when the page opens the link
 * (main/electron/navigation.ts), so the page does not ask twice; the browser
 * asks here. Kept to this one function so the shared message component can
 * take its place.
 */
export function confirmOpenExternal(url: string): boolean {
  return client.isDesktop || confirm(preferences.t('reader.openExternal', { url }));
}

/** SECURITY: https only, after the person agrees; nothing opens inside Lattice. */
export function openExternal(url: string): void {
  if (isOpenableExternal(url) && confirmOpenExternal(url)) window.open(url, '_blank', 'noopener,noreferrer');
}
