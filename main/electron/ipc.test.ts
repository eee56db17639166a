import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { EventHub } from '../api/events.js';
import { openLattice } from '../app.js';
import type { Lattice } from '../app.js';
import { CALL_CHANNEL, EVENT_CHANNEL, forwardEvents, isAppMainFrame, parseCallMessage, registerIpc } from './ipc.js';

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** A hand-made ipcMain that keeps the handlers registered on it. */
function fakeIpcMain() {
  const handlers = new Map<string, InvokeHandler>();
  const ipcMain = {
    handle: (channel: string, handler: InvokeHandler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  /** Sends one message as the renderer would, from the given frame. */
  const invoke = async (frame: WebFrameMain | null, message: unknown) => {
    const handler = handlers.get(CALL_CHANNEL);
    if (!handler) throw new Error('no handler on lattice:call');
    return handler({ senderFrame: frame } as IpcMainInvokeEvent, message);
  };
  return { ipcMain: ipcMain as unknown as IpcMain, handlers, invoke };
}

function frame(url: string, isMain = true): WebFrameMain {
  const top = { url, parent: null } as unknown as WebFrameMain;
  return isMain ? top : ({ url, parent: top } as unknown as WebFrameMain);
}

let dir: string;
let lattice: Lattice;
let folderDialogs: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lattice-ipc-'));
  folderDialogs = 0;
  // The platform is the one thing Electron would supply; the store and handlers are real.
  const picked = join(dir, 'picked');
  mkdirSync(picked);
  writeFileSync(join(picked, 'kv.md'), '# KV Cache\n\n### 为什么要缓存 KV？\n\n避免重复计算。\n');
  const chooseFolder = async () => {
    folderDialogs += 1;
    return picked;
  };
  lattice = openLattice({ dataDir: join(dir, 'data'), withStarter: false, platform: { chooseFolder } });
});

afterEach(() => {
  lattice.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('registerIpc', () => {
  it('gives a trusted sender real data from the handler table', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpc(ipcMain, lattice.table);
    const response = await invoke(frame('app://lattice/index.html'), { name: 'stats.get', arg: {} });
    expect(response).toMatchObject({ ok: true, data: { dataDir: join(dir, 'data'), notes: 0, libraries: 0 } });
  });

  it('dispatches a real import and a real read', async () => {
    const notes = join(dir, 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'attention.md'), '# 注意力\n\nsoftmax(QK^T/√d_k)V\n');
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpc(ipcMain, lattice.table);
    const trusted = frame('app://lattice/index.html#/library');
    expect(await invoke(trusted, { name: 'library.import', arg: { paths: [notes] } })).toMatchObject({ ok: true, data: { added: 1 } });
    expect(await invoke(trusted, { name: 'notes.list', arg: {} })).toMatchObject({ ok: true, data: [{ title: '注意力' }] });
  });

  it.each([
    ['a foreign page', frame('https://evil.example/')],
    ['another app:// host', frame('app://evil/index.html')],
    ['a file:// page', frame('file:///home/person/index.html')],
    ['a subframe of the app', frame('app://lattice/index.html', false)],
    ['a frame that is gone', null],
  ])('refuses %s without dispatching', async (_label, sender) => {
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpc(ipcMain, lattice.table);
    const response = await invoke(sender, { name: 'library.importChosenFolder', arg: {} });
    expect(response).toEqual({ ok: false, error: { type: 'Invalid', message: 'untrusted sender' } });
    expect(folderDialogs).toBe(0);
  });

  it('dispatches the same call for the app itself', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpc(ipcMain, lattice.table);
    expect(await invoke(frame('app://lattice/index.html'), { name: 'library.importChosenFolder', arg: {} })).toMatchObject({
      ok: true,
      data: { added: 1 },
    });
    expect(folderDialogs).toBe(1);
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'stats.get'],
    ['an array', ['stats.get', {}]],
    ['no name', { arg: {} }],
    ['a numeric name', { name: 42, arg: {} }],
    ['an empty name', { name: '', arg: {} }],
    ['extra keys', { name: 'library.importChosenFolder', arg: {}, sender: 'main' }],
  ])('refuses a malformed message (%s) without dispatching', async (_label, message) => {
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpc(ipcMain, lattice.table);
    const response = await invoke(frame('app://lattice/index.html'), message);
    expect(response).toMatchObject({ ok: false, error: { type: 'Invalid' } });
    expect(folderDialogs).toBe(0);
  });

  it('passes bad arguments and unknown names to the table, which answers Invalid', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpc(ipcMain, lattice.table);
    const trusted = frame('app://lattice/index.html');
    expect(await invoke(trusted, { name: 'notes.get', arg: { id: 'one' } })).toMatchObject({ ok: false, error: { type: 'Invalid' } });
    expect(await invoke(trusted, { name: '__proto__', arg: {} })).toMatchObject({ ok: false, error: { type: 'Invalid' } });
  });

  it('uses one channel and can be removed', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const remove = registerIpc(ipcMain, lattice.table);
    expect([...handlers.keys()]).toEqual(['lattice:call']);
    remove();
    expect(handlers.size).toBe(0);
  });
});

describe('isAppMainFrame and parseCallMessage', () => {
  it('trusts only the app main frame', () => {
    expect(isAppMainFrame(frame('app://lattice/'))).toBe(true);
    expect(isAppMainFrame(frame('app://lattice/', false))).toBe(false);
    expect(isAppMainFrame(undefined)).toBe(false);
  });

  it('keeps a message without arg as a call with no argument', () => {
    expect(parseCallMessage({ name: 'stats.get' })).toEqual({ name: 'stats.get', arg: undefined });
  });
});

describe('forwardEvents', () => {
  it('sends pushed events to the window as { event, payload } while it exists', () => {
    const sent: unknown[][] = [];
    let isDestroyed = false;
    const contents = { send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => isDestroyed } as unknown as WebContents;
    const hub = new EventHub();
    forwardEvents(hub, () => contents);
    hub.emit('import.progress', { phase: 'importing', done: 1, total: 3 });
    hub.emit('app.command', { command: 'theme-dark' });
    isDestroyed = true;
    hub.emit('app.command', { command: 'about' });
    expect(sent).toEqual([
      [EVENT_CHANNEL, { event: 'import.progress', payload: { phase: 'importing', done: 1, total: 3 } }],
      [EVENT_CHANNEL, { event: 'app.command', payload: { command: 'theme-dark' } }],
    ]);
  });
});
