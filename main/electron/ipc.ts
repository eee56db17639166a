import type { IpcMain, WebContents, WebFrameMain } from 'electron';
import type { ApiResponse } from '../api/contract.js';
import type { HandlerTable } from '../api/handler.js';
import { dispatch } from '../api/dispatch.js';
import type { EventHub } from '../api/events.js';
import { isAppUrl } from './app-protocol.js';

/** The one channel the renderer calls the API on (see preload.cts). */
export const CALL_CHANNEL = 'lattice:call';
/** The channel pushed events travel on, as `{ event, payload }`. */
export const EVENT_CHANNEL = 'lattice:event';

/** Decides whether an IPC message may reach the handler table. */
export type TrustedSenderCheck = (frame: WebFrameMain | null | undefined) => boolean;

/**
 * SECURITY: only the app's own top-level page may call the API: the frame
 * must still exist, be a main frame (an iframe, even one the CSP somehow let
 * in, is refused), and show an `app://lattice/` URL.
 */
export const isAppMainFrame: TrustedSenderCheck = (frame) => {
  if (!frame) return false;
  return frame.parent === null && isAppUrl(frame.url);
};

const refused = (message: string): ApiResponse<never> => ({ ok: false, error: { type: 'Invalid', message } });

const MAX_NAME_LENGTH = 100;

/** The `{ name, arg }` a call message must be; anything else is refused. */
export function parseCallMessage(message: unknown): { name: string; arg: unknown } | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const keys = Object.keys(message);
  if (keys.some((key) => key !== 'name' && key !== 'arg')) return undefined;
  const { name, arg } = message as { name?: unknown; arg?: unknown };
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) return undefined;
  return { name, arg };
}

/**
 * Serves the API on {@link CALL_CHANNEL}: checks who is asking and what the
 * message looks like, then hands it to the one handler table. No API logic
 * lives here. Returns a function that removes the handler.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  table: Partial<HandlerTable>,
  isTrustedSender: TrustedSenderCheck = isAppMainFrame,
): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, message: unknown) => {
    // SECURITY: the sender is checked before the message is even looked at.
    if (!isTrustedSender(event.senderFrame)) return refused('untrusted sender');
    const call = parseCallMessage(message);
    if (!call) return refused('a call is { name: string, arg }');
    return dispatch(table, call.name, call.arg);
  });
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/**
 * Forwards pushed events (import progress, menu commands) to the window's
 * page while it exists. Returns the unsubscribe function.
 */
export function forwardEvents(
  hub: Pick<EventHub, 'subscribe'>,
  target: () => Pick<WebContents, 'send' | 'isDestroyed'> | undefined,
): () => void {
  return hub.subscribe((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
  });
}
