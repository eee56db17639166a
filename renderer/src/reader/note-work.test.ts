import { describe, expect, it } from 'vitest';
import { NoteWork, StaleNoteWork } from './note-work.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('NoteWork', () => {
  it('lets work for the note shown go on', async () => {
    const work = new NoteWork();
    expect(work.isCurrent).toBe(true);
    await expect(work.guard(Promise.resolve('svg'))).resolves.toBe('svg');
  });

  it('stops work still waiting when the note changes: what follows the await never runs', async () => {
    const work = new NoteWork();
    const placed: string[] = [];
    let finishDrawing: (svg: string) => void = () => undefined;
    const drawing = new Promise<string>((resolve) => (finishDrawing = resolve));
    const draw = (async () => {
      const svg = await work.guard(drawing);
      placed.push(svg);
    })();
    // The person opens another note while the diagram is still being drawn.
    work.cancel();
    finishDrawing('<svg/>');
    await expect(draw).rejects.toBeInstanceOf(StaleNoteWork);
    await tick();
    expect(placed).toEqual([]);
    expect(work.isCurrent).toBe(false);
  });

  it('belongs to one note: cancelling one leaves the next note’s work running', async () => {
    const previous = new NoteWork();
    const next = new NoteWork();
    previous.cancel();
    await expect(next.guard(Promise.resolve(1))).resolves.toBe(1);
    await expect(previous.guard(Promise.resolve(1))).rejects.toBeInstanceOf(StaleNoteWork);
  });
});
