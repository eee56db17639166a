import type { WebContents } from 'electron';
import { isAppUrl } from './app-protocol.js';
import { log } from '../log/logger.js';

/** What the app asks of the system when a note links outside itself. */
export interface ExternalLinkDeps {
  /** Asks the person whether to open this URL in their browser. */
  confirmExternal(url: string): Promise<boolean>;
  /** Hands the URL to the system browser. */
  openExternal(url: string): Promise<void>;
}

/**
 * The URL to hand to the system browser, or undefined when it must never be
 * opened. SECURITY: only https:, and no credentials in the URL (a classic way
 * to disguise where a link goes). http:, file:, javascript:, data:, mailto:,
 * custom schemes — anything that could run a program or leak data — are refused.
 */
export function safeExternalUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // not a URL: refused, like any unsafe link
  }
  if (parsed.protocol !== 'https:' || !parsed.hostname || parsed.username || parsed.password) return undefined;
  return parsed.href;
}

/** Whether {@link safeExternalUrl} would let this URL out to the browser. */
export function isSafeExternalUrl(url: string): boolean {
  return safeExternalUrl(url) !== undefined;
}

/** Asks, then opens; errors (a dialog closed with the window, no browser) end quietly. */
async function offerExternal(url: string, deps: ExternalLinkDeps): Promise<void> {
  const safe = safeExternalUrl(url);
  if (!safe) return;
  try {
    if (await deps.confirmExternal(safe)) await deps.openExternal(safe);
  } catch (error) {
    // nothing to show the person: the link simply does not open
    log.debug('an external link did not open', { err: error });
  }
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * SECURITY: keeps a webContents on the app's own pages. Navigation and
 * redirects anywhere but `app://lattice/` are cancelled; windows are never
 * opened; `<webview>` is never attached. A person who clicks an https link in
 * a note is asked, then the link opens in their browser — the same for a
 * plain link (a navigation) and a `target="_blank"` one (a window.open).
 */
export function hardenWebContents(contents: HardenableContents, deps: ExternalLinkDeps): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    // Only a link the person followed in the page offers the browser.
    if (event.isMainFrame) void offerExternal(event.url, deps);
  });
  contents.on('will-frame-navigate', (event) => {
    // Subframes are also refused by the CSP (frame-src 'none'); this is the second lock.
    if (!event.isMainFrame && !isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    void offerExternal(url, deps);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
