import { describe, expect, it } from 'vitest';
import type { HandlerDetails, WebContents, WindowOpenHandlerResponse } from 'electron';
import { hardenWebContents, isSafeExternalUrl } from './navigation.js';

type Listener = (event: { url?: string; isMainFrame?: boolean; preventDefault(): void }) => void;

/** A hand-made webContents: it records what hardenWebContents registers. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;
  const contents = {
    on(name: string, listener: Listener) {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse) {
      openHandler = handler;
    },
  };
  /** Fires an event the way Electron does and says whether it was cancelled. */
  const fire = (name: string, url: string, isMainFrame = true): boolean => {
    let isPrevented = false;
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no ${name} listener`);
    listener({ url, isMainFrame, preventDefault: () => (isPrevented = true) });
    return isPrevented;
  };
  const open = (url: string) => openHandler?.({ url, frameName: '', features: '', disposition: 'foreground-tab' } as HandlerDetails);
  return { contents: contents as unknown as WebContents, fire, open };
}

/** A person who answers the confirmation with `answer`; records what was asked and opened. */
function person(answer: boolean) {
  const asked: string[] = [];
  const opened: string[] = [];
  return {
    asked,
    opened,
    deps: {
      confirmExternal: async (url: string) => {
        asked.push(url);
        return answer;
      },
      openExternal: async (url: string) => {
        opened.push(url);
      },
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('isSafeExternalUrl', () => {
  it('accepts https only', () => {
    expect(isSafeExternalUrl('https://arxiv.org/abs/1706.03762')).toBe(true);
    for (const url of [
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'mailto:a@b.c',
      'ftp://example.com/',
      'smb://server/share',
      'app://lattice/index.html',
      'https://user:pass@example.com/',
      'https://',
      'not a url',
      '',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('hardenWebContents', () => {
  it('allows navigation inside the app and prevents it anywhere else', async () => {
    const { contents, fire } = fakeContents();
    const { deps, opened } = person(false);
    hardenWebContents(contents, deps);
    expect(fire('will-navigate', 'app://lattice/index.html#/notes/3')).toBe(false);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://other/index.html')).toBe(true);
    expect(fire('will-redirect', 'app://lattice/index.html')).toBe(false);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    expect(fire('will-frame-navigate', 'app://lattice/index.html', false)).toBe(false);
    await settle();
    expect(opened).toEqual([]);
  });

  it('never attaches a <webview>', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents, person(true).deps);
    expect(fire('will-attach-webview', 'app://lattice/index.html')).toBe(true);
  });

  it('denies every window.open, whatever the URL', () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents, person(true).deps);
    for (const url of ['https://example.com/', 'http://example.com/', 'app://lattice/index.html', 'about:blank', 'javascript:alert(1)']) {
      expect(open(url), url).toEqual({ action: 'deny' });
    }
  });

  it('opens an https link in the browser only after the person confirms', async () => {
    const { contents, open } = fakeContents();
    const yes = person(true);
    hardenWebContents(contents, yes.deps);
    open('https://arxiv.org/abs/1706.03762');
    await settle();
    expect(yes.asked).toEqual(['https://arxiv.org/abs/1706.03762']);
    expect(yes.opened).toEqual(['https://arxiv.org/abs/1706.03762']);
  });

  it('does not open the link when the person declines', async () => {
    const { contents, open } = fakeContents();
    const no = person(false);
    hardenWebContents(contents, no.deps);
    open('https://arxiv.org/abs/1706.03762');
    await settle();
    expect(no.asked).toHaveLength(1);
    expect(no.opened).toEqual([]);
  });

  it('never asks about, nor opens, http:, javascript:, file: and other schemes', async () => {
    const { contents, open, fire } = fakeContents();
    const yes = person(true);
    hardenWebContents(contents, yes.deps);
    for (const url of [
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,x',
      'mailto:a@b.c',
      'vbscript:x',
    ]) {
      open(url);
      fire('will-navigate', url);
    }
    await settle();
    expect(yes.asked).toEqual([]);
    expect(yes.opened).toEqual([]);
  });

  it('offers the browser for a plain https link followed in the page, after confirmation', async () => {
    const { contents, fire } = fakeContents();
    const yes = person(true);
    hardenWebContents(contents, yes.deps);
    expect(fire('will-navigate', 'https://example.com/paper')).toBe(true);
    await settle();
    expect(yes.opened).toEqual(['https://example.com/paper']);
  });

  it('does not offer the browser for a redirect the person did not ask for', async () => {
    const { contents, fire } = fakeContents();
    const yes = person(true);
    hardenWebContents(contents, yes.deps);
    fire('will-redirect', 'https://example.com/');
    await settle();
    expect(yes.asked).toEqual([]);
  });

  it('survives a confirmation that fails', async () => {
    const { contents, open } = fakeContents();
    const opened: string[] = [];
    hardenWebContents(contents, {
      confirmExternal: () => Promise.reject(new Error('window closed')),
      openExternal: async (url) => void opened.push(url),
    });
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    await settle();
    expect(opened).toEqual([]);
  });
});
