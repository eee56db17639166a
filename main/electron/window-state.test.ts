import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow, Rectangle } from 'electron';
import {
  DEFAULT_WINDOW_STATE,
  MIN_WINDOW_SIZE,
  fitToDisplays,
  parseWindowState,
  readWindowState,
  rememberWindowState,
  writeWindowState,
} from './window-state.js';

const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };
const monitorOnTheRight: Rectangle = { x: 1440, y: 0, width: 2560, height: 1415 };

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lattice-window-'));
  file = join(dir, 'window-state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('window state on disk', () => {
  it('round-trips bounds and the maximized flag', () => {
    writeWindowState(file, { bounds: { x: 100, y: 50, width: 1100, height: 700 }, isMaximized: true });
    expect(readWindowState(file, [laptop])).toEqual({ bounds: { x: 100, y: 50, width: 1100, height: 700 }, isMaximized: true });
  });

  it('starts centred at the default size when there is no file', () => {
    expect(readWindowState(join(dir, 'missing.json'), [laptop])).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('fits the default size to a small screen', () => {
    const small: Rectangle = { x: 0, y: 0, width: 1366, height: 728 };
    expect(readWindowState(join(dir, 'missing.json'), [small]).bounds).toEqual({ width: 1280, height: 728 });
  });

  it.each([
    '{ not json',
    '',
    'null',
    '[]',
    '{"bounds":{"width":"wide","height":700}}',
    '{"bounds":{"width":-5,"height":700}}',
    '{"isMaximized":true}',
  ])('ignores a corrupt file: %s', (text) => {
    writeFileSync(file, text);
    expect(readWindowState(file, [monitorOnTheRight]).bounds).toEqual(DEFAULT_WINDOW_STATE.bounds);
  });

  it('keeps the size but not a half-written position', () => {
    expect(parseWindowState({ bounds: { x: 'left', y: 10, width: 900, height: 600 }, isMaximized: 'yes' })).toEqual({
      bounds: { width: 900, height: 600 },
      isMaximized: false,
    });
  });

  it('saves the normal bounds when the window closes', () => {
    let onClose: (() => void) | undefined;
    const window = {
      on: (name: string, listener: () => void) => {
        if (name === 'close') onClose = listener;
      },
      getNormalBounds: () => ({ x: 30, y: 40, width: 1000, height: 720 }),
      isMaximized: () => true,
    } as unknown as BrowserWindow;
    rememberWindowState(window, file);
    onClose?.();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ bounds: { x: 30, y: 40, width: 1000, height: 720 }, isMaximized: true });
  });
});

describe('fitToDisplays', () => {
  it('keeps a window that is on a display', () => {
    expect(fitToDisplays({ x: 1600, y: 100, width: 1400, height: 900 }, [laptop, monitorOnTheRight])).toEqual({
      x: 1600,
      y: 100,
      width: 1400,
      height: 900,
    });
  });

  it('re-centres a window left on a monitor that was unplugged', () => {
    expect(fitToDisplays({ x: 1600, y: 100, width: 1400, height: 900 }, [laptop])).toEqual({ width: 1400, height: 875 });
  });

  it('re-centres a window far off screen', () => {
    expect(fitToDisplays({ x: -30000, y: -30000, width: 800, height: 600 }, [laptop])).toEqual({ width: 800, height: 600 });
  });

  it('pulls a window that hangs over an edge fully onto its display', () => {
    expect(fitToDisplays({ x: 1000, y: 600, width: 800, height: 600 }, [laptop])).toEqual({ x: 640, y: 275, width: 800, height: 600 });
  });

  it('shrinks a window bigger than its display', () => {
    expect(fitToDisplays({ x: 0, y: 0, width: 4000, height: 3000 }, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
  });

  it('never makes a window smaller than the minimum a display allows', () => {
    expect(fitToDisplays({ width: 200, height: 100 }, [laptop])).toEqual({ width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height });
  });

  it('re-centres when only a sliver is visible', () => {
    expect(fitToDisplays({ x: 1430, y: 0, width: 800, height: 600 }, [laptop])).toEqual({ width: 800, height: 600 });
  });
});
