import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { log } from '../log/logger.js';

/** Where and how big the window is; no x/y means "centre it". */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** What is remembered between launches. */
export interface WindowState {
  bounds: WindowBounds;
  isMaximized: boolean;
}

/** The file, in the userData folder, that remembers the window. */
export const WINDOW_STATE_FILE = 'window-state.json';

/** The smallest window the reader and its table of contents still fit in. */
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;

/** A first launch: a comfortable reading size, centred. */
export const DEFAULT_WINDOW_STATE: WindowState = { bounds: { width: 1280, height: 840 }, isMaximized: false };

// At least this much of the window must be on a display for it to count as
// visible there; otherwise it is re-centred (a monitor was unplugged).
const MIN_VISIBLE = { width: 160, height: 80 };

const isCoordinate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 100_000;
const isSize = (value: unknown): value is number => isCoordinate(value) && value > 0;

/** A state read from disk, or undefined when it is not one (hand-edited, truncated, from another version). */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bounds, isMaximized } = value as { bounds?: unknown; isMaximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return undefined;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isSize(width) || !isSize(height)) return undefined;
  const hasPosition = isCoordinate(x) && isCoordinate(y);
  return {
    bounds: {
      ...(hasPosition ? { x: Math.round(x), y: Math.round(y) } : {}),
      width: Math.round(width),
      height: Math.round(height),
    },
    isMaximized: isMaximized === true,
  };
}

function overlapArea(a: Rectangle, b: Rectangle): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(value, high));

function fitSize(bounds: WindowBounds, area: Rectangle): { width: number; height: number } {
  return {
    width: clamp(bounds.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width),
    height: clamp(bounds.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height),
  };
}

/**
 * Bounds that are visible: the window goes on the display it mostly overlaps,
 * no bigger than that display's work area and moved fully onto it; a window
 * that is (almost) off every display is re-centred on the primary one.
 *
 * @param workAreas the displays' work areas, the primary display first
 */
export function fitToDisplays(bounds: WindowBounds, workAreas: Rectangle[]): WindowBounds {
  const primary = workAreas[0];
  if (!primary) return { width: bounds.width, height: bounds.height };
  if (bounds.x === undefined || bounds.y === undefined) return fitSize(bounds, primary);
  const rect: Rectangle = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height };
  let best: { area: Rectangle; size: number } | undefined;
  for (const area of workAreas) {
    const overlap = overlapArea(rect, area);
    const visible = overlap.width >= Math.min(MIN_VISIBLE.width, rect.width) && overlap.height >= Math.min(MIN_VISIBLE.height, rect.height);
    const size = overlap.width * overlap.height;
    if (visible && (!best || size > best.size)) best = { area, size };
  }
  if (!best) return fitSize(bounds, primary);
  const { area } = best;
  const size = fitSize(bounds, area);
  return {
    x: clamp(bounds.x, area.x, area.x + area.width - size.width),
    y: clamp(bounds.y, area.y, area.y + area.height - size.height),
    ...size,
  };
}

/** The remembered state fitted to today's displays; the default when there is none or it is unreadable. */
export function readWindowState(file: string, workAreas: Rectangle[]): WindowState {
  let state = DEFAULT_WINDOW_STATE;
  try {
    state = parseWindowState(JSON.parse(readFileSync(file, 'utf8'))) ?? DEFAULT_WINDOW_STATE;
  } catch {
    // missing or corrupt: a window in the wrong place is not worth an error dialog
  }
  return { bounds: fitToDisplays(state.bounds, workAreas), isMaximized: state.isMaximized };
}

/** Saves the state; written to a temporary file and renamed, so a crash never leaves half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

type RememberedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized'>;

/** Saves the window's normal (un-maximized) bounds and maximized flag when it closes. */
export function rememberWindowState(window: RememberedWindow, file: string): void {
  window.on('close', () => {
    try {
      writeWindowState(file, { bounds: window.getNormalBounds(), isMaximized: window.isMaximized() });
    } catch (error) {
      // a read-only profile folder must not stop the window from closing
      log.debug('could not save the window’s place', { err: error });
    }
  });
}
