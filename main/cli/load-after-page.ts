/**
 * When the browser host loads the store. Loading compiles ~100 ms of code on
 * the host's one thread, and a page file being sent meanwhile stalls with it,
 * so the page goes first: the page and its scripts are sent, and the store
 * loads while the browser runs them — once scripts or styles have gone out
 * and no page file has been in flight for `quietMs`. With no page traffic at
 * all (a browser still starting, or --no-open) it loads after `unaskedMs`.
 * An API call that comes before either loads it at once through `get`.
 */

export interface LoadTiming {
  quietMs: number;
  unaskedMs: number;
}

export const LOAD_TIMING: LoadTiming = { quietMs: 30, unaskedMs: 250 };

export interface DeferredLoad<T> {
  /** The loaded value, loading it now if that has not begun. */
  get(): Promise<T>;
  /** Resolves once loading has begun, whatever began it. */
  readonly began: Promise<void>;
  /** Arms the fallback; call once the host is listening. */
  start(): void;
  /** For the host: a page file was asked for; call what it returns when the reply is over. */
  onPageRequest(path: string): () => void;
}

const isScriptOrStyle = (path: string): boolean => /\.(js|css)$/.test(path);

export function loadAfterPage<T>(load: () => Promise<T>, timing: LoadTiming = LOAD_TIMING): DeferredLoad<T> {
  let loading: Promise<T> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = 0;
  let hasSentScripts = false;
  let markBegun!: () => void;
  const began = new Promise<void>((resolve) => (markBegun = resolve));

  const get = (): Promise<T> => {
    clearTimeout(timer);
    markBegun();
    return (loading ??= load());
  };
  const loadIn = (ms: number): void => {
    if (loading) return;
    clearTimeout(timer);
    // A failure is reported to whoever awaits get(); the timer itself has no one to tell.
    timer = setTimeout(() => void get().catch(() => undefined), ms);
  };
  return {
    get,
    began,
    start: () => loadIn(timing.unaskedMs),
    onPageRequest: (path) => {
      inFlight += 1;
      if (!loading) clearTimeout(timer);
      return () => {
        inFlight -= 1;
        hasSentScripts ||= isScriptOrStyle(path);
        if (inFlight === 0) loadIn(hasSentScripts ? timing.quietMs : timing.unaskedMs);
      };
    },
  };
}
