import type { ApiArgs, ApiError, ApiEventName, ApiEvents, ApiName, ApiResponse, ApiResult } from '../../../main/api/contract.js';

/**
 * The renderer's one way to reach the main process. In the desktop app the
 * preload bridge carries calls over IPC; in a browser the same calls go to the
 * local host over HTTP with the per-launch token. Both return the same envelope.
 */

interface Bridge {
  call(name: string, arg: unknown): Promise<ApiResponse<unknown>>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    lattice?: Bridge;
  }
}

/** An API error as the renderer sees it; `type` says whether to retry, fix input or report. */
export class ApiCallError extends Error {
  readonly type: ApiError['type'];

  constructor(error: ApiError) {
    super(error.message);
    this.type = error.type;
  }
}

const TOKEN_KEY = 'lattice.token';

/**
 * SECURITY: the host prints `…/#token=…`; move the token into sessionStorage
 * and out of the address bar so it is not kept in history or shown.
 */
function takeTokenFromUrl(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export interface Client {
  readonly isDesktop: boolean;
  readonly hasToken: boolean;
  call<K extends ApiName>(name: K, args: ApiArgs<K>): Promise<ApiResult<K>>;
  on<E extends ApiEventName>(event: E, callback: (payload: ApiEvents[E]) => void): () => void;
  /** Calls `callback` once if the host refuses this tab's token (it is from an earlier launch). */
  onTokenRefused(callback: () => void): () => void;
}

function unwrap<T>(response: ApiResponse<unknown>): T {
  if (!response.ok) throw new ApiCallError(response.error);
  return response.data as T;
}

function desktopClient(bridge: Bridge): Client {
  return {
    isDesktop: true,
    hasToken: true,
    call: async (name, args) => unwrap(await bridge.call(name, args)),
    on: (event, callback) => bridge.on(event, (payload) => callback(payload as never)),
    onTokenRefused: () => () => undefined,
  };
}

type Listener = (payload: unknown) => void;

/** How long the event stream waits before trying again: longer each time the host stays away, at most 15 s. */
const retryDelay = (failures: number): number => Math.min(15_000, 1000 * 2 ** Math.max(0, failures - 1));

function browserClient(): Client {
  const token = takeTokenFromUrl();
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` };
  const listeners = new Map<string, Set<Listener>>();
  const refusedListeners = new Set<() => void>();
  let streaming = false;
  let isRefused = false;

  // A refused token never becomes good: the page says what to do, and nothing asks again.
  function refused(): void {
    if (isRefused) return;
    isRefused = true;
    for (const callback of refusedListeners) callback();
  }

  // Server-sent events read through fetch so the token travels in a header, not the URL.
  async function stream(): Promise<void> {
    for (let failures = 0; ;) {
      try {
        const response = await fetch('api/events', { headers });
        if (response.status === 401) return refused();
        if (!response.ok || !response.body) throw new Error(`event stream ${response.status}`);
        failures = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (event && data) for (const listener of listeners.get(event) ?? []) listener(JSON.parse(data));
          }
        }
      } catch {
        // the host restarted or the network blinked: try again shortly
      }
      failures++;
      await new Promise((resolve) => setTimeout(resolve, retryDelay(failures)));
    }
  }

  return {
    isDesktop: false,
    hasToken: Boolean(token),
    async call(name, args) {
      const response = await fetch(`api/${name}`, { method: 'POST', headers, body: JSON.stringify(args) });
      if (response.status === 401) refused();
      let envelope: ApiResponse<unknown>;
      try {
        envelope = (await response.json()) as ApiResponse<unknown>;
      } catch {
        envelope = { ok: false, error: { type: 'Internal', message: `the Lattice host answered ${response.status}` } };
      }
      return unwrap(envelope);
    },
    on(event, callback) {
      // Without a token the host refuses the stream; asking every second would only fill its log.
      if (!streaming && token && !isRefused) {
        streaming = true;
        void stream();
      }
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(callback as Listener);
      return () => set.delete(callback as Listener);
    },
    onTokenRefused(callback) {
      if (isRefused) callback();
      else refusedListeners.add(callback);
      return () => refusedListeners.delete(callback);
    },
  };
}

/**
 * Calls keep their order around a language change: the main process words
 * maps, sheets and menus in the language the renderer last told it, so a
 * call made after `settings.setLanguage` waits until that has landed.
 */
function inOrder(inner: Client): Client & { announce<K extends ApiName>(name: K, args: ApiArgs<K>): Promise<ApiResult<K>> } {
  let before: Promise<unknown> = Promise.resolve();
  return {
    isDesktop: inner.isDesktop,
    hasToken: inner.hasToken,
    on: inner.on,
    onTokenRefused: inner.onTokenRefused,
    async call(name, args) {
      await before;
      return inner.call(name, args);
    },
    announce(name, args) {
      const sent = inner.call(name, args);
      before = sent.catch(() => undefined);
      return sent;
    },
  };
}

export const client = inOrder(window.lattice ? desktopClient(window.lattice) : browserClient());
