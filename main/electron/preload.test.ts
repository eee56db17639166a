import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc.js';

type Listener = (event: unknown, message: unknown) => void;

interface Bridge {
  call(name: string, arg?: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

const source = readFileSync(fileURLToPath(new URL('./preload.cts', import.meta.url)), 'utf8');
const compiled = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
}).outputText;

/**
 * Runs preload.cts the way a sandboxed renderer does: a fresh context whose
 * `require` knows only 'electron' — here, fakes of contextBridge and
 * ipcRenderer that record what the preload does with them.
 */
function loadPreload() {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { ok: true, data: 'from main' };
    },
    on(channel: string, listener: Listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const module = { exports: {} };
  runInNewContext(compiled, { require: sandboxRequire, module, exports: module.exports });
  /** Delivers one message on a channel as the main process would. */
  const push = (channel: string, message: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: ipcRenderer, senderId: 0 }, message);
  };
  return { exposed, invoked, listeners, required, push };
}

describe('the preload', () => {
  it('requires nothing but electron, as a sandboxed preload must', () => {
    expect(loadPreload().required).toEqual(['electron']);
  });

  it('exposes exactly window.lattice with call and on', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['lattice']);
    const bridge = exposed.get('lattice') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.on).toBe('function');
  });

  it('sends call(name, arg) on the one channel as { name, arg } and returns the answer', async () => {
    const { exposed, invoked } = loadPreload();
    const bridge = exposed.get('lattice') as Bridge;
    expect(await bridge.call('stats.get', {})).toEqual({ ok: true, data: 'from main' });
    expect(invoked).toEqual([[CALL_CHANNEL, { name: 'stats.get', arg: {} }]]);
  });

  it('delivers only the named event, only its payload, and unsubscribes', () => {
    const { exposed, push, listeners } = loadPreload();
    const bridge = exposed.get('lattice') as Bridge;
    const received: unknown[][] = [];
    const stop = bridge.on('import.progress', (...args: unknown[]) => void received.push(args));
    push(EVENT_CHANNEL, { event: 'import.progress', payload: { phase: 'importing', done: 1, total: 2 } });
    push(EVENT_CHANNEL, { event: 'app.command', payload: { command: 'about' } });
    push('lattice:event', 'garbage');
    push('lattice:event', null);
    expect(received).toEqual([[{ phase: 'importing', done: 1, total: 2 }]]);
    stop();
    expect(listeners.get('lattice:event')?.size).toBe(0);
    push('lattice:event', { event: 'import.progress', payload: { phase: 'done', done: 2, total: 2 } });
    expect(received).toHaveLength(1);
  });

  it('keeps separate subscriptions apart', () => {
    const { exposed, push } = loadPreload();
    const bridge = exposed.get('lattice') as Bridge;
    const commands: unknown[] = [];
    const progress: unknown[] = [];
    const stopCommands = bridge.on('app.command', (payload) => void commands.push(payload));
    bridge.on('import.progress', (payload) => void progress.push(payload));
    stopCommands();
    push('lattice:event', { event: 'app.command', payload: { command: 'about' } });
    push('lattice:event', { event: 'import.progress', payload: { phase: 'done', done: 0, total: 0 } });
    expect(commands).toEqual([]);
    expect(progress).toHaveLength(1);
  });

  it('refuses a callback that is not a function', () => {
    const bridge = loadPreload().exposed.get('lattice') as { on(event: string, callback: unknown): unknown };
    expect(() => bridge.on('app.command', 'alert(1)')).toThrow(/needs a callback function/);
  });
});
