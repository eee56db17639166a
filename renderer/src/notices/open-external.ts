import { client } from '../api/client.js';
import { isOpenableExternal } from '../reader/note-links.js';
import { preferences } from '../state/preferences.svelte.js';
import { notices } from './notices.svelte.js';

/**
 * SECURITY: https only, after the person agrees. In the desktop app the main
 * process asks again (its own dialog) and opens the system browser, so the page
 * does not ask twice; nothing opens inside Lattice.
 */
export async function openExternalLink(href: string): Promise<void> {
  if (!isOpenableExternal(href)) return;
  const isAgreed =
    client.isDesktop ||
    (await notices.ask(preferences.t('reader.openExternal', { url: href }), { confirmLabel: preferences.t('notice.open') }));
  if (isAgreed) window.open(href, '_blank', 'noopener,noreferrer');
}
