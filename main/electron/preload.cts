// The bridge between the page and the main process. It is CommonJS and one
// self-contained file on purpose: a sandboxed preload cannot be an ES module,
// and its `require` only knows 'electron' and a few Node built-ins — it cannot
// load a sibling file, so everything the bridge does is written here.
// preload.test.ts runs this file under exactly that restriction.
import type { ContextBridge, IpcRenderer, IpcRendererEvent } from 'electron';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the only import form a CommonJS preload has
import electron = require('electron');

// Keep in step with CALL_CHANNEL and EVENT_CHANNEL in ipc.ts (this file cannot import it).
const CALL_CHANNEL = 'lattice:call';
const EVENT_CHANNEL = 'lattice:event';

/** What the page sees as `window.lattice`. */
interface LatticeBridge {
  /** Calls one API entry; resolves to the `{ ok, data | error }` envelope. */
  call(name: string, arg?: unknown): Promise<unknown>;
  /** Listens to one pushed event; returns the function that stops listening. */
  on(event: string, callback: (payload: unknown) => void): () => void;
}

function isEventMessage(message: unknown): message is { event: unknown; payload: unknown } {
  return typeof message === 'object' && message !== null && 'event' in message;
}

/**
 * SECURITY: exposes exactly `call` and `on` to the page — never ipcRenderer,
 * never Node. Listeners receive the event's payload only: the raw
 * IpcRendererEvent (which carries `sender`, an ipcRenderer) never reaches the page.
 */
function exposeApi(
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>,
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): void {
  const bridge: LatticeBridge = {
    call: (name, arg) => ipcRenderer.invoke(CALL_CHANNEL, { name: String(name), arg }),
    on: (event, callback) => {
      if (typeof callback !== 'function') throw new TypeError('lattice.on needs a callback function');
      const listener = (_event: IpcRendererEvent, message: unknown): void => {
        if (isEventMessage(message) && message.event === event) callback(message.payload);
      };
      ipcRenderer.on(EVENT_CHANNEL, listener);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, listener);
      };
    },
  };
  contextBridge.exposeInMainWorld('lattice', bridge);
}

exposeApi(electron.contextBridge, electron.ipcRenderer);
