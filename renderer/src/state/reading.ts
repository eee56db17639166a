import { readPersisted, writePersisted } from './persisted.js';

/** Where each note was left (scroll fraction) and which notes were read last. */

const POSITIONS = 'lattice.positions';
const RECENT = 'lattice.recent';
const MAX_RECENT = 8;

const isPositions = (v: unknown): v is Record<string, number> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIdList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

export function savedPosition(noteId: number): number {
  return readPersisted(POSITIONS, {}, isPositions)[String(noteId)] ?? 0;
}

export function savePosition(noteId: number, scrollTop: number): void {
  const positions = readPersisted(POSITIONS, {}, isPositions);
  positions[String(noteId)] = Math.max(0, Math.round(scrollTop));
  writePersisted(POSITIONS, positions);
}

export function recentNoteIds(): number[] {
  return readPersisted(RECENT, [], isIdList);
}

export function markRead(noteId: number): void {
  writePersisted(RECENT, [noteId, ...recentNoteIds().filter((id) => id !== noteId)].slice(0, MAX_RECENT));
}
